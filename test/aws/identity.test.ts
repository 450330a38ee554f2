import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseCredentials } from '../../src/aws/credentials';
import { callerAccount, sdkDefaultRegion } from '../../src/aws/identity';
import { classifyTargetError } from '../../src/aws/target-health';
import { withEnv } from './env';

/**
 * Who the gateway is without being told: the region of the SDK's chain, and
 * what happens when the default credential chain finds nothing at all.
 */

let dir: string;
let configFile: string;

/** An environment in which the SDK's chain finds no region and no credentials anywhere. */
function bare(): Record<string, string | undefined> {
  return {
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    AWS_ROLE_ARN: undefined,
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    // No instance metadata service is reachable here; do not wait for one.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-'));
  configFile = join(dir, 'config');
  writeFileSync(configFile, '[default]\nregion = eu-central-1\n\n[profile ops]\nregion = ap-southeast-2\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the SDK chain's region", () => {
  it('is AWS_REGION first', async () => {
    await withEnv({ ...bare(), AWS_CONFIG_FILE: configFile, AWS_REGION: 'us-west-2' }, async () => {
      expect(await sdkDefaultRegion()).toBe('us-west-2');
    });
  });

  it("is the default profile's region without AWS_REGION, and the chosen profile's with AWS_PROFILE", async () => {
    await withEnv({ ...bare(), AWS_CONFIG_FILE: configFile }, async () => {
      expect(await sdkDefaultRegion()).toBe('eu-central-1');
    });
    await withEnv({ ...bare(), AWS_CONFIG_FILE: configFile, AWS_PROFILE: 'ops' }, async () => {
      expect(await sdkDefaultRegion()).toBe('ap-southeast-2');
    });
  });

  it('is undefined when neither says', async () => {
    await withEnv(bare(), async () => {
      expect(await sdkDefaultRegion()).toBeUndefined();
    });
  });
});

describe('no credentials at all', () => {
  it('is CREDENTIALS_MISSING, naming every link of the chain the SDK tried', async () => {
    await withEnv(bare(), async () => {
      const err = await callerAccount({
        credentials: baseCredentials(),
        region: 'us-east-1',
        // Never reached: the chain fails before any request is signed.
        endpoint: 'http://127.0.0.1:9',
        requestTimeoutMs: 2_000,
        maxAttempts: 1,
      }).catch((e: unknown) => e);
      expect((err as Error).name).toBe('CredentialsProviderError');
      const failure = classifyTargetError(err, { account: 'unknown', region: 'us-east-1' });
      expect(failure?.code).toBe('CREDENTIALS_MISSING');
      for (const link of ['AWS_ACCESS_KEY_ID', 'SSO', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'IMDS']) {
        expect(failure?.message).toContain(link);
      }
    });
  });
});

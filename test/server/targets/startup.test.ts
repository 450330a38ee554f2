import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../../src/server/config';
import { type RunningGateway, startGateway } from '../../../src/server/gateway';
import { ensureBuilt, startGatewayProcess } from '../../support/processes';
import { withEnv } from '../../aws/env';

/**
 * Start-up as a new user meets it: real AWS mode with no credentials at all
 * starts, says CREDENTIALS_MISSING naming the chain it tried, and is not
 * ready; production with no CODEPIPELINE_MODE does not start.
 */

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'startup-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** No credentials anywhere the SDK's default chain looks. */
function noCredentials(): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    AWS_ROLE_ARN: undefined,
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // Never reached: nothing is signed without credentials.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  };
}

describe('real AWS mode with no credentials at all', () => {
  let gateway: RunningGateway;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    await withEnv(noCredentials(), async () => {
      const logger = pino(
        { level: 'info' },
        {
          write: (chunk: string) => lines.push(JSON.parse(chunk) as Record<string, unknown>),
        },
      );
      gateway = await startGateway(
        parseConfig({ CODEPIPELINE_MODE: 'aws', AWS_REGION: 'us-east-1', PORT: '0', HOST: '127.0.0.1' }),
        { logger },
      );
    });
  });

  afterAll(async () => {
    await gateway.close();
  });

  it('starts, and logs CREDENTIALS_MISSING naming the chain it tried', () => {
    const missing = lines.find((line) => line.code === 'CREDENTIALS_MISSING');
    expect(missing).toBeDefined();
    expect(missing?.msg).toMatch(
      /has no credentials: the default chain tried environment \(AWS_ACCESS_KEY_ID/,
    );
    expect(missing?.msg).toMatch(/web identity .*instance metadata \(IMDS\)/);
  });

  it('answers /readyz with 503 and the cause', async () => {
    const res = await fetch(gateway.url.replace('/graphql', '/readyz'));
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      status: string;
      checks: { upstream: { error: string } };
      targets: { status: string }[];
    };
    expect(body.status).toBe('unready');
    expect(body.checks.upstream.error).toBe('CREDENTIALS_MISSING');
    expect(body.targets.map((t) => t.status)).toEqual(['CREDENTIALS_MISSING']);
  });

  it('answers a query with CREDENTIALS_MISSING, not INTERNAL', async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ pipelines { edges { node { name } } } }' }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['CREDENTIALS_MISSING']);
  });
});

describe('production without CODEPIPELINE_MODE', () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 300_000);

  it('exits non-zero with a message naming the variable', async () => {
    const started = startGatewayProcess({ NODE_ENV: 'production', AUTH_MODE: 'none', CODEPIPELINE_MODE: '' });
    await expect(started).rejects.toThrow(
      /exited \(code 1[^)]*\) before serving:[\s\S]*CODEPIPELINE_MODE must be set in production/,
    );
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  expandTargets,
  parseTargetsFile,
  readTargetsFile,
  TargetsFileError,
} from '../../src/aws/targets-file';

const ISSUE_EXAMPLE = `
targets:
  - account: "111111111111"
    alias: prod
    regions: [us-east-1, eu-west-1]
    roleArn: arn:aws:iam::111111111111:role/pipeline-gateway-read
    externalId: optional
  - account: "222222222222"
    alias: staging
    regions: [us-east-1]
    roleArn: arn:aws:iam::222222222222:role/pipeline-gateway-read
`;

/** The error a bad file raises, for its fields. */
function faultOf(text: string, file = 'targets.yaml'): TargetsFileError {
  try {
    parseTargetsFile(text, file);
  } catch (err) {
    if (err instanceof TargetsFileError) return err;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('the targets file', () => {
  it("reads the issue's YAML example and expands it to one target per account and region", () => {
    const targets = expandTargets(parseTargetsFile(ISSUE_EXAMPLE, '/etc/gateway/targets.yaml'));
    expect(targets).toEqual([
      {
        account: '111111111111',
        region: 'us-east-1',
        alias: 'prod',
        roleArn: 'arn:aws:iam::111111111111:role/pipeline-gateway-read',
        externalId: 'optional',
      },
      {
        account: '111111111111',
        region: 'eu-west-1',
        alias: 'prod',
        roleArn: 'arn:aws:iam::111111111111:role/pipeline-gateway-read',
        externalId: 'optional',
      },
      {
        account: '222222222222',
        region: 'us-east-1',
        alias: 'staging',
        roleArn: 'arn:aws:iam::222222222222:role/pipeline-gateway-read',
      },
    ]);
  });

  it('reads the same shape from JSON, and allows an entry without a role or alias', () => {
    const json = JSON.stringify({ targets: [{ account: '333333333333', regions: ['ap-southeast-2'] }] });
    expect(expandTargets(parseTargetsFile(json, 'targets.json'))).toEqual([
      { account: '333333333333', region: 'ap-southeast-2' },
    ]);
  });

  it('reads a file from disk and names it when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'targets-'));
    try {
      const file = join(dir, 'targets.yml');
      writeFileSync(file, ISSUE_EXAMPLE);
      expect(readTargetsFile(file)).toHaveLength(2);
      expect(() => readTargetsFile(join(dir, 'missing.yml'))).toThrow(
        `${join(dir, 'missing.yml')}: cannot be read (ENOENT)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['account: "12345"', 'account', /account must be 12 digits, got "12345"/],
    ['account: 111111111111', 'account', /must be a quoted string of 12 digits, got the number 111111111111/],
    ['regions: []', 'regions', /regions must be a non-empty list/],
    ['regions: [us-east-1, mars]', 'regions[1]', /regions\[1\] is not a region name: "mars"/],
    ['regions: [us-east-1, us-east-1]', 'regions[1]', /repeats "us-east-1"/],
    ['roleArn: pipeline-gateway-read', 'roleArn', /roleArn must be an IAM role ARN/],
    [
      'roleArn: arn:aws:iam::999999999999:role/x',
      'roleArn',
      /is in account 999999999999, not the entry's account/,
    ],
    ['alias: "has space"', 'alias', /alias must be 1-63 letters/],
    ['region: us-east-1', 'region', /region is not a known field/],
  ])('refuses %s, naming the file, the entry and the field %s', (line, field, message) => {
    const base: Record<string, string> = {
      account: 'account: "222222222222"',
      alias: 'alias: staging',
      regions: 'regions: [us-east-1]',
      roleArn: 'roleArn: arn:aws:iam::222222222222:role/read',
    };
    const key = line.split(':')[0] ?? '';
    const fields = { ...base, [key]: line };
    const text = `targets:\n  - account: "111111111111"\n    regions: [us-east-1]\n  - ${Object.values(fields).join('\n    ')}\n`;
    const fault = faultOf(text, '/etc/gateway/targets.yaml');
    expect(fault.file).toBe('/etc/gateway/targets.yaml');
    expect(fault.field).toBe(field);
    expect(fault.message).toMatch(
      /^\/etc\/gateway\/targets\.yaml: targets\[1\] \(alias [^,]+, account [^)]+\): /,
    );
    expect(fault.message).toMatch(message);
  });

  it('never echoes an external id, which the role trust treats as a shared secret', () => {
    const fault = faultOf(
      'targets:\n  - account: "111111111111"\n    regions: [us-east-1]\n' +
        '    roleArn: arn:aws:iam::111111111111:role/r\n    externalId: "s3cret value!"\n',
    );
    expect(fault.field).toBe('externalId');
    expect(fault.message).not.toContain('s3cret');
  });

  it('refuses an external id without a role to send it with', () => {
    const fault = faultOf(
      'targets:\n  - account: "111111111111"\n    regions: [us-east-1]\n    externalId: abc\n',
    );
    expect(fault.message).toMatch(/externalId needs a roleArn/);
  });

  it('refuses an account listed twice, or an alias used twice, naming the earlier entry', () => {
    const twice = faultOf(
      'targets:\n  - account: "111111111111"\n    regions: [us-east-1]\n' +
        '  - account: "111111111111"\n    regions: [eu-west-1]\n',
    );
    expect(twice.message).toMatch(/targets\[1\] \(account 111111111111\): account repeats targets\[0\]/);
    const alias = faultOf(
      'targets:\n  - account: "111111111111"\n    alias: prod\n    regions: [us-east-1]\n' +
        '  - account: "222222222222"\n    alias: prod\n    regions: [eu-west-1]\n',
    );
    expect(alias.field).toBe('alias');
    expect(alias.message).toMatch(/alias repeats targets\[0\]/);
  });

  it.each([
    ['targets: [', 'targets.yaml', /targets\.yaml: is not valid YAML/],
    ['{"targets": ', 'targets.json', /targets\.json: is not valid JSON/],
    ['accounts: []', 'targets.yaml', /must hold a `targets` list/],
    ['targets: []', 'targets.yaml', /`targets` is empty/],
    ['targets: ["111111111111"]', 'targets.yaml', /targets\[0\]: entry must be a mapping/],
  ])('refuses the malformed %j', (text, file, message) => {
    expect(faultOf(text, file).message).toMatch(message);
  });
});

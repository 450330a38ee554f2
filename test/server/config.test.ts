import { ConfigError, parseConfig } from '../../src/server/config';

describe('the gateway configuration', () => {
  it('defaults to the embedded emulator on port 4000', () => {
    const config = parseConfig({});
    expect(config.port).toBe(4000);
    expect(config.upstream).toEqual({ kind: 'emulator', seed: 'demo', clockSpeed: 1 });
    expect(config.region).toBe('us-east-1');
  });

  it('uses an explicit endpoint when CODEPIPELINE_ENDPOINT is set', () => {
    const config = parseConfig({ CODEPIPELINE_ENDPOINT: 'http://emulator:4599/' });
    expect(config.upstream).toEqual({ kind: 'endpoint', endpoint: 'http://emulator:4599' });
  });

  it('uses real AWS with CODEPIPELINE_MODE=aws, which needs the account id', () => {
    expect(() => parseConfig({ CODEPIPELINE_MODE: 'aws' })).toThrow(/AWS_ACCOUNT_ID/);
    const config = parseConfig({
      CODEPIPELINE_MODE: 'aws',
      AWS_ACCOUNT_ID: '111122223333',
      AWS_REGION: 'eu-west-1',
    });
    expect(config.upstream).toEqual({ kind: 'aws' });
    expect(config.region).toBe('eu-west-1');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ CODEPIPELINE_MODE: 'cloud' }, 'CODEPIPELINE_MODE'],
    [{ CODEPIPELINE_ENDPOINT: 'ftp://x' }, 'CODEPIPELINE_ENDPOINT'],
    [{ CODEPIPELINE_MODE: 'endpoint' }, 'CODEPIPELINE_ENDPOINT'],
    [{ AWS_REGION: 'mars' }, 'AWS_REGION'],
    [{ AWS_MAX_ATTEMPTS: '0' }, 'AWS_MAX_ATTEMPTS'],
    [{ EMULATOR_SEED: 'lots' }, 'EMULATOR_SEED'],
    [{ EMULATOR_CLOCK_SPEED: '-1' }, 'EMULATOR_CLOCK_SPEED'],
  ])('fails fast on %j, naming %s', (env, variable) => {
    let caught: unknown;
    try {
      parseConfig(env);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toContain(variable);
  });
});

import { parseScope, scopeCovers, scopesForTarget } from '../../../src/schema/auth/principal';

const PROD = { accountId: '111111111111', region: 'us-east-1' };
const STAGING = { accountId: '222222222222', region: 'eu-west-1' };

describe('scopes written account/region/pipeline-glob', () => {
  it('reads a bare glob as every target, and three parts as one target (or a glob of them)', () => {
    expect(parseScope('payments-*')).toEqual({ account: '*', region: '*', pipeline: 'payments-*' });
    expect(parseScope('111111111111/us-*/web')).toEqual({
      account: '111111111111',
      region: 'us-*',
      pipeline: 'web',
    });
    expect(parseScope('a/b')).toBeUndefined();
    expect(parseScope('a//c')).toBeUndefined();
  });

  it('covers a pipeline only in the targets its account and region parts match', () => {
    expect(scopeCovers('payments-*', STAGING, 'payments-api')).toBe(true);
    expect(scopeCovers('111111111111/*/payments-*', PROD, 'payments-api')).toBe(true);
    expect(scopeCovers('111111111111/*/payments-*', STAGING, 'payments-api')).toBe(false);
    expect(scopeCovers('*/eu-*/payments-*', STAGING, 'payments-api')).toBe(true);
    expect(scopeCovers('*/eu-*/payments-*', PROD, 'payments-api')).toBe(false);
    expect(scopeCovers('*/*/payments-*', PROD, 'web')).toBe(false);
  });

  it('keeps, for one target, the pipeline globs of the scopes that apply to it', () => {
    expect(scopesForTarget(['web', '111111111111/us-east-1/api-*', '222222222222/*/*'], PROD)).toEqual([
      'web',
      'api-*',
    ]);
    expect(scopesForTarget(['111111111111/us-east-1/api-*'], STAGING)).toEqual([]);
  });
});

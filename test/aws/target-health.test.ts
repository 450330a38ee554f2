import { classifyTargetError, describeTarget, TargetHealthBoard } from '../../src/aws/target-health';

const PROD = { account: '111111111111', region: 'eu-west-1', alias: 'prod' };

describe("a target's failure", () => {
  it('is named by alias, account and region, or by account and region alone', () => {
    expect(describeTarget(PROD)).toBe('prod (111111111111/eu-west-1)');
    expect(describeTarget({ account: '111111111111', region: 'eu-west-1' })).toBe('111111111111/eu-west-1');
  });

  it.each([
    ['CredentialsProviderError', 'CREDENTIALS_MISSING'],
    ['AccessDeniedException', 'ACCESS_DENIED'],
    ['UnrecognizedClientException', 'ACCESS_DENIED'],
    ['ExpiredTokenException', 'ACCESS_DENIED'],
    ['InternalFailure', 'UPSTREAM_UNAVAILABLE'],
    ['TimeoutError', 'UPSTREAM_UNAVAILABLE'],
  ])('takes the whole target out on %s, as %s', (name, code) => {
    const fault = name === 'InternalFailure' ? { $fault: 'server' as const } : {};
    expect(classifyTargetError({ name, ...fault }, PROD)?.code).toBe(code);
  });

  it.each(['PipelineNotFoundException', 'ThrottlingException', 'ValidationException'])(
    'leaves the target in on %s, which proves it answered',
    (name) => {
      expect(classifyTargetError({ name, $metadata: { httpStatusCode: 400 } }, PROD)).toBeUndefined();
    },
  );

  it('says a refused role cannot be assumed, and a refused identity that its credentials were refused', () => {
    const role = 'arn:aws:iam::111111111111:role/reader';
    expect(classifyTargetError({ name: 'AccessDenied' }, { ...PROD, roleArn: role })?.message).toBe(
      `Target prod (111111111111/eu-west-1): role ${role} cannot be assumed (STS answered AccessDenied).`,
    );
    expect(classifyTargetError({ name: 'AccessDeniedException' }, PROD)?.message).toBe(
      'Target prod (111111111111/eu-west-1): its credentials were refused (AccessDeniedException).',
    );
  });
});

describe('the health board', () => {
  it('knows nothing of a target before a report, and keeps the last error after a recovery', () => {
    const board = new TargetHealthBoard(() => Date.parse('2026-12-06T15:00:00Z'));
    const key = '111111111111:eu-west-1';
    expect(board.get(key)).toEqual({ status: 'UNCHECKED' });
    const failure = classifyTargetError({ name: 'AccessDeniedException' }, PROD);
    if (!failure) throw new Error('expected a failure');
    expect(board.reportFailure(key, failure)).toBe(true);
    expect(board.reportFailure(key, failure)).toBe(false);
    expect(board.failureOf(key)).toBe(failure);
    expect(board.reportOk(key)).toBe(true);
    expect(board.failureOf(key)).toBeUndefined();
    expect(board.get(key)).toEqual({
      status: 'OK',
      lastError: failure,
      checkedAt: '2026-12-06T15:00:00.000Z',
    });
  });
});

import { type Credentials } from '../../src/aws/credentials';
import { toGraphQLError } from '../../src/schema/errors/graphql-errors';
import { targetCredentials } from '../../src/aws/target-credentials';
import { TargetHealthBoard } from '../../src/aws/target-health';

const SANDBOX = {
  account: '333333333333',
  region: 'us-east-1',
  alias: 'sandbox',
  roleArn: 'arn:aws:iam::333333333333:role/denied-reader',
};
const KEY = '333333333333:us-east-1';

/** A role STS refuses, counting how often it was asked, until `allow()` is called. */
function refusedRole(): { provider: () => Promise<Credentials>; asked: () => number; allow: () => void } {
  let asked = 0;
  let allowed = false;
  return {
    provider: () => {
      asked += 1;
      if (allowed) return Promise.resolve({ accessKeyId: 'ASIAOK', secretAccessKey: 's' });
      const err = Object.assign(
        new Error(
          'User: arn:aws:iam::999988887777:user/gateway is not authorized to perform: sts:AssumeRole',
        ),
        { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
      );
      return Promise.reject(err);
    },
    asked: () => asked,
    allow: () => {
      allowed = true;
    },
  };
}

describe("a target's credentials", () => {
  it('put a refusal on the board and answer from it until it is time to ask again', async () => {
    let clock = 0;
    const board = new TargetHealthBoard(() => clock);
    const role = refusedRole();
    const credentials = targetCredentials(role.provider, {
      key: KEY,
      target: SANDBOX,
      board,
      retryAfterMs: 30_000,
      now: () => clock,
    });
    await expect(credentials()).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(board.get(KEY).status).toBe('ACCESS_DENIED');
    clock = 10_000;
    await Promise.all([credentials(), credentials(), credentials()].map((p) => p.catch(() => undefined)));
    expect(role.asked()).toBe(1);
    role.allow();
    clock = 31_000;
    expect((await credentials()).accessKeyId).toBe('ASIAOK');
    expect(role.asked()).toBe(2);
    expect(board.get(KEY).status).toBe('OK');
  });

  it('reach a client as ACCESS_DENIED naming the target and role, never with STS text', async () => {
    const credentials = targetCredentials(refusedRole().provider, {
      key: KEY,
      target: SANDBOX,
      board: new TargetHealthBoard(),
    });
    const err = toGraphQLError(await credentials().catch((e: unknown) => e));
    expect(err.extensions.code).toBe('ACCESS_DENIED');
    expect(err.message).toBe(
      `Target sandbox (333333333333/us-east-1): role ${SANDBOX.roleArn} cannot be assumed (STS answered AccessDenied).`,
    );
    expect(err.message).not.toContain('999988887777');
  });
});

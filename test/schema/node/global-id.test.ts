import { fromGlobalId, toGlobalId } from '../../../src/schema/node/global-id';

const TARGET = { accountId: '111122223333', region: 'eu-west-1' };

describe('global IDs', () => {
  it('carry the type, the target and the resource key', () => {
    const id = toGlobalId('PipelineExecution', TARGET, 'web', 'abc-123');
    expect(fromGlobalId(id)).toEqual({
      type: 'PipelineExecution',
      accountId: '111122223333',
      region: 'eu-west-1',
      key: ['web', 'abc-123'],
    });
  });

  it('differ between accounts for the same pipeline name', () => {
    expect(toGlobalId('Pipeline', TARGET, 'web')).not.toBe(
      toGlobalId('Pipeline', { ...TARGET, accountId: '999988887777' }, 'web'),
    );
  });

  it.each([
    '',
    'not-base64!',
    Buffer.from('["Robot","a","b","c"]').toString('base64url'),
    Buffer.from('{}').toString('base64url'),
  ])('reject %j with BAD_USER_INPUT', (id) => {
    expect(() => fromGlobalId(id)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });
});

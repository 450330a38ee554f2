import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../src/schema/errors/error-codes';
import {
  badUserInput,
  codeForUpstreamError,
  toGraphQLError,
} from '../../../src/schema/errors/graphql-errors';

describe('the one error mapping', () => {
  it.each([
    ['PipelineNotFoundException', ErrorCode.NOT_FOUND],
    ['ValidationException', ErrorCode.BAD_USER_INPUT],
    ['ConcurrentModificationException', ErrorCode.CONFLICT],
    ['NotLatestPipelineExecutionException', ErrorCode.CONFLICT],
    ['ConflictException', ErrorCode.CONFLICT],
    ['StageNotRetryableException', ErrorCode.PRECONDITION_FAILED],
    ['PipelineExecutionNotStoppableException', ErrorCode.PRECONDITION_FAILED],
    ['ApprovalAlreadyCompletedException', ErrorCode.PRECONDITION_FAILED],
    ['LimitExceededException', ErrorCode.LIMIT_EXCEEDED],
    ['ThrottlingException', ErrorCode.THROTTLED],
  ])('maps %s to %s', (name, code) => {
    expect(codeForUpstreamError({ name, $metadata: { httpStatusCode: 400 } })).toBe(code);
  });

  it('treats 5xx and network failures as the upstream being unavailable', () => {
    expect(
      codeForUpstreamError({ name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } }),
    ).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(codeForUpstreamError({ name: 'Error', code: 'ECONNREFUSED' })).toBe(
      ErrorCode.UPSTREAM_UNAVAILABLE,
    );
    expect(codeForUpstreamError({ name: 'TimeoutError' })).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
  });

  it('carries the AWS error name and request id in extensions', () => {
    const err = toGraphQLError({
      name: 'PipelineNotFoundException',
      message: 'no such pipeline',
      $metadata: { requestId: 'req-1', httpStatusCode: 400 },
    });
    expect(err.message).toBe('no such pipeline');
    expect(err.extensions).toEqual({
      code: 'NOT_FOUND',
      awsErrorName: 'PipelineNotFoundException',
      awsRequestId: 'req-1',
    });
  });

  it('hides the message of anything it does not recognise', () => {
    const err = toGraphQLError(new TypeError('cannot read x of undefined at /srv/secret/path.ts:12'));
    expect(err.message).toBe('Unexpected error.');
    expect(err.extensions.code).toBe('INTERNAL');
  });

  it('passes deliberate GraphQL errors through unchanged', () => {
    const original = badUserInput('bad', 'name');
    expect(toGraphQLError(original)).toBe(original);
    expect(original).toBeInstanceOf(GraphQLError);
    expect(original.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
  });
});

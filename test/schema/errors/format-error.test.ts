import { GraphQLError } from 'graphql';
import { formatError } from '../../../src/schema/errors/format-error';

const located = (original: Error) =>
  new GraphQLError(original.message, { path: ['pipeline'], originalError: original });

describe('the one formatError', () => {
  it('answers an unexpected error with INTERNAL and no message or stack', () => {
    const error = located(new TypeError("Cannot read properties of undefined (reading 'x')"));
    const out = formatError(
      { ...error.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['TypeError: ...'] } },
      error,
      { exposeErrors: false },
    );
    expect(out).toEqual({
      message: 'Unexpected error.',
      path: ['pipeline'],
      extensions: { code: 'INTERNAL' },
    });
  });

  it('keeps the message and stack of an unexpected error only with EXPOSE_ERRORS', () => {
    const error = located(new TypeError('boom'));
    const out = formatError({ ...error.toJSON(), extensions: { stacktrace: ['TypeError: boom'] } }, error, {
      exposeErrors: true,
    });
    expect(out).toMatchObject({
      message: 'boom',
      extensions: { code: 'INTERNAL', stacktrace: ['TypeError: boom'] },
    });
  });

  it('keeps a deliberate error as it is, without a stack', () => {
    const error = new GraphQLError('No pipeline named x', { extensions: { code: 'NOT_FOUND' } });
    const out = formatError(
      { ...error.toJSON(), extensions: { code: 'NOT_FOUND', stacktrace: ['...'] } },
      error,
      {
        exposeErrors: false,
      },
    );
    expect(out).toEqual({ message: 'No pipeline named x', extensions: { code: 'NOT_FOUND' } });
  });

  it('maps an AWS error that reached it unmapped', () => {
    const aws = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { requestId: 'r-1' },
    });
    const error = located(aws);
    const out = formatError(error.toJSON(), error, { exposeErrors: false });
    expect(out).toMatchObject({
      message: 'Rate exceeded',
      extensions: { code: 'THROTTLED', awsErrorName: 'ThrottlingException', awsRequestId: 'r-1' },
    });
  });
});

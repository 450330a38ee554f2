import { parseConfig } from '../../../src/server/config';

describe('EXECUTOR', () => {
  it('defaults to the compiled executor', () => {
    expect(parseConfig({}).executor).toBe('jit');
  });

  it('takes graphql-js, the way back to Apollo executing on its own', () => {
    expect(parseConfig({ EXECUTOR: 'graphql-js' }).executor).toBe('graphql-js');
  });

  it('refuses any other value at start-up, naming the variable', () => {
    expect(() => parseConfig({ EXECUTOR: 'fast' })).toThrow(
      /EXECUTOR must be one of jit, graphql-js, got "fast"/,
    );
  });
});

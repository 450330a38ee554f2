import { CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';

/**
 * Issue 10, defect 5 (the graph's part): what the gateway says must read
 * right and mean what it says.
 */

const VIEWER_KEY = 'ops-viewer-key-0123456789';
const ADMIN_KEY = 'ops-admin-key-0123456789';

const STOP = `mutation Stop($input: StopPipelineExecutionInput!) {
  stopPipelineExecution(input: $input) { pipelineExecutionId }
}`;

let emu: TestEmulator;
let gateway: TestGateway;

/** A GraphQL POST with a bearer key. */
async function as<T = Record<string, unknown>>(
  key: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data?: T;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('wording') }));
  emu.advance(120_000);
  gateway = await startTestGateway(emu.url, {
    env: { API_KEYS: `${VIEWER_KEY} viewer * ops;${ADMIN_KEY} admin * root` },
  });
});

afterAll(async () => {
  await gateway.close();
  await emu.close();
});

describe('the words of the graph', () => {
  it('names the role a principal has, rather than calling it "a operator"', async () => {
    const res = await as(VIEWER_KEY, STOP, {
      input: { pipelineName: 'wording', pipelineExecutionId: '00000000-0000-0000-0000-000000000000' },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toBe('This needs the operator role; apikey:ops has the viewer role');
  });

  it('writes the name characters so that no one reads a range in them', async () => {
    const res = await as(ADMIN_KEY, '{ pipeline(name: "no spaces please") { name } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('[A-Za-z0-9.@_-]');
    expect(res.errors?.[0]?.message).not.toContain('@-_');
    // The characters a range @-_ would let in are refused.
    for (const name of ['a[b', 'a\\b', 'a^b', 'a]b']) {
      const refused = await as(ADMIN_KEY, 'query P($n: String!) { pipeline(name: $n) { name } }', {
        n: name,
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers NOT_FOUND when asked to stop an execution that does not exist', async () => {
    const res = await as(ADMIN_KEY, STOP, {
      input: { pipelineName: 'wording', pipelineExecutionId: '00000000-0000-0000-0000-000000000000' },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.errors?.[0]?.message).toMatch(/not found|does not exist/i);
  });

  it('still answers PRECONDITION_FAILED when asked to stop an execution that has finished', async () => {
    const runs = await emu.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'wording' }));
    const finished = runs.pipelineExecutionSummaries?.find((s) => s.status === 'Succeeded');
    expect(finished).toBeDefined();
    const res = await as(ADMIN_KEY, STOP, {
      input: { pipelineName: 'wording', pipelineExecutionId: finished!.pipelineExecutionId },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('PRECONDITION_FAILED');
  });
});

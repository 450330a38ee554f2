import {
  type ActionExecutionDetail,
  type CodePipelineClient,
  GetPipelineCommand,
  GetPipelineStateCommand,
  type GetPipelineStateOutput,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  type PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import { buildSnapshot } from './snapshot-build';
import {
  type DeclarationSummary,
  isActiveStatus,
  type PipelineSnapshot,
  summarizeDeclaration,
} from './snapshot';

/**
 * One poll of one pipeline: the fewest upstream reads that still catch every
 * change. An idle pipeline whose executions list has not moved costs one
 * call (ListPipelineExecutions). GetPipelineState is read when something
 * runs or moved; GetPipeline only when the version changed;
 * ListActionExecutions only for executions that run, appeared or changed,
 * which is what catches executions that started and ended between polls and
 * each of PARALLEL mode's concurrent executions.
 */

/** How many executions a poll reads: also the page `Pipeline.latestExecution` caches. */
export const EXECUTIONS_READ = 10;

/** The upstream as the poller lends it: every call first waits for the budget. */
export interface BudgetedClient {
  client: CodePipelineClient;
  /** Resolves when one more call may go out (and counts it). */
  acquire(): Promise<void>;
}

async function call<T>(up: BudgetedClient, send: (client: CodePipelineClient) => Promise<T>): Promise<T> {
  await up.acquire();
  return send(up.client);
}

/** What one poll read and concluded. */
export interface Observation {
  snapshot: PipelineSnapshot;
  state?: GetPipelineStateOutput;
  summaries: PipelineExecutionSummary[];
  nextToken?: string;
}

/** The executions whose action runs must be read this poll. */
function executionsToRead(
  previous: PipelineSnapshot | undefined,
  summaries: PipelineExecutionSummary[],
): string[] {
  return summaries
    .filter((s) => {
      if (!s.pipelineExecutionId) return false;
      if (isActiveStatus(s.status)) return true;
      if (!previous) return false;
      const before = previous.executions[s.pipelineExecutionId];
      return !before || before.status !== s.status || before.updatedMs !== s.lastUpdateTime?.getTime();
    })
    .map((s) => s.pipelineExecutionId as string);
}

async function readActions(
  up: BudgetedClient,
  pipelineName: string,
  pipelineExecutionId: string,
): Promise<ActionExecutionDetail[]> {
  const details: ActionExecutionDetail[] = [];
  let nextToken: string | undefined;
  do {
    const out = await call(up, (c) =>
      c.send(
        new ListActionExecutionsCommand({
          pipelineName,
          filter: { pipelineExecutionId },
          maxResults: 100,
          nextToken,
        }),
      ),
    );
    details.push(...(out.actionExecutionDetails ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return details;
}

/** Reads one pipeline and builds its new snapshot (diffing is the caller's). */
export async function observePipeline(
  up: BudgetedClient,
  pipelineName: string,
  previous: PipelineSnapshot | undefined,
  now: () => number,
): Promise<Observation> {
  const page = await call(up, (c) =>
    c.send(new ListPipelineExecutionsCommand({ pipelineName, maxResults: EXECUTIONS_READ })),
  );
  const summaries = page.pipelineExecutionSummaries ?? [];
  const toRead = executionsToRead(previous, summaries);
  let state: GetPipelineStateOutput | undefined;
  if (!previous || toRead.length > 0 || previous.version === undefined) {
    state = await call(up, (c) => c.send(new GetPipelineStateCommand({ name: pipelineName })));
  }
  const version = state?.pipelineVersion ?? previous?.version;
  let declaration: DeclarationSummary | undefined = previous?.declaration;
  if (state && (!declaration || declaration.version !== version)) {
    const out = await call(up, (c) => c.send(new GetPipelineCommand({ name: pipelineName, version })));
    declaration = summarizeDeclaration(out.pipeline);
  }
  const actions = new Map<string, ActionExecutionDetail[]>();
  for (const id of toRead) actions.set(id, await readActions(up, pipelineName, id));
  const snapshot = buildSnapshot({
    pipelineName,
    nowMs: now(),
    previous,
    summaries,
    state,
    declaration,
    actions,
  });
  return { snapshot, state, summaries, nextToken: page.nextToken };
}

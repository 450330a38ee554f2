import {
  type ActionExecutionDetail,
  type GetPipelineStateOutput,
  type PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import { type CodePipelineLoaders } from '../loaders/codepipeline-loaders';
import { LATEST_EXECUTIONS_PAGE_SIZE } from '../loaders/keys';
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
 *
 * Every read goes through the poll's loaders (LoaderSource.forPoller): the
 * queries' own specs, read live at the poller's priority in the target's
 * budget, and stored under the very keys a dashboard reads next.
 */

/** Action executions read per page. */
const ACTION_PAGE_SIZE = 100;

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
  loaders: CodePipelineLoaders,
  pipelineName: string,
  pipelineExecutionId: string,
): Promise<ActionExecutionDetail[]> {
  const details: ActionExecutionDetail[] = [];
  let token: string | undefined;
  do {
    const page = await loaders.actionExecutionsPage.load({
      pipelineName,
      filter: { pipelineExecutionId },
      size: ACTION_PAGE_SIZE,
      token,
    });
    details.push(...page.items);
    token = page.nextToken;
  } while (token);
  return details;
}

/** Reads one pipeline and builds its new snapshot (diffing is the caller's). */
export async function observePipeline(
  loaders: CodePipelineLoaders,
  pipelineName: string,
  previous: PipelineSnapshot | undefined,
  now: () => number,
): Promise<Observation> {
  const page = await loaders.executionsPage.load({ pipelineName, size: LATEST_EXECUTIONS_PAGE_SIZE });
  const summaries = page.items;
  const toRead = executionsToRead(previous, summaries);
  let state: GetPipelineStateOutput | undefined;
  if (!previous || toRead.length > 0 || previous.version === undefined) {
    state = await loaders.pipelineState.load(pipelineName);
  }
  const version = state?.pipelineVersion ?? previous?.version;
  let declaration: DeclarationSummary | undefined = previous?.declaration;
  if (state && (!declaration || declaration.version !== version)) {
    const out = await loaders.pipeline.load({ name: pipelineName, version });
    declaration = summarizeDeclaration(out.pipeline);
  }
  const actions = new Map<string, ActionExecutionDetail[]>();
  for (const id of toRead) actions.set(id, await readActions(loaders, pipelineName, id));
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

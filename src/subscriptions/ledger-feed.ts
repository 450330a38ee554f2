import { type Target } from '../aws/target';
import {
  type ExecutionLedger,
  furthestStageOf,
  type LedgerExecution,
  ledgerExecution,
} from '../loaders/execution-ledger';
import { type Observation } from './observe';
import { type ExecutionSnapshot } from './snapshot';

/** Told of the executions a poll saw finish (the Prometheus delivery counters). */
export type FinishedListener = (target: Target, pipelineName: string, executions: LedgerExecution[]) => void;

/** The furthest stage of an execution from the action runs a poll read (none when it read none). */
function furthestOf(execution: ExecutionSnapshot | undefined) {
  if (!execution?.actions) return undefined;
  return furthestStageOf(Object.values(execution.actions));
}

/**
 * The poller's feed of the execution ledger: each poll's newest executions
 * (with their source revisions and, where it read their action runs, the
 * furthest stage) are recorded, so `revision` and `deliveryMetrics` answer
 * watched pipelines with no upstream call; executions seen finishing go to
 * `onFinished`.
 */
export function ledgerFeed(
  target: Target,
  ledger: ExecutionLedger,
  onFinished?: FinishedListener,
  now: () => number = Date.now,
): (pipelineName: string, observation: Observation) => Promise<void> {
  return async (pipelineName, observation) => {
    const executions = observation.summaries
      .filter((s) => s.pipelineExecutionId)
      .map((s) =>
        ledgerExecution(s, furthestOf(observation.snapshot.executions[s.pipelineExecutionId as string])),
      );
    const finished = await ledger.recordHead(
      target,
      pipelineName,
      executions,
      observation.nextToken === undefined,
      now(),
    );
    if (finished.length > 0) onFinished?.(target, pipelineName, finished);
  };
}

import { useState } from 'preact/hooks';
import { gql, GraphQLFailure, type Operation } from './api';
import { ErrorNote } from './errors';
import { RETRY, START, STOP, type PipelineView } from './queries';
import { isRunning } from './status';

/** Runs one mutation at a time and keeps its refusal (message and code) to show. */
export function useMutation(): {
  busy: boolean;
  error: GraphQLFailure | undefined;
  run: (operation: Operation, variables: Record<string, unknown>) => Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<GraphQLFailure | undefined>();
  const run = async (operation: Operation, variables: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await gql(operation, variables);
      return true;
    } catch (err) {
      setError(err instanceof GraphQLFailure ? err : new GraphQLFailure(String(err), 'ERROR', 0));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/**
 * Start, stop and retry for one pipeline. Rendered only for roles that may
 * run them (operator and admin); the gateway still decides, and a refusal
 * shows its message and code. Results arrive as live events, not from here.
 */
export function PipelineControls({ pipeline, showRetry }: { pipeline: PipelineView; showRetry?: boolean }) {
  const { busy, error, run } = useMutation();
  const latest = pipeline.latestExecution;
  const failedStage = pipeline.stages.find((s) => s.latestExecution?.status === 'Failed');
  return (
    <div class="controls">
      <button
        type="button"
        data-action="start"
        disabled={busy}
        onClick={() => run(START, { name: pipeline.name })}
      >
        Start
      </button>
      {latest && (isRunning(latest.status) || showRetry) && (
        <button
          type="button"
          data-action="stop"
          disabled={busy}
          onClick={() => run(STOP, { name: pipeline.name, id: latest.pipelineExecutionId })}
        >
          Stop
        </button>
      )}
      {showRetry && failedStage?.latestExecution && (
        <button
          type="button"
          data-action="retry"
          disabled={busy}
          onClick={() =>
            run(RETRY, {
              name: pipeline.name,
              stage: failedStage.name,
              id: failedStage.latestExecution?.pipelineExecutionId,
            })
          }
        >
          Retry {failedStage.name}
        </button>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { gql, onReconnect, subscribe, type GraphQLFailure } from './api';
import { PipelineControls } from './controls';
import { DeliveryPanel, RevisionSearch } from './delivery';
import { ErrorNote } from './errors';
import { StageBox } from './pipeline-card';
import {
  type ActionRun,
  EVENTS,
  type ExecutionView,
  PIPELINE_PAGE,
  type PipelineDetail,
  TIMELINE,
} from './queries';
import { formatDuration, formatTime, placementOf, statusClass, statusHook } from './status';
import { Timeline } from './timeline';

const REFRESH_DELAY_MS = 250;

function duration(e: ExecutionView): string {
  const start = Date.parse(e.startTime ?? '');
  const end = e.status === 'InProgress' ? Date.now() : Date.parse(e.lastUpdateTime ?? '');
  return Number.isFinite(start) && Number.isFinite(end) ? formatDuration(end - start) : '';
}

/** The executions of the pipeline: status, trigger, source revisions with links, duration. */
function Executions(props: {
  executions: ExecutionView[];
  selected?: string;
  onSelect: (id: string) => void;
}) {
  return (
    <table class="executions">
      <thead>
        <tr>
          <th>Execution</th>
          <th>Status</th>
          <th>Trigger</th>
          <th>Source revisions</th>
          <th>Started</th>
          <th>Duration</th>
        </tr>
      </thead>
      <tbody>
        {props.executions.map((e) => (
          <tr
            key={e.pipelineExecutionId}
            data-execution={e.pipelineExecutionId}
            data-status={statusHook(e.status)}
            class={e.pipelineExecutionId === props.selected ? 'selected' : ''}
          >
            <td>
              <button type="button" class="link" onClick={() => props.onSelect(e.pipelineExecutionId)}>
                {e.pipelineExecutionId.slice(0, 8)}
              </button>
            </td>
            <td>
              <span class={`badge ${statusClass(e.status)}`}>{statusHook(e.status)}</span>
            </td>
            <td>
              {e.trigger?.triggerType ?? ''}
              {e.trigger?.triggerDetail ? <div class="muted small">{e.trigger.triggerDetail}</div> : null}
            </td>
            <td>
              {(e.sourceRevisions ?? []).map((r) => (
                <div key={r.actionName} class="revision">
                  {r.actionName}:{' '}
                  {r.revisionUrl ? (
                    <a href={r.revisionUrl} rel="noopener noreferrer" target="_blank">
                      {(r.revisionId ?? '').slice(0, 10) || 'revision'}
                    </a>
                  ) : (
                    (r.revisionId ?? '').slice(0, 10)
                  )}
                  {r.revisionSummary ? <span class="muted"> {r.revisionSummary.slice(0, 80)}</span> : null}
                </div>
              ))}
            </td>
            <td>{formatTime(e.startTime)}</td>
            <td>{duration(e)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One pipeline: live stages, controls, the executions, and the timeline of the selected one. */
export function PipelinePage({ name, canOperate }: { name: string; canOperate: boolean }) {
  const [pipeline, setPipeline] = useState<PipelineDetail | null | undefined>();
  const [error, setError] = useState<GraphQLFailure | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [runs, setRuns] = useState<ActionRun[] | undefined>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      gql<{ pipeline: PipelineDetail | null }>(PIPELINE_PAGE, { name }).then(
        (data) => {
          if (!alive) return;
          setPipeline(data.pipeline);
          setError(undefined);
          setTick((t) => t + 1);
        },
        (err: GraphQLFailure) => alive && setError(err),
      );
    void load();
    // Read afresh after each burst of events about this pipeline: pushed, never polled.
    const unsubscribe = subscribe(EVENTS, { filter: { pipelineNames: [name] } }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), REFRESH_DELAY_MS);
    });
    const offReconnect = onReconnect(() => void load());
    return () => {
      alive = false;
      clearTimeout(timer);
      unsubscribe();
      offReconnect();
    };
  }, [name]);

  const executions = pipeline?.executions.nodes ?? [];
  const shownId = selected ?? executions[0]?.pipelineExecutionId;
  useEffect(() => {
    if (!shownId) return;
    let alive = true;
    gql<{ pipelineExecution: { actionExecutions: { nodes: ActionRun[] } } | null }>(TIMELINE, {
      name,
      id: shownId,
    }).then(
      (data) => alive && setRuns(data.pipelineExecution?.actionExecutions.nodes ?? []),
      (err: GraphQLFailure) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
  }, [name, shownId, tick]);

  if (pipeline === null)
    return <p class="error">Pipeline {name} does not exist, or is outside your scope.</p>;
  if (!pipeline) return error ? <ErrorNote error={error} /> : <p>Loading…</p>;
  const status = pipeline.latestExecution?.status;
  const { account, region } = placementOf(pipeline.arn);
  return (
    <section class="pipeline-page" data-pipeline={pipeline.name} data-status={statusHook(status)}>
      <p>
        <a href="#/">← Estate</a>
      </p>
      <header class="page-header">
        <h2>{pipeline.name}</h2>
        <span class={`badge ${statusClass(status)}`}>{statusHook(status)}</span>
        <span class="muted">
          {account} · {region} · {pipeline.pipelineType ?? ''} · {pipeline.executionMode ?? ''}
        </span>
      </header>
      {canOperate && <PipelineControls pipeline={pipeline} showRetry />}
      <ErrorNote error={error} />
      <ol class="stages wide">
        {pipeline.stages.map((stage) => (
          <StageBox key={stage.name} stage={stage} />
        ))}
      </ol>
      <h3>Delivery</h3>
      <DeliveryPanel name={pipeline.name} />
      <RevisionSearch />
      <h3>Timeline {shownId ? <code>{shownId.slice(0, 8)}</code> : null}</h3>
      {runs ? <Timeline runs={runs} stages={pipeline.stages} /> : <p class="muted">Loading…</p>}
      <h3>Executions</h3>
      <Executions executions={executions} selected={shownId} onSelect={setSelected} />
    </section>
  );
}

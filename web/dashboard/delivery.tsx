import { useEffect, useState } from 'preact/hooks';
import { gql, type GraphQLFailure } from './api';
import { ErrorNote } from './errors';
import DELIVERY from './operations/pipeline-delivery.graphql';
import REVISION from './operations/revision-search.graphql';
import { formatDuration, formatTime, statusClass, statusHook } from './status';

/** The window the pipeline page shows: the last 30 days. */
const WINDOW_MS = 30 * 24 * 3600_000;

interface Metrics {
  deployments: number;
  deploymentFrequencyPerDay: number;
  changeFailureRate: number | null;
  leadTime: { p50: number | null; p90: number | null };
  timeToRestore: { mean: number | null; p50: number | null };
}

interface Trail {
  revisionId: string;
  summary?: string | null;
  url?: string | null;
  appearances: {
    pipeline: { name: string; account: string; region: string };
    execution: { pipelineExecutionId: string };
    status: string;
    enteredAt: string;
    furthestStage?: { name: string; reachedAt?: string | null } | null;
  }[];
}

const seconds = (s: number | null | undefined): string =>
  s === null || s === undefined ? '–' : formatDuration(s * 1000);

/** The four DORA metrics of one pipeline over the last 30 days (docs/delivery-metrics.md). */
export function DeliveryPanel({ name }: { name: string }) {
  const [metrics, setMetrics] = useState<Metrics | undefined>();
  const [error, setError] = useState<GraphQLFailure | undefined>();
  useEffect(() => {
    let alive = true;
    const since = new Date(Date.now() - WINDOW_MS).toISOString();
    gql<{ pipeline: { deliveryMetrics: Metrics } | null }>(DELIVERY, { name, since }).then(
      (data) => alive && setMetrics(data.pipeline?.deliveryMetrics),
      (err: GraphQLFailure) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
  }, [name]);
  if (error) return <ErrorNote error={error} />;
  if (!metrics) return <p class="muted">Loading delivery metrics…</p>;
  const rate = metrics.changeFailureRate;
  return (
    <dl class="delivery" data-delivery={name}>
      <div data-metric="deployment-frequency">
        <dt>Deployments (30 days)</dt>
        <dd>
          {metrics.deployments} · {metrics.deploymentFrequencyPerDay.toFixed(2)}/day
        </dd>
      </div>
      <div data-metric="lead-time">
        <dt>Lead time p50 / p90</dt>
        <dd>
          {seconds(metrics.leadTime.p50)} / {seconds(metrics.leadTime.p90)}
        </dd>
      </div>
      <div data-metric="change-failure-rate">
        <dt>Change failure rate</dt>
        <dd>{rate === null ? '–' : `${Math.round(rate * 100)} %`}</dd>
      </div>
      <div data-metric="time-to-restore">
        <dt>Time to restore (mean / p50)</dt>
        <dd>
          {seconds(metrics.timeToRestore.mean)} / {seconds(metrics.timeToRestore.p50)}
        </dd>
      </div>
    </dl>
  );
}

/** "Where is my commit": a revision (or short sha) and every pipeline it went through. */
export function RevisionSearch() {
  const [id, setId] = useState('');
  const [trail, setTrail] = useState<Trail | null | undefined>();
  const [error, setError] = useState<GraphQLFailure | undefined>();
  const search = (event: Event) => {
    event.preventDefault();
    setError(undefined);
    gql<{ revision: Trail | null }>(REVISION, { id: id.trim() }).then(
      (data) => setTrail(data.revision),
      (err: GraphQLFailure) => setError(err),
    );
  };
  return (
    <section class="revision-search">
      <form onSubmit={search}>
        <label>
          Where is my commit?{' '}
          <input
            name="revision"
            value={id}
            placeholder="commit id or short sha"
            onInput={(e) => setId((e.target as HTMLInputElement).value)}
          />
        </label>{' '}
        <button type="submit">Find</button>
      </form>
      <ErrorNote error={error} />
      {trail === null ? <p class="muted">No pipeline in your scope ran this revision.</p> : null}
      {trail ? (
        <div data-revision={trail.revisionId}>
          <p>
            {trail.url ? (
              <a href={trail.url} rel="noopener noreferrer" target="_blank">
                {trail.revisionId.slice(0, 10)}
              </a>
            ) : (
              trail.revisionId.slice(0, 10)
            )}{' '}
            <span class="muted">{trail.summary ?? ''}</span>
          </p>
          <table class="executions">
            <thead>
              <tr>
                <th>Pipeline</th>
                <th>Status</th>
                <th>Furthest stage</th>
                <th>Entered</th>
              </tr>
            </thead>
            <tbody>
              {trail.appearances.map((a) => (
                <tr key={a.execution.pipelineExecutionId} data-appearance={a.pipeline.name}>
                  <td>
                    <a href={`#/pipeline/${encodeURIComponent(a.pipeline.name)}`}>{a.pipeline.name}</a>{' '}
                    <span class="muted small">
                      {a.pipeline.account} · {a.pipeline.region}
                    </span>
                  </td>
                  <td>
                    <span class={`badge ${statusClass(a.status)}`}>{statusHook(a.status)}</span>
                  </td>
                  <td>{a.furthestStage?.name ?? ''}</td>
                  <td>{formatTime(a.enteredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

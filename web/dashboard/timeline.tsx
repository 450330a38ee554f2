import { type ActionRun, type StageView } from './queries';
import { formatDuration, statusClass, statusHook } from './status';

interface Bar {
  kind: 'stage' | 'action';
  label: string;
  status: string;
  start: number;
  end: number;
}

const WIDTH = 900;
const LABEL = 200;
const ROW = 22;
const AXIS = 28;

/** The status a stage shows from its actions' runs: the worst, or still running. */
function stageOutcome(runs: ActionRun[]): string {
  const statuses = runs.map((r) => r.status ?? '');
  for (const s of ['Failed', 'InProgress', 'Abandoned', 'Stopped', 'Stopping'])
    if (statuses.includes(s)) return s;
  return 'Succeeded';
}

/** Rows of the chart: each stage, then its actions, in the pipeline's stage order. */
function barsOf(runs: ActionRun[], stages: StageView[], now: number): Bar[] {
  const span = (r: ActionRun) => {
    const start = Date.parse(r.startTime ?? '') || now;
    const end = r.status === 'InProgress' ? now : Date.parse(r.lastUpdateTime ?? '') || start;
    return { start, end: Math.max(end, start) };
  };
  const order = stages.map((s) => s.name);
  const names = [...new Set(runs.map((r) => r.stageName ?? ''))].sort(
    (a, b) => (order.indexOf(a) + 1 || 999) - (order.indexOf(b) + 1 || 999),
  );
  return names.flatMap((stageName) => {
    const own = runs.filter((r) => (r.stageName ?? '') === stageName).map((r) => ({ run: r, ...span(r) }));
    const stageBar: Bar = {
      kind: 'stage',
      label: stageName,
      status: stageOutcome(own.map((o) => o.run)),
      start: Math.min(...own.map((o) => o.start)),
      end: Math.max(...own.map((o) => o.end)),
    };
    const actionBars = own
      .sort((a, b) => a.start - b.start)
      .map<Bar>((o) => ({
        kind: 'action',
        label: o.run.actionName ?? '',
        status: statusHook(o.run.status),
        start: o.start,
        end: o.end,
      }));
    return [stageBar, ...actionBars];
  });
}

/**
 * The execution as a chart: stages and their actions as bars on a time axis,
 * coloured by outcome (SVG, styled by class: nothing inline).
 */
export function Timeline({ runs, stages }: { runs: ActionRun[]; stages: StageView[] }) {
  if (runs.length === 0) return <p class="muted">No action has run in this execution yet.</p>;
  const bars = barsOf(runs, stages, Date.now());
  const t0 = Math.min(...bars.map((b) => b.start));
  const t1 = Math.max(t0 + 1000, ...bars.map((b) => b.end));
  const x = (t: number) => LABEL + ((t - t0) / (t1 - t0)) * (WIDTH - LABEL - 10);
  const height = AXIS + bars.length * ROW;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => t0 + f * (t1 - t0));
  return (
    <svg class="timeline" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Execution timeline">
      {ticks.map((t) => (
        <g key={t} class="tick">
          <line x1={x(t)} x2={x(t)} y1={AXIS - 6} y2={height} />
          <text x={x(t)} y={AXIS - 10} text-anchor="middle">
            +{formatDuration(t - t0) || '0 s'}
          </text>
        </g>
      ))}
      {bars.map((bar, i) => {
        const y = AXIS + i * ROW;
        return (
          <g
            key={`${bar.kind}:${bar.label}:${i}`}
            class={`row row-${bar.kind}`}
            data-bar={bar.kind}
            data-name={bar.label}
            data-status={bar.status}
          >
            <text x={bar.kind === 'stage' ? 4 : 16} y={y + ROW * 0.68} class="label">
              {bar.label}
            </text>
            <rect
              class={`bar ${statusClass(bar.status)}`}
              x={x(bar.start)}
              y={y + (bar.kind === 'stage' ? 3 : 6)}
              width={Math.max(2, x(bar.end) - x(bar.start))}
              height={bar.kind === 'stage' ? ROW - 6 : ROW - 12}
              rx={3}
            >
              <title>{`${bar.label}: ${bar.status}, ${formatDuration(bar.end - bar.start)}`}</title>
            </rect>
          </g>
        );
      })}
    </svg>
  );
}

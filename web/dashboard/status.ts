import { type Status } from './queries';

/** The class that colours a status: one per API word, `s-None` before anything ran. */
export function statusClass(status: Status): string {
  return `s-${status ?? 'None'}`;
}

/** The status as the `data-status` test hook carries it. */
export function statusHook(status: Status): string {
  return status ?? 'None';
}

/** Where a pipeline lives. */
export interface Placement {
  account: string;
  region: string;
}

/**
 * Account and region from the pipeline's ARN (`arn:aws:codepipeline:<region>:<account>:<name>`).
 * TODO(issue 11): read `Pipeline.account` and `Pipeline.region` once the multi-account work adds them,
 * and show `targetAlias` and link `consoleUrl`.
 */
export function placementOf(arn: string): Placement {
  const parts = arn.split(':');
  return { region: parts[3] || 'unknown region', account: parts[4] || 'unknown account' };
}

/** A duration as people read it: `42 s`, `3 min 5 s`, `1 h 2 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A time of day in the reader's locale. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** Statuses that mean "still going". */
export function isRunning(status: Status): boolean {
  return status === 'InProgress' || status === 'Stopping';
}

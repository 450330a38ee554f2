import { type ExecutionLedger } from '../../loaders/execution-ledger';

/** Settings of the insights (REVISION_INDEX_DAYS, DELIVERY_HISTORY_DAYS, INSIGHTS_SCAN_CALLS, INSIGHTS_FRESH_SECONDS). */
export interface InsightsSettings {
  revisionIndexDays: number;
  historyDays: number;
  /** Upstream calls one request may spend reading history the ledger lacks. */
  scanCalls: number;
  /** A pipeline's coverage checked longer ago than this is brought up to date before use. */
  freshMs: number;
}

/**
 * How complete one request's insight answers are, reported in
 * `extensions.insights`: pipelines answered from the ledger, pipelines read
 * upstream to fill it, and pipelines left short (the request's scan calls
 * ran out, or the upstream refused), which the answer may be missing.
 */
export class InsightsReport {
  pipelines = 0;
  indexed = 0;
  scanned = 0;
  scanCalls = 0;
  readonly incomplete: string[] = [];

  /** The report as it goes out in `extensions.insights`. */
  toJSON(): Record<string, unknown> {
    return {
      complete: this.incomplete.length === 0,
      pipelines: this.pipelines,
      indexed: this.indexed,
      scanned: this.scanned,
      scanCalls: this.scanCalls,
      incomplete: this.incomplete.slice(0, 50),
      incompleteCount: this.incomplete.length,
    };
  }
}

/** What a request's resolvers need of the insights: the shared ledger, this request's report, the settings. */
export interface InsightsContext {
  ledger: ExecutionLedger;
  report: InsightsReport;
  settings: InsightsSettings;
  /** The gateway's clock (tests may move it). */
  now(): number;
}

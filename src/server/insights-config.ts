import { type InsightsSettings } from '../schema/insights/insights-context';
import { type Env, intVar } from './env';

/**
 * Reads the settings of `revision` and `deliveryMetrics`: REVISION_INDEX_DAYS
 * (how long a revision stays findable), DELIVERY_HISTORY_DAYS (how far back
 * metrics reach), INSIGHTS_SCAN_CALLS (upstream calls one request may spend
 * filling the ledger) and INSIGHTS_FRESH_SECONDS (how old a pipeline's
 * coverage may be before a request brings it up to date).
 */
export function parseInsightsConfig(env: Env): InsightsSettings {
  return {
    revisionIndexDays: intVar(env, 'REVISION_INDEX_DAYS', 30, 1, 3650),
    historyDays: intVar(env, 'DELIVERY_HISTORY_DAYS', 90, 1, 3650),
    scanCalls: intVar(env, 'INSIGHTS_SCAN_CALLS', 1000, 0, 1_000_000),
    freshMs: intVar(env, 'INSIGHTS_FRESH_SECONDS', 60, 0, 86_400) * 1000,
  };
}

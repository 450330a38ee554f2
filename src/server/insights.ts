import { type Redis } from 'ioredis';
import { type Target } from '../aws/target';
import { type ExecutionLedger } from '../loaders/execution-ledger';
import { MemoryExecutionLedger } from '../loaders/memory-execution-ledger';
import { RedisExecutionLedger } from '../loaders/redis-execution-ledger';
import { type InsightsSettings } from '../schema/insights/insights-context';
import { ledgerFeed } from '../subscriptions/ledger-feed';
import { type Observation } from '../subscriptions/observe';
import { DeliveryCounters } from './observability/delivery-metrics';

/** The insights of one gateway: the execution ledger, its poll feed per target, and the delivery counters. */
export interface Insights {
  ledger: ExecutionLedger;
  counters: DeliveryCounters;
  /** The poller hook of a target (LiveDeps.onObserved). */
  feed(target: Target): (pipelineName: string, observation: Observation) => Promise<void>;
}

/** Builds the insights: the ledger in Redis when there is one (shared by replicas), else in memory. */
export function createInsights(
  settings: InsightsSettings,
  redis: Redis | undefined,
  redisKeyPrefix: string,
): Insights {
  const retention = { revisionIndexDays: settings.revisionIndexDays, historyDays: settings.historyDays };
  const ledger = redis
    ? new RedisExecutionLedger(redis, redisKeyPrefix, retention)
    : new MemoryExecutionLedger(retention);
  const counters = new DeliveryCounters();
  return {
    ledger,
    counters,
    feed: (target) => ledgerFeed(target, ledger, (t, name, finished) => counters.finished(t, name, finished)),
  };
}

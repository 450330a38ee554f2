import { Counter, Histogram, type Registry } from 'prom-client';
import { type Target } from '../../aws/target';
import { type LedgerExecution } from '../../loaders/execution-ledger';
import { isRollback } from '../../schema/insights/delivery-figures';

/** Execution durations span minutes to a day. */
const DURATION_BUCKETS = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400];

/**
 * The delivery metrics for Prometheus, fed by the live side as it sees
 * executions finish (subscriptions/ledger-feed.ts), so Grafana charts the
 * numbers `deliveryMetrics` gives: executions by status, their durations,
 * and the lead time of deployments (start to success, rollbacks excepted).
 * Made before the registry exists (the live side starts first), registered on it later.
 */
export class DeliveryCounters {
  private readonly executions = new Counter({
    name: 'codepipeline_executions_total',
    help: 'Pipeline executions seen finishing, by status.',
    labelNames: ['account', 'region', 'pipeline', 'status'] as const,
    registers: [],
  });

  private readonly duration = new Histogram({
    name: 'codepipeline_execution_duration_seconds',
    help: 'From the start of a finished execution to its end.',
    labelNames: ['account', 'region', 'pipeline', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [],
  });

  private readonly leadTime = new Histogram({
    name: 'codepipeline_lead_time_seconds',
    help: "From a deployment's start to its success (docs/delivery-metrics.md).",
    labelNames: ['account', 'region', 'pipeline'] as const,
    buckets: DURATION_BUCKETS,
    registers: [],
  });

  /** Puts the metrics in the gateway's registry. */
  registerOn(registry: Registry): void {
    registry.registerMetric(this.executions);
    registry.registerMetric(this.duration);
    registry.registerMetric(this.leadTime);
  }

  /** Counts executions seen finishing. */
  finished(target: Target, pipelineName: string, executions: readonly LedgerExecution[]): void {
    for (const execution of executions) {
      const labels = { account: target.accountId, region: target.region, pipeline: pipelineName };
      this.executions.inc({ ...labels, status: execution.status });
      if (execution.startMs === undefined || execution.updatedMs === undefined) continue;
      const seconds = Math.max(0, (execution.updatedMs - execution.startMs) / 1000);
      this.duration.observe({ ...labels, status: execution.status }, seconds);
      if (execution.status === 'Succeeded' && !isRollback(execution)) this.leadTime.observe(labels, seconds);
    }
  }
}

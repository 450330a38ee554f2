import { type Target } from '../aws/target';
import { type LoaderSource } from '../loaders/loader-source';
import { RequestTrace } from '../loaders/trace';
import { invalidate, type WriterDeps } from '../loaders/write';
import { type Principal } from '../schema/auth/principal';
import { type GatewayContext } from '../schema/context';
import { type LiveEvents } from '../schema/subscriptions/pipeline-event';
import { type GatewayConfig } from './config';
import { contextOverTargets, type TargetContextPart, targetDirectory } from './targets-context';
import { type Upstream } from './upstream';
import { type ExecutionLedger } from '../loaders/execution-ledger';
import { InsightsReport } from '../schema/insights/insights-context';

/** The gateway's version, reported in `Query.gateway` and the banner. */
export const GATEWAY_VERSION = '0.1.0';

/**
 * Builds a fresh context per HTTP request and per subscription: its own
 * loaders and trace from the shared loader kit (cache, single-flight,
 * bounds, call budget), its write entry, and the hook that nudges the
 * change detector. The caller authenticates first (auth/wiring.ts) and
 * passes the principal. No context holds an SDK client: reads go through
 * the loaders and writes through `write`, both within the target's budget.
 */
export function contextFactory(
  config: GatewayConfig,
  upstream: Upstream,
  reads: LoaderSource,
  nudge: (pipelineName: string, target?: Target) => void,
  live?: LiveEvents,
  ledger?: ExecutionLedger,
): (principal: Principal) => Promise<GatewayContext> {
  const { description } = upstream;
  const directory = targetDirectory(upstream.targets.targets, upstream.targets.board);
  // One context per target the request touches, sharing its trace (targets-context.ts).
  const forTarget = (
    target: Target,
    principal: Principal,
    trace: RequestTrace,
    insights: GatewayContext['insights'],
  ): TargetContextPart => {
    // After a write, the request's read-back keeps the write's priority (loaders/write.ts).
    const renewLoaders = (priority?: 'interactive' | 'write') => {
      ctx.loaders = reads.forRequest(target, trace, priority);
    };
    // A write nudges the poller of its own target.
    const nudgeHere = (pipelineName: string): void => nudge(pipelineName, target);
    const writerDeps: Omit<WriterDeps, 'upstream' | 'runtime'> = { trace, renewLoaders, nudge: nudgeHere };
    const ctx: TargetContextPart = {
      target,
      upstream: description,
      version: GATEWAY_VERSION,
      trace,
      loaders: reads.forRequest(target, trace),
      liveLoaders: () => reads.fresh(target, trace, 'interactive'),
      write: reads.writer(target, writerDeps),
      maxPageSize: config.maxPageSize,
      live,
      principal,
      invalidate: (effects) => invalidate({ renewLoaders, runtime: reads.runtime }, effects),
      pipelineChanged: nudgeHere,
      renewLoaders,
      insights,
    };
    return ctx;
  };
  return async (principal) => {
    const trace = new RequestTrace(reads.runtime.observer);
    // One ledger report per request, whichever targets it reads.
    const insights = ledger && {
      ledger,
      settings: config.insights,
      report: new InsightsReport(),
      now: Date.now,
    };
    return contextOverTargets(directory, principal, upstream.target, (target, scoped) =>
      forTarget(target, scoped, trace, insights),
    );
  };
}

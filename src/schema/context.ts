import { type Target } from '../aws/target';
import { type CodePipelineLoaders } from '../loaders/codepipeline-loaders';
import { type RequestTrace } from '../loaders/trace';
import { type CacheEffects, type Write } from '../loaders/write';
import { type Principal } from './auth/principal';
import { type TargetAware } from './target/directory';
import { type LiveEvents } from './subscriptions/pipeline-event';
import { type InsightsContext } from './insights/insights-context';

/** How the upstream was chosen, for clients that want to know what they are looking at. */
export interface UpstreamDescription {
  mode: 'emulator' | 'endpoint' | 'aws';
  endpoint?: string;
}

/**
 * Per-request context handed to every resolver. Built by the server layer.
 * It is the context of one target (`target`); `at(other)` gives another's
 * (target/directory.ts), and resolvers of objects that carry a target get
 * that target's context (target/bind-target.ts).
 */
export interface GatewayContext extends TargetAware {
  target: Target;
  upstream: UpstreamDescription;
  version: string;
  /** This request's loaders: batched per tick, cached across requests. */
  loaders: CodePipelineLoaders;
  /** What this request cost upstream, and what was served stale. */
  trace: RequestTrace;
  /**
   * Loaders that read CodePipeline itself, never the cache (and store what they
   * read): for the few reads that must be live, such as an approval's token.
   */
  liveLoaders(): CodePipelineLoaders;
  /**
   * The one way to write to CodePipeline: first in the target's budget, then
   * the cache entries the write made stale are dropped and the change
   * detector nudged (loaders/write.ts). Mutations reach it through `runMutation`.
   */
  write: Write;
  /** Paging limits, from config. */
  maxPageSize: number;
  /**
   * Drops the cache entries a write made stale, in the shared cache (so every
   * replica sees it), and gives this request fresh loaders, so a mutation's
   * read-back never comes from a value loaded before the write.
   */
  invalidate(effects: CacheEffects): Promise<void>;
  /** Tells the change detector that a pipeline changed, so subscribers hear soon. */
  pipelineChanged(pipelineName: string): void;
  /** Starts this context's loaders afresh: each subscription push must read new data, not the first push's. */
  renewLoaders(): void;
  /** Live events, on WebSocket connections only. */
  live?: LiveEvents;
  /** Who is asking: bounds what this request sees and may change (schema/auth). */
  principal: Principal;
  /** The execution ledger and this request's report of it (schema/insights); absent in bare test contexts. */
  insights?: InsightsContext;
}

export { type CacheEffects };

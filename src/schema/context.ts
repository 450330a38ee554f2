import { type CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { type Target } from '../aws/target';
import { type CodePipelineLoaders } from '../loaders/codepipeline-loaders';
import { type RequestTrace } from '../loaders/trace';
import { type Principal } from './auth/principal';
import { type LiveEvents } from './subscriptions/pipeline-event';

/** How the upstream was chosen, for clients that want to know what they are looking at. */
export interface UpstreamDescription {
  mode: 'emulator' | 'endpoint' | 'aws';
  endpoint?: string;
}

/** Per-request context handed to every resolver. Built by the server layer. */
export interface GatewayContext {
  target: Target;
  client: CodePipelineClient;
  upstream: UpstreamDescription;
  version: string;
  /** This request's loaders: batched per tick, cached across requests. */
  loaders: CodePipelineLoaders;
  /** What this request cost upstream, and what was served stale. */
  trace: RequestTrace;
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
}

/** Cache entries a write makes stale: exact keys and invalidation tags. */
export interface CacheEffects {
  keys?: string[];
  tags?: string[];
}

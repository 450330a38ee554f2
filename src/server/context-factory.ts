import { createCodePipelineLoaders } from '../loaders/codepipeline-loaders';
import { type LoaderRuntime } from '../loaders/runtime';
import { RequestTrace } from '../loaders/trace';
import { type Principal } from '../schema/auth/principal';
import { type GatewayContext } from '../schema/context';
import { type LiveEvents } from '../schema/subscriptions/pipeline-event';
import { type GatewayConfig } from './config';
import { type Upstream } from './upstream';

/** The gateway's version, reported in `Query.gateway` and the banner. */
export const GATEWAY_VERSION = '0.1.0';

/**
 * Builds a fresh context per HTTP request and per subscription: its own
 * loaders and trace, the shared runtime (cache, single-flight, bounds), and
 * the hooks mutations use to invalidate and to nudge the change detector.
 * The caller authenticates first (auth/wiring.ts) and passes the principal.
 */
export function contextFactory(
  config: GatewayConfig,
  upstream: Upstream,
  runtime: LoaderRuntime,
  nudge: (pipelineName: string) => void,
  live?: LiveEvents,
): (principal: Principal) => Promise<GatewayContext> {
  const { target, client, description } = upstream;
  return async (principal) => {
    const trace = new RequestTrace(runtime.observer);
    const freshLoaders = () => createCodePipelineLoaders(target, client, config.ttls, runtime, trace);
    const ctx: GatewayContext = {
      target,
      client,
      upstream: description,
      version: GATEWAY_VERSION,
      trace,
      loaders: freshLoaders(),
      maxPageSize: config.maxPageSize,
      live,
      principal,
      invalidate: async ({ keys = [], tags = [] }) => {
        ctx.loaders = freshLoaders();
        try {
          await runtime.cache.invalidate(keys, tags);
        } catch (err) {
          // Reads treat an unreachable cache as empty, so nothing stale is served while it is down.
          runtime.onCacheError(err);
        }
      },
      pipelineChanged: nudge,
      renewLoaders: () => {
        ctx.loaders = freshLoaders();
      },
    };
    return ctx;
  };
}

import { type ApolloServerPlugin } from '@apollo/server';
import { type GatewayContext } from '../schema/context';

/**
 * Reports what a request cost upstream in `extensions.upstream`, and flags
 * data served stale (because CodePipeline throttled or failed) in
 * `extensions.stale`, so a dashboard can say "as of 40 s ago" instead of
 * failing.
 */
export function tracePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const { trace } = contextValue;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            upstream: {
              calls: trace.upstreamCalls,
              byOperation: Object.fromEntries(trace.callsByOperation),
              ...(trace.responseCacheHit ? { responseCache: 'hit' } : {}),
            },
          };
          // How complete `revision` and `deliveryMetrics` answers are (schema/insights).
          if (contextValue.insights?.report.pipelines) {
            result.extensions.insights = contextValue.insights.report.toJSON();
          }
          if (trace.stale.length > 0) {
            result.extensions.stale = {
              servedStale: true,
              maxAgeMs: Math.max(...trace.stale.map((s) => s.ageMs)),
              entries: trace.stale,
            };
          }
        },
      };
    },
  };
}

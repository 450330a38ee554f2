import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type ApolloServerPlugin } from '@apollo/server';
import { type GraphQLError, type GraphQLSchema } from 'graphql';
import { type Redis } from 'ioredis';
import { OPEN_PRINCIPAL } from '../../schema/auth/principal';
import { type GatewayContext } from '../../schema/context';
import { type CredentialSource } from '../auth/authenticator';
import { type RequestAuthenticator } from '../auth/request-auth';
import { type GatewayConfig } from '../config';
import { landingPagePlugin } from './apollo-guards';
import { costPlugin } from './cost-plugin';
import { type QueryLimits } from './measure';
import { clientAddressId, createRateLimiter, rateLimited, type RateLimiter } from './rate-limit';
import { subscribeGuard, type SubscribePayloadLike } from './subscribe-guard';

/** Everything the composition root wires in to keep one client from hurting the others. */
export interface GatewayLimits {
  /** Options spread into Apollo's constructor: introspection, CSRF prevention, recursion bound. */
  apolloOptions: { introspection: boolean; csrfPrevention: true; maxRecursiveSelections: true };
  /** Apollo plugins: depth and cost limits with `extensions.cost`, and the landing page (or none). */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Undefined when rate limiting is off. */
  limiter?: RateLimiter;
  /** Wraps the HTTP handler with the per-principal rate limit (429). */
  http(
    handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  ): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** The same limits for each graphql-ws `subscribe`, counted against the connection's principal. */
  subscribe(
    payload: SubscribePayloadLike,
    request: IncomingMessage,
    connectionParams: Readonly<Record<string, unknown>> | undefined,
  ): Promise<GraphQLError[] | undefined>;
}

/**
 * The bucket a request counts against: its principal's when it
 * authenticates as someone, else (open mode, or a refused credential) its
 * client address, so a flood of bad credentials is limited too.
 */
export function principalKey(
  authenticator: RequestAuthenticator | undefined,
): (request: IncomingMessage, credentials: CredentialSource) => Promise<string> {
  return async (request, credentials) => {
    if (authenticator) {
      try {
        const outcome = await authenticator.authenticate(request, credentials);
        if (outcome.ok && outcome.principal.id !== OPEN_PRINCIPAL.id)
          return `principal:${outcome.principal.id}`;
      } catch {
        // An authenticator fault is the context's to report; the request counts against its address.
      }
    }
    return clientAddressId(request);
  };
}

/** What the limits need from the rest of the composition root. */
export interface LimitsDeps {
  /** The gateway's Redis, when it has one: rate buckets are shared there. */
  redis?: Redis;
  /** Names the principal of each request; the outcome is shared with the context, not recomputed. */
  authenticator?: RequestAuthenticator;
  /** Told when the rate limiter's store fails (requests are then admitted). */
  onError(err: unknown): void;
}

/**
 * Builds the limits from config. The rate limiter lives in Redis when the
 * gateway has Redis (replicas share each principal's bucket), else in
 * memory; it fails open, logging, when Redis does.
 */
export function setupLimits(config: GatewayConfig, schema: GraphQLSchema, deps: LimitsDeps): GatewayLimits {
  const queryLimits: QueryLimits = {
    maxQueryCost: config.limits.maxQueryCost,
    maxQueryDepth: config.limits.maxQueryDepth,
    maxPageSize: config.maxPageSize,
  };
  const limiter = createRateLimiter(config.limits.rateLimit, deps.redis, config.redisKeyPrefix, deps.onError);
  const keyOf = principalKey(deps.authenticator);
  const guardSubscribe = subscribeGuard(schema, queryLimits, limiter);
  return {
    apolloOptions: {
      introspection: config.limits.introspection,
      csrfPrevention: true,
      maxRecursiveSelections: true,
    },
    plugins: [costPlugin(queryLimits), landingPagePlugin()],
    limiter,
    http: (handler) => rateLimited(limiter, (req) => keyOf(req, req.headers.authorization), handler),
    subscribe: (payload, request, connectionParams) =>
      guardSubscribe(payload, () => keyOf(request, connectionParams)),
  };
}

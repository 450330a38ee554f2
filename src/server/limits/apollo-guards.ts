import { type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { type GatewayContext } from '../../schema/context';

/**
 * Apollo's own landing page is always off: it loads Apollo Sandbox from a CDN
 * with telemetry. Browsers on GET /graphql get the gateway's bundled GraphiQL
 * instead (server/web, `GRAPHIQL`), served before Apollo sees the request.
 */
export function landingPagePlugin(): ApolloServerPlugin<GatewayContext> {
  return ApolloServerPluginLandingPageDisabled();
}

import { type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { type GatewayContext } from '../../schema/context';
import { type LimitsConfig } from './limits-config';

/**
 * The landing page (Apollo Sandbox on GET /graphql from a browser) when
 * `LANDING_PAGE` allows it, else none at all: production gateways do not
 * advertise an explorer, nor load one from a CDN.
 */
export function landingPagePlugin(limits: LimitsConfig): ApolloServerPlugin<GatewayContext> {
  return limits.landingPage
    ? ApolloServerPluginLandingPageLocalDefault({ footer: false })
    : ApolloServerPluginLandingPageDisabled();
}

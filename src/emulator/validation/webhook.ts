import { isIP } from 'node:net';
import { WebhookAuthenticationType, type WebhookDefinition } from '@aws-sdk/client-codepipeline';
import { awsError } from '../core/errors';
import {
  asChecked,
  memberPath,
  optionalStr,
  requireEnumValue,
  requireList,
  requireObj,
  requireStr,
} from './fields';
import { NAME_RULE } from './patterns';

function invalidAuth(message: string): Error {
  return awsError('InvalidWebhookAuthenticationParametersException', message);
}

/** True for an IPv4 or IPv6 CIDR range such as `192.0.2.0/24`. */
export function isCidr(range: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(range);
  if (!match) return false;
  const version = isIP(match[1] ?? '');
  const bits = Number(match[2]);
  return (version === 4 && bits <= 32) || (version === 6 && bits <= 128);
}

function checkAuthentication(definition: Record<string, unknown>): void {
  const type = requireEnumValue(
    'webhook.authentication',
    definition.authentication,
    Object.values(WebhookAuthenticationType),
  );
  const config = requireObj('webhook.authenticationConfiguration', definition.authenticationConfiguration);
  const range = optionalStr('webhook.authenticationConfiguration.AllowedIPRange', config.AllowedIPRange, {
    min: 1,
    max: 100,
  });
  const secret = optionalStr('webhook.authenticationConfiguration.SecretToken', config.SecretToken, {
    min: 1,
    max: 100,
  });
  switch (type) {
    case 'GITHUB_HMAC':
      if (secret === undefined) throw invalidAuth('GITHUB_HMAC authentication requires a SecretToken');
      if (range !== undefined) throw invalidAuth('GITHUB_HMAC authentication takes only a SecretToken');
      return;
    case 'IP':
      if (range === undefined) throw invalidAuth('IP authentication requires an AllowedIPRange');
      if (!isCidr(range)) throw invalidAuth(`AllowedIPRange '${range}' is not a valid CIDR range`);
      if (secret !== undefined) throw invalidAuth('IP authentication takes only an AllowedIPRange');
      return;
    case 'UNAUTHENTICATED':
      if (range !== undefined || secret !== undefined) {
        throw invalidAuth('UNAUTHENTICATED webhooks take no authentication properties');
      }
      return;
    default: {
      const never: never = type;
      throw invalidAuth(`Unknown authentication ${String(never)}`);
    }
  }
}

/**
 * Checks a webhook definition's own members: names and lengths
 * (`ValidationException`), JsonPath filters (`InvalidWebhookFilterPatternException`)
 * and the authentication properties each scheme needs
 * (`InvalidWebhookAuthenticationParametersException`). Whether its target
 * exists is for the caller, which knows the pipelines.
 */
export function checkWebhookDefinition(raw: unknown): WebhookDefinition {
  const definition = requireObj('webhook', raw);
  requireStr('webhook.name', definition.name, NAME_RULE);
  requireStr('webhook.targetPipeline', definition.targetPipeline, NAME_RULE);
  requireStr('webhook.targetAction', definition.targetAction, NAME_RULE);
  const filters = requireList('webhook.filters', definition.filters, 1, 5);
  filters.forEach((rawFilter, i) => {
    const p = memberPath('webhook.filters', i);
    const filter = requireObj(p, rawFilter);
    const jsonPath = requireStr(`${p}.jsonPath`, filter.jsonPath, { min: 1, max: 150 });
    optionalStr(`${p}.matchEquals`, filter.matchEquals, { min: 1, max: 150 });
    if (!jsonPath.startsWith('$')) {
      throw awsError(
        'InvalidWebhookFilterPatternException',
        `Filter jsonPath '${jsonPath}' is not a JsonPath expression: it must start with '$'`,
      );
    }
  });
  checkAuthentication(definition);
  return asChecked<WebhookDefinition>(definition);
}

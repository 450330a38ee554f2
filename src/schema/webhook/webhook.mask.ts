import {
  type ListWebhookItem as SdkListWebhookItem,
  type WebhookAuthConfiguration as SdkWebhookAuthConfiguration,
  type WebhookDefinition as SdkWebhookDefinition,
} from '@aws-sdk/client-codepipeline';

/** The graph's `WebhookAuthConfiguration`: the SDK one without `SecretToken`, plus `hasSecretToken`. */
export type MaskedWebhookAuthConfiguration = Omit<SdkWebhookAuthConfiguration, 'SecretToken'> & {
  hasSecretToken: boolean;
};

/** An SDK `ListWebhookItem` whose secret has been replaced by `hasSecretToken`. */
export type MaskedWebhookItem = Omit<SdkListWebhookItem, 'definition'> & {
  definition:
    | (Omit<SdkWebhookDefinition, 'authenticationConfiguration'> & {
        authenticationConfiguration: MaskedWebhookAuthConfiguration;
      })
    | undefined;
};

/**
 * Makes an SDK webhook safe for the graph: returns a copy without `SecretToken` and with
 * `hasSecretToken` set, matching the `ListWebhookItem` GraphQL type. Resolvers must pass every
 * ListWebhooks/PutWebhook item through this (the raw SDK object has no `hasSecretToken`, and the
 * schema never exposes the secret). The input object is not modified.
 */
export function maskWebhookItem(item: SdkListWebhookItem): MaskedWebhookItem {
  const { definition } = item;
  if (!definition) return { ...item, definition: undefined };
  const { SecretToken, ...publicAuth } = definition.authenticationConfiguration ?? {};
  return {
    ...item,
    definition: {
      ...definition,
      authenticationConfiguration: { ...publicAuth, hasSecretToken: !!SecretToken },
    },
  };
}

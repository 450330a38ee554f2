import { randomBytes } from 'node:crypto';
import type { ListWebhookItem, WebhookDefinition } from '@aws-sdk/client-codepipeline';
import { type EmulatorTarget } from '../../core/context';
import { awsError } from '../../core/errors';
import { type EmulatorState, type WebhookRecord } from '../../core/state';

/** Webhooks per account and Region, the AWS quota. */
export const MAX_WEBHOOKS = 300;

/** What AWS shows in place of a webhook's secret token. */
export const REDACTED = '<redacted>';

/** A fresh trigger URL: a new one each time a webhook is (re)created, so deleting it kills the old URL. */
export function newWebhookUrl(target: EmulatorTarget): string {
  return `https://${target.region}.webhooks.aws/trigger?t=${randomBytes(32).toString('base64url')}&v=1`;
}

/** The webhook named `name`, or `WebhookNotFoundException`. */
export function requireWebhook(state: EmulatorState, name: string | undefined): WebhookRecord {
  const record = name === undefined ? undefined : state.webhooks.get(name);
  if (!record) throw awsError('WebhookNotFoundException', `There is no webhook with name '${name ?? ''}'`);
  return record;
}

function redact(definition: WebhookDefinition | undefined): WebhookDefinition | undefined {
  const config = definition?.authenticationConfiguration;
  if (!definition || config?.SecretToken === undefined) return definition;
  return { ...definition, authenticationConfiguration: { ...config, SecretToken: REDACTED } };
}

/**
 * A webhook as PutWebhook and ListWebhooks return it: the secret token
 * redacted (the stored record keeps it, for whoever checks signatures) and
 * the tags read from the shared tag store, so TagResource shows up here.
 */
export function presentWebhook(state: EmulatorState, record: WebhookRecord): ListWebhookItem {
  const tags = record.item.arn === undefined ? undefined : state.tags.get(record.item.arn);
  return { ...record.item, definition: redact(record.item.definition), tags };
}

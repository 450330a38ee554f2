import type * as sdk from '@aws-sdk/client-codepipeline';
import { type UpstreamPage } from '../../loaders/codepipeline-loaders';
import { LIMITS } from '../connection/connections';
import { type GatewayContext } from '../context';
import { MUTATION_ROLES, type MutationOperation } from './permissions';
import { canSee, isUnrestricted, type Principal, requireRole } from './principal';

/**
 * Reads bounded by the principal's scope. A pipeline outside it does not
 * exist for the principal: lists leave it out, lookups answer null, and
 * nothing that would reveal it (a webhook, an approval, an event) is shown.
 */

/**
 * Keeps only the items of a page the principal may see. Paging stays
 * consistent because cursors count positions in the filtered page, which is
 * the same on every request of the same principal; `paginate` reads further
 * upstream pages until `first` is filled.
 */
export function visibleItems<T>(
  page: UpstreamPage<T>,
  principal: Principal,
  pipelineOf: (item: T) => string | undefined,
): UpstreamPage<T> {
  if (isUnrestricted(principal)) return page;
  return {
    ...page,
    items: page.items.filter((item) => {
      const name = pipelineOf(item);
      return name !== undefined && canSee(principal, name);
    }),
  };
}

/** The most webhook pages read when looking a webhook up by name: the account quota is 300. */
const WEBHOOK_SCAN_PAGES = 5;

/**
 * The pipeline a webhook targets, for scope checks on writes that name only
 * the webhook. Checks the operation's role first, so a refused principal costs
 * nothing; then costs a (cached) ListWebhooks read, which only principals
 * bound to some pipelines pay. Undefined when the webhook does not exist.
 */
export async function webhookTarget(
  ctx: GatewayContext,
  operation: MutationOperation,
  webhookName: string,
): Promise<string | undefined> {
  requireRole(ctx.principal, MUTATION_ROLES[operation]);
  if (isUnrestricted(ctx.principal)) return undefined;
  let token: string | undefined;
  for (let i = 0; i < WEBHOOK_SCAN_PAGES; i += 1) {
    const page: UpstreamPage<sdk.ListWebhookItem> = await ctx.loaders.webhooksPage.load({
      size: LIMITS.webhooks,
      token,
    });
    const found = page.items.find((w) => w.definition?.name === webhookName);
    if (found) return found.definition?.targetPipeline;
    token = page.nextToken;
    if (!token) return undefined;
  }
  return undefined;
}

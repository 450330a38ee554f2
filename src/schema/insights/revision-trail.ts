import type { PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { targetKey } from '../../aws/target';
import {
  furthestStageOfActions,
  isFinished,
  type LedgerExecution,
  SHORT_SHA_LENGTH,
} from '../../loaders/execution-ledger';
import { allPages } from '../../loaders/upstream-page';
import { type GatewayContext } from '../context';
import { badUserInput } from '../errors/graphql-errors';
import { PipelineExecution } from '../execution/pipeline-execution.type';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { type PipelineExecutionStatus } from '../shared/enums';
import { ensureCovered, insightsOf, pipelinesInScope, type ScopedPipeline } from './coverage';
import { type RevisionAppearance, type RevisionFilter, type RevisionTrail } from './insights.types';

const DAY_MS = 24 * 3600_000;
const MAX_REVISION_LENGTH = 1500;

/** The execution node of a ledger record: its fields resolve from it with no read. */
function executionNode(item: ScopedPipeline, record: LedgerExecution): PipelineExecution {
  const summary: PipelineExecutionSummary = {
    pipelineExecutionId: record.id,
    status: record.status as PipelineExecutionSummary['status'],
    startTime: record.startMs === undefined ? undefined : new Date(record.startMs),
    lastUpdateTime: record.updatedMs === undefined ? undefined : new Date(record.updatedMs),
    sourceRevisions: record.revisions.map((r) => ({
      actionName: r.actionName,
      revisionId: r.revisionId,
      revisionSummary: r.summary,
      revisionUrl: r.url,
    })),
  };
  const { target } = item.entry;
  return new PipelineExecution(
    target,
    item.name,
    record.id,
    toGlobalId('PipelineExecution', target, item.name, record.id),
    { summary },
  );
}

/**
 * The furthest stage of a recorded execution: from the record when the
 * execution had finished when recorded, else from its action runs (read
 * once, then kept in the ledger once the execution has finished).
 */
async function withFurthestStage(item: ScopedPipeline, record: LedgerExecution): Promise<LedgerExecution> {
  if (record.furthestStage && isFinished(record.status)) return record;
  const details = await allPages((token) =>
    item.view.loaders.actionExecutionsPage.load({
      pipelineName: item.name,
      filter: { pipelineExecutionId: record.id },
      size: 100,
      token,
    }),
  );
  const furthest = furthestStageOfActions(details);
  const updated = { ...record, ...(furthest ? { furthestStage: furthest } : {}) };
  if (isFinished(record.status))
    await insightsOf(item.view).ledger.update(item.entry.target, item.name, [updated]);
  return updated;
}

/** `Query.revision`: every execution in scope that carried the revision, oldest first. */
export async function revisionTrail(
  ctx: GatewayContext,
  revisionId: string,
  filter: RevisionFilter | null | undefined,
): Promise<RevisionTrail | null> {
  const wanted = revisionId.trim();
  if (wanted.length === 0 || wanted.length > MAX_REVISION_LENGTH) {
    throw badUserInput(`revisionId must be 1 to ${MAX_REVISION_LENGTH} characters`, 'revisionId');
  }
  const insights = insightsOf(ctx);
  const scoped = await pipelinesInScope(ctx, {
    accounts: filter?.accounts,
    regions: filter?.regions,
    names: filter?.pipelines,
  });
  await ensureCovered(insights, scoped, insights.now() - insights.settings.revisionIndexDays * DAY_MS);
  const byPipeline = new Map(scoped.map((item) => [`${targetKey(item.entry.target)}:${item.name}`, item]));
  const found = await insights.ledger.findRevision(wanted);
  const matches = [...found.entries()]
    .map(
      ([full, hits]) =>
        [full, hits.filter((h) => byPipeline.has(`${targetKey(h.target)}:${h.pipelineName}`))] as const,
    )
    .filter(([, hits]) => hits.length > 0);
  if (matches.length === 0) return null;
  if (matches.length > 1) {
    throw badUserInput(
      `revisionId ${wanted} matches ${matches.length} revisions; give more than ${Math.max(wanted.length, SHORT_SHA_LENGTH)} characters`,
      'revisionId',
    );
  }
  const [full, hits] = matches[0] as (typeof matches)[number];
  const appearances: RevisionAppearance[] = [];
  let described: { summary?: string; url?: string } | undefined;
  for (const hit of hits) {
    const item = byPipeline.get(`${targetKey(hit.target)}:${hit.pipelineName}`) as ScopedPipeline;
    const [stored] = await insights.ledger.executionsById(hit.target, hit.pipelineName, [
      hit.pipelineExecutionId,
    ]);
    if (!stored) continue;
    const record = await withFurthestStage(item, stored);
    described ??= record.revisions.find((r) => r.revisionId === full);
    const { target } = item.entry;
    appearances.push({
      pipeline: new Pipeline(target, item.name, toGlobalId('Pipeline', target, item.name)),
      execution: executionNode(item, record),
      status: record.status as PipelineExecutionStatus,
      furthestStage: record.furthestStage && {
        name: record.furthestStage.name,
        reachedAt:
          record.furthestStage.reachedAtMs === undefined
            ? undefined
            : new Date(record.furthestStage.reachedAtMs),
      },
      enteredAt: new Date(hit.enteredAtMs),
    });
  }
  appearances.sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime());
  return { revisionId: full, summary: described?.summary, url: described?.url, appearances };
}

import type * as sdk from '@aws-sdk/client-codepipeline';
import { Arg, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { TargetCtx, withTarget } from '../target/bind-target';
import { targetOfPipeline } from '../target/pick-target';
import { type Target } from '../../aws/target';
import { checkId, checkName } from '../shared/args';
import { canSee } from '../auth/principal';
import { paginate } from '../connection/paginate';
import { ActionExecutionConnection, LIMITS, RuleExecutionConnection } from '../connection/connections';
import { type GatewayContext } from '../context';
import { ExecutionMode, ExecutionType, PipelineExecutionStatus } from '../shared/enums';
import { orNull } from '../shared/errors';
import { toGlobalId } from '../node/global-id';
import { Pipeline } from '../pipeline/pipeline.type';
import { DateTimeScalar } from '../shared/scalars';
import {
  ArtifactRevision,
  ExecutionTrigger,
  PipelineRollbackMetadata,
  ResolvedPipelineVariable,
  SourceRevision,
  StopExecutionTrigger,
} from './execution.type';
import { plain } from './filters.input';
import { PipelineExecution } from './pipeline-execution.type';
import { type InHand, then } from '../../loaders/in-hand';

/** Execution nodes built from list entries, by entry: a warm page hands every request the same entries. */
const bySummary = new WeakMap<sdk.PipelineExecutionSummary, PipelineExecution>();

/**
 * Builds the graph object of an execution, with its global ID. One built
 * from a list entry alone is built once per entry and shared (nodes are
 * never mutated), so a warm dashboard allocates and encodes no IDs.
 */
export function executionNode(
  target: Target,
  pipelineName: string,
  from: { summary?: sdk.PipelineExecutionSummary; detail?: sdk.PipelineExecution },
): PipelineExecution {
  const { summary } = from;
  if (!summary || from.detail) return buildExecutionNode(target, pipelineName, from);
  const known = bySummary.get(summary);
  if (known && known.target === target && known.pipelineName === pipelineName) return known;
  const node = buildExecutionNode(target, pipelineName, from);
  bySummary.set(summary, node);
  return node;
}

function buildExecutionNode(
  target: Target,
  pipelineName: string,
  from: { summary?: sdk.PipelineExecutionSummary; detail?: sdk.PipelineExecution },
): PipelineExecution {
  const executionId = from.summary?.pipelineExecutionId ?? from.detail?.pipelineExecutionId ?? '';
  return new PipelineExecution(
    target,
    pipelineName,
    executionId,
    toGlobalId('PipelineExecution', target, pipelineName, executionId),
    from,
  );
}

/** Serves `PipelineExecution` and `Query.pipelineExecution`. */
@Resolver(() => PipelineExecution)
export class PipelineExecutionResolver {
  @Query(() => PipelineExecution, {
    nullable: true,
    description: 'One execution; null when it does not exist or its pipeline is outside your scope.',
  })
  async pipelineExecution(
    @Arg('pipelineName', () => String) pipelineName: string,
    @Arg('pipelineExecutionId', () => String) pipelineExecutionId: string,
    @TargetCtx() root: GatewayContext,
    @Arg('account', () => String, {
      nullable: true,
      description: 'The target, when the graph spans several.',
    })
    account?: string,
    @Arg('region', () => String, { nullable: true }) region?: string,
  ): Promise<PipelineExecution | null> {
    checkName(pipelineName, 'pipelineName');
    checkId(pipelineExecutionId, 'pipelineExecutionId');
    const target = await targetOfPipeline(root, { account, region }, pipelineName, async (candidate) => {
      const view = root.at(candidate);
      const found = canSee(view.principal, pipelineName)
        ? await orNull(view.loaders.execution.load({ pipelineName, pipelineExecutionId }))
        : null;
      return found !== null;
    });
    if (!target) return null;
    const ctx = root.at(target);
    if (!canSee(ctx.principal, pipelineName)) return null;
    const detail = await orNull(ctx.loaders.execution.load({ pipelineName, pipelineExecutionId }));
    return detail ? executionNode(ctx.target, pipelineName, { detail }) : null;
  }

  /** The GetPipelineExecution detail, loaded once per execution per request (and cached). */
  private detail(root: PipelineExecution, ctx: GatewayContext): InHand<sdk.PipelineExecution> {
    if (root.detail) return root.detail;
    return ctx.loaders.execution.read({
      pipelineName: root.pipelineName,
      pipelineExecutionId: root.pipelineExecutionId,
    });
  }

  /** Reads a member the summary and the detail share, preferring what is at hand. */
  private shared<K extends keyof sdk.PipelineExecutionSummary & keyof sdk.PipelineExecution>(
    root: PipelineExecution,
    ctx: GatewayContext,
    key: K,
  ): InHand<sdk.PipelineExecution[K] | undefined> {
    if (root.summary) return root.summary[key];
    return then(this.detail(root, ctx), (detail) => detail[key]);
  }

  @FieldResolver(() => Pipeline)
  pipeline(@Root() root: PipelineExecution): Pipeline {
    return new Pipeline(
      root.target,
      root.pipelineName,
      toGlobalId('Pipeline', root.target, root.pipelineName),
    );
  }

  @FieldResolver(() => PipelineExecutionStatus, { nullable: true })
  status(@Root() root: PipelineExecution, @TargetCtx() ctx: GatewayContext) {
    return this.shared(root, ctx, 'status');
  }

  @FieldResolver(() => String, { nullable: true })
  statusSummary(@Root() root: PipelineExecution, @TargetCtx() ctx: GatewayContext) {
    return this.shared(root, ctx, 'statusSummary');
  }

  @FieldResolver(() => ExecutionTrigger, { nullable: true })
  trigger(@Root() root: PipelineExecution, @TargetCtx() ctx: GatewayContext) {
    return this.shared(root, ctx, 'trigger');
  }

  @FieldResolver(() => ExecutionMode, { nullable: true })
  executionMode(@Root() root: PipelineExecution, @TargetCtx() ctx: GatewayContext) {
    return this.shared(root, ctx, 'executionMode');
  }

  @FieldResolver(() => ExecutionType, { nullable: true })
  executionType(@Root() root: PipelineExecution, @TargetCtx() ctx: GatewayContext) {
    return this.shared(root, ctx, 'executionType');
  }

  @FieldResolver(() => PipelineRollbackMetadata, { nullable: true })
  rollbackMetadata(@Root() root: PipelineExecution, @TargetCtx() ctx: GatewayContext) {
    return this.shared(root, ctx, 'rollbackMetadata');
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'From ListPipelineExecutions.' })
  startTime(@Root() root: PipelineExecution): Date | undefined {
    return root.summary?.startTime;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'From ListPipelineExecutions.' })
  lastUpdateTime(@Root() root: PipelineExecution): Date | undefined {
    return root.summary?.lastUpdateTime;
  }

  @FieldResolver(() => [SourceRevision], { nullable: true, description: 'From ListPipelineExecutions.' })
  sourceRevisions(@Root() root: PipelineExecution): sdk.SourceRevision[] | undefined {
    return root.summary?.sourceRevisions;
  }

  @FieldResolver(() => StopExecutionTrigger, { nullable: true, description: 'From ListPipelineExecutions.' })
  stopTrigger(@Root() root: PipelineExecution): sdk.StopExecutionTrigger | undefined {
    return root.summary?.stopTrigger;
  }

  @FieldResolver(() => Int, { nullable: true })
  pipelineVersion(
    @Root() root: PipelineExecution,
    @TargetCtx() ctx: GatewayContext,
  ): InHand<number | undefined> {
    return then(this.detail(root, ctx), (detail) => detail.pipelineVersion);
  }

  @FieldResolver(() => [ArtifactRevision], { nullable: true })
  artifactRevisions(@Root() root: PipelineExecution, @TargetCtx() ctx: GatewayContext) {
    return then(this.detail(root, ctx), (detail) => detail.artifactRevisions);
  }

  @FieldResolver(() => [ResolvedPipelineVariable], { nullable: true })
  variables(@Root() root: PipelineExecution, @TargetCtx() ctx: GatewayContext) {
    return then(this.detail(root, ctx), (detail) => detail.variables);
  }

  @FieldResolver(() => ActionExecutionConnection, { description: 'The action executions of this run.' })
  actionExecutions(
    @Root() root: PipelineExecution,
    @TargetCtx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const filter = plain({ pipelineExecutionId: root.pipelineExecutionId });
    return paginate(
      { first, after },
      { upstreamMax: LIMITS.actionExecutions, maxFirst: ctx.maxPageSize, defaultFirst: 50 },
      (page) => ctx.loaders.actionExecutionsPage.load({ ...page, pipelineName: root.pipelineName, filter }),
      withTarget(ctx.target),
    );
  }

  @FieldResolver(() => RuleExecutionConnection, { description: 'The condition rule executions of this run.' })
  ruleExecutions(
    @Root() root: PipelineExecution,
    @TargetCtx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const filter = plain({ pipelineExecutionId: root.pipelineExecutionId });
    return paginate(
      { first, after },
      { upstreamMax: LIMITS.ruleExecutions, maxFirst: ctx.maxPageSize, defaultFirst: 50 },
      (page) => ctx.loaders.ruleExecutionsPage.load({ ...page, pipelineName: root.pipelineName, filter }),
    );
  }
}

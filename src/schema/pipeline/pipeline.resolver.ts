import type * as sdk from '@aws-sdk/client-codepipeline';
import { Arg, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { checkName, checkVersion } from '../shared/args';
import { canSee } from '../auth/principal';
import { paginate } from '../connection/paginate';
import { LIMITS, PipelineConnection, PipelineExecutionConnection } from '../connection/connections';
import { type GatewayContext } from '../context';
import { ExecutionMode, PipelineType } from '../shared/enums';
import { orNull } from '../shared/errors';
import { PipelineExecutionFilterInput, plain } from '../execution/filters.input';
import { executionNode } from '../execution/pipeline-execution.resolver';
import { PipelineExecution } from '../execution/pipeline-execution.type';
import { toGlobalId } from '../node/global-id';
import { DateTimeScalar, JSONScalar } from '../shared/scalars';
import { ArtifactStore } from './artifact-store.type';
import { PipelineDeclaration, PipelineMetadata } from './pipeline-declaration.type';
import { PipelineTriggerDeclaration } from './trigger.type';
import { PipelineVariableDeclaration } from './variable.type';
import { joinStages } from '../stage-and-action/join';
import { PipelineState } from './pipeline-state.type';
import { Pipeline } from './pipeline.type';
import { ForgetsVanishedPipelines } from './vanished-pipeline';
import { TargetCtx } from '../target/bind-target';
import { targetOfPipeline } from '../target/pick-target';
import { PipelineFilter } from '../target/pipeline-filter.input';
import { pipelinesAcrossTargets } from '../target/pipelines-across';
import { Stage } from '../stage-and-action/stage.type';
import { LATEST_EXECUTIONS_PAGE_SIZE } from '../../loaders/keys';
import { both, type InHand, then } from '../../loaders/in-hand';

/** Serves `Query.pipelines`, `Query.pipeline` and the fields of `Pipeline`. */
@Resolver(() => Pipeline)
// Each field reads in the pipeline's own target (`@TargetCtx()`), and a pipeline found gone is forgotten.
@ForgetsVanishedPipelines()
export class PipelineResolver {
  @Query(() => PipelineConnection, {
    description:
      'Every pipeline the caller may see, across every target, a page at a time (ListPipelines), ordered by ' +
      'account, region and name. An unreachable target adds one error and the others still answer.',
  })
  pipelines(
    @TargetCtx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => PipelineFilter, { nullable: true }) filter?: PipelineFilter,
  ) {
    return pipelinesAcrossTargets(ctx, { first, after, filter });
  }

  @Query(() => Pipeline, {
    nullable: true,
    description:
      'One pipeline, at its latest or a given version; null when it does not exist or is outside your scope.',
  })
  async pipeline(
    @Arg('name', () => String) name: string,
    @TargetCtx() root: GatewayContext,
    @Arg('version', () => Int, { nullable: true }) version?: number,
    @Arg('account', () => String, {
      nullable: true,
      description: 'The target, when the graph spans several.',
    })
    account?: string,
    @Arg('region', () => String, { nullable: true }) region?: string,
  ): Promise<Pipeline | null> {
    checkName(name, 'name');
    checkVersion(version);
    // With several targets, the one holding the name (BAD_USER_INPUT naming them when several do).
    const target = await targetOfPipeline(root, { account, region }, name, async (candidate) => {
      const view = root.at(candidate);
      return canSee(view.principal, name) && (await orNull(view.loaders.pipeline.load({ name }))) !== null;
    });
    if (!target) return null;
    const ctx = root.at(target);
    if (!canSee(ctx.principal, name)) return null;
    // The declaration answers "does it exist", and every declaration field reuses it.
    const found = await orNull(ctx.loaders.pipeline.load({ name, version }));
    return found
      ? new Pipeline(ctx.target, name, toGlobalId('Pipeline', ctx.target, name), { version })
      : null;
  }

  /** The GetPipeline output for this pipeline's version (latest unless one was asked for). */
  private get(root: Pipeline, ctx: GatewayContext): InHand<sdk.GetPipelineOutput> {
    return ctx.loaders.pipeline.read({
      name: root.name,
      version: root.requestedVersion ?? root.summary?.version,
    });
  }

  private loadDeclaration(root: Pipeline, ctx: GatewayContext): InHand<sdk.PipelineDeclaration> {
    return then(
      this.get(root, ctx),
      (out) => out.pipeline ?? { name: root.name, roleArn: undefined, stages: [] },
    );
  }

  /** A member the list summary carries too: no GetPipeline when the pipeline came from a list. */
  private summarised<K extends 'version' | 'pipelineType' | 'executionMode'>(
    root: Pipeline,
    ctx: GatewayContext,
    key: K,
  ): InHand<sdk.PipelineSummary[K]> {
    if (root.summary && !root.requestedVersion) return root.summary[key];
    return then(this.loadDeclaration(root, ctx), (declaration) => declaration[key]);
  }

  @FieldResolver(() => String, { description: 'arn:aws:codepipeline:<region>:<account>:<name>' })
  arn(@Root() root: Pipeline): string {
    return root.arn;
  }

  @FieldResolver(() => Int, { nullable: true })
  version(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return this.summarised(root, ctx, 'version');
  }

  @FieldResolver(() => PipelineType, { nullable: true })
  pipelineType(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return this.summarised(root, ctx, 'pipelineType');
  }

  @FieldResolver(() => ExecutionMode, { nullable: true })
  executionMode(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return this.summarised(root, ctx, 'executionMode');
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  created(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext): InHand<Date | undefined> {
    return root.summary?.created ?? then(this.get(root, ctx), (out) => out.metadata?.created);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  updated(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext): InHand<Date | undefined> {
    return root.summary?.updated ?? then(this.get(root, ctx), (out) => out.metadata?.updated);
  }

  @FieldResolver(() => String, { nullable: true })
  roleArn(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return then(this.loadDeclaration(root, ctx), (declaration) => declaration.roleArn);
  }

  @FieldResolver(() => ArtifactStore, { nullable: true })
  artifactStore(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return then(this.loadDeclaration(root, ctx), (declaration) => declaration.artifactStore);
  }

  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description: 'Artifact stores by region (cross-region pipelines).',
  })
  artifactStores(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return then(this.loadDeclaration(root, ctx), (declaration) => declaration.artifactStores);
  }

  @FieldResolver(() => [PipelineTriggerDeclaration], { nullable: true })
  triggers(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return then(this.loadDeclaration(root, ctx), (declaration) => declaration.triggers);
  }

  @FieldResolver(() => [PipelineVariableDeclaration], { nullable: true })
  variables(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return then(this.loadDeclaration(root, ctx), (declaration) => declaration.variables);
  }

  @FieldResolver(() => PipelineDeclaration, { description: 'The raw declaration (GetPipeline).' })
  declaration(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return this.loadDeclaration(root, ctx);
  }

  @FieldResolver(() => PipelineMetadata, { nullable: true, description: 'GetPipeline metadata.' })
  metadata(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return then(this.get(root, ctx), (out) => out.metadata);
  }

  @FieldResolver(() => [Stage], {
    description: 'Stages with their actions: declaration joined with live state.',
  })
  stages(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext): InHand<Stage[]> {
    return both(this.loadDeclaration(root, ctx), ctx.loaders.pipelineState.read(root.name), joinStages);
  }

  @FieldResolver(() => PipelineState, { description: 'The raw GetPipelineState output.' })
  state(@Root() root: Pipeline, @TargetCtx() ctx: GatewayContext) {
    return ctx.loaders.pipelineState.read(root.name);
  }

  @FieldResolver(() => PipelineExecutionConnection, {
    description: 'Executions, newest first (ListPipelineExecutions).',
  })
  executions(
    @Root() root: Pipeline,
    @TargetCtx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => PipelineExecutionFilterInput, { nullable: true })
    filter?: PipelineExecutionFilterInput,
  ) {
    const plainFilter = plain(filter);
    return paginate(
      { first, after },
      { upstreamMax: LIMITS.executions, maxFirst: ctx.maxPageSize, defaultFirst: 20 },
      ({ size, token }) =>
        ctx.loaders.executionsPage.read({ size, token, pipelineName: root.name, filter: plainFilter }),
      (summary) => executionNode(root.target, root.name, { summary }),
    );
  }

  @FieldResolver(() => PipelineExecution, { nullable: true, description: 'The most recent execution.' })
  latestExecution(
    @Root() root: Pipeline,
    @TargetCtx() ctx: GatewayContext,
  ): InHand<PipelineExecution | null> {
    // The same page (and cache entry) as executions(first: 1..10), so asking for both costs one call.
    const page = ctx.loaders.executionsPage.read({
      size: LATEST_EXECUTIONS_PAGE_SIZE,
      pipelineName: root.name,
    });
    return then(page, ({ items: [summary] }) =>
      summary ? executionNode(root.target, root.name, { summary }) : null,
    );
  }
}

import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { targetKey } from '../../aws/target';
import { type GatewayContext } from '../context';
import { PipelineExecution } from '../execution/pipeline-execution.type';
import { Pipeline } from '../pipeline/pipeline.type';
import { executionConsoleUrl, pipelineConsoleUrl } from './console-url';
import { callerReaches, sortedEntries } from './directory';
import { TargetStatus, TargetView } from './target.type';

/** The order of badness: a target is as bad as its worst region. */
const SEVERITY: readonly TargetStatus[] = [
  TargetStatus.OK,
  TargetStatus.UNCHECKED,
  TargetStatus.UPSTREAM_UNAVAILABLE,
  TargetStatus.ACCESS_DENIED,
  TargetStatus.CREDENTIALS_MISSING,
];

/** Serves `Query.targets`. */
@Resolver()
export class TargetsResolver {
  @Query(() => [TargetView], {
    description:
      'The accounts this graph spans, each with its regions and health; only those your scopes reach.',
  })
  targets(@Ctx() ctx: GatewayContext): TargetView[] {
    const byAccount = new Map<string, TargetView>();
    for (const entry of sortedEntries(ctx.targets.entries)) {
      if (!callerReaches(ctx.caller, entry.target)) continue;
      const health = ctx.targets.health(entry.target);
      const status = health.status as TargetStatus;
      const view = byAccount.get(entry.target.accountId) ?? {
        account: entry.target.accountId,
        alias: entry.alias,
        regions: [],
        status: TargetStatus.OK,
      };
      view.regions.push(entry.target.region);
      if (SEVERITY.indexOf(status) > SEVERITY.indexOf(view.status)) view.status = status;
      if (health.lastError && (status !== TargetStatus.OK || view.lastError === undefined)) {
        view.lastError = health.lastError.message;
      }
      byAccount.set(entry.target.accountId, view);
    }
    return [...byAccount.values()];
  }
}

/** The target fields of `Pipeline`. */
@Resolver(() => Pipeline)
export class PipelineTargetResolver {
  @FieldResolver(() => String, { description: 'The account the pipeline lives in.' })
  account(@Root() root: Pipeline): string {
    return root.target.accountId;
  }

  @FieldResolver(() => String, { description: 'The region the pipeline lives in.' })
  region(@Root() root: Pipeline): string {
    return root.target.region;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The alias of the pipeline's target (TARGETS_FILE).",
  })
  targetAlias(@Root() root: Pipeline, @Ctx() ctx: GatewayContext): string | null {
    const key = targetKey(root.target);
    return ctx.targets.entries.find((entry) => targetKey(entry.target) === key)?.alias ?? null;
  }

  @FieldResolver(() => String, { description: "The pipeline's page in the AWS console." })
  consoleUrl(@Root() root: Pipeline): string {
    return pipelineConsoleUrl(root.target.region, root.name);
  }
}

/** The target fields of `PipelineExecution`. */
@Resolver(() => PipelineExecution)
export class ExecutionTargetResolver {
  @FieldResolver(() => String, { description: "The execution's timeline in the AWS console." })
  consoleUrl(@Root() root: PipelineExecution): string {
    return executionConsoleUrl(root.target.region, root.pipelineName, root.pipelineExecutionId);
  }
}

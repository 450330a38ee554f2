import { Field, InputType } from 'type-graphql';
import { StartTimeRange, TargetFilterName } from '../shared/enums';

@InputType({ description: 'Only executions that succeeded in this stage.' })
export class SucceededInStageFilterInput {
  @Field(() => String, { nullable: true })
  stageName?: string;
}

/** Narrows ListPipelineExecutions. */
@InputType('PipelineExecutionFilter')
export class PipelineExecutionFilterInput {
  @Field(() => SucceededInStageFilterInput, { nullable: true })
  succeededInStage?: SucceededInStageFilterInput;
}

@InputType('LatestInPipelineExecutionFilter')
export class LatestInPipelineExecutionFilterInput {
  @Field(() => String)
  pipelineExecutionId!: string;

  @Field(() => StartTimeRange)
  startTimeRange!: StartTimeRange;
}

/** Narrows ListActionExecutions. */
@InputType('ActionExecutionFilter')
export class ActionExecutionFilterInput {
  @Field(() => String, { nullable: true })
  pipelineExecutionId?: string;

  @Field(() => LatestInPipelineExecutionFilterInput, { nullable: true })
  latestInPipelineExecution?: LatestInPipelineExecutionFilterInput;
}

/** Narrows ListRuleExecutions. */
@InputType('RuleExecutionFilter')
export class RuleExecutionFilterInput {
  @Field(() => String, { nullable: true })
  pipelineExecutionId?: string;

  @Field(() => LatestInPipelineExecutionFilterInput, { nullable: true })
  latestInPipelineExecution?: LatestInPipelineExecutionFilterInput;
}

/** Narrows ListDeployActionExecutionTargets. */
@InputType('TargetFilter')
export class TargetFilterInput {
  @Field(() => TargetFilterName, { nullable: true })
  name?: TargetFilterName;

  @Field(() => [String], { nullable: true })
  values?: string[];
}

/** Copies a GraphQL input object into a plain one, dropping nulls, so it keys caches stably and suits the SDK. */
export function plain<T>(input: T | undefined | null): T | undefined {
  if (input === undefined || input === null) return undefined;
  return JSON.parse(JSON.stringify(input, (_k, v: unknown) => (v === null ? undefined : v))) as T;
}

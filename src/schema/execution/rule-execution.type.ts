import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, Int, ObjectType } from 'type-graphql';
import { RuleExecutionStatus } from '../shared/enums';
import { DateTimeScalar, JSONScalar } from '../shared/scalars';
import { ArtifactDetail } from '../shared/artifact.type';
import { ErrorDetails, RuleTypeId } from '../shared/common.type';

/** What a rule execution ran with. */
@ObjectType({ simpleResolvers: true, description: 'What a rule execution ran with.' })
export class RuleExecutionInput implements sdk.RuleExecutionInput {
  @Field(() => RuleTypeId, { nullable: true })
  ruleTypeId?: RuleTypeId;

  @Field(() => JSONScalar, { nullable: true, description: 'The configuration as declared (string map).' })
  configuration?: Record<string, string>;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The configuration with variables substituted (string map).',
  })
  resolvedConfiguration?: Record<string, string>;

  @Field(() => String, { nullable: true })
  roleArn?: string;

  @Field(() => String, { nullable: true })
  region?: string;

  @Field(() => [ArtifactDetail], { nullable: true })
  inputArtifacts?: ArtifactDetail[];
}

/** What the rule's provider reported back. */
@ObjectType({ simpleResolvers: true, description: "What a rule's provider reported about an execution." })
export class RuleExecutionResult implements sdk.RuleExecutionResult {
  @Field(() => String, { nullable: true })
  externalExecutionId?: string;

  @Field(() => String, { nullable: true })
  externalExecutionSummary?: string;

  @Field(() => String, { nullable: true })
  externalExecutionUrl?: string;

  @Field(() => ErrorDetails, { nullable: true })
  errorDetails?: ErrorDetails;
}

/** What a rule execution produced. */
@ObjectType({ simpleResolvers: true, description: 'What a rule execution produced.' })
export class RuleExecutionOutput implements sdk.RuleExecutionOutput {
  @Field(() => RuleExecutionResult, { nullable: true })
  executionResult?: RuleExecutionResult;
}

/** One row of ListRuleExecutions: a single run of a condition rule. */
@ObjectType({
  simpleResolvers: true,
  description: 'One run of a condition rule, from rule execution history.',
})
export class RuleExecutionDetail implements sdk.RuleExecutionDetail {
  @Field(() => String, { nullable: true })
  pipelineExecutionId?: string;

  @Field(() => String, { nullable: true })
  ruleExecutionId?: string;

  @Field(() => Int, { nullable: true })
  pipelineVersion?: number;

  @Field(() => String, { nullable: true })
  stageName?: string;

  @Field(() => String, { nullable: true })
  ruleName?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  startTime?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  lastUpdateTime?: Date;

  @Field(() => String, { nullable: true })
  updatedBy?: string;

  @Field(() => RuleExecutionStatus, { nullable: true })
  status?: RuleExecutionStatus;

  @Field(() => RuleExecutionInput, { nullable: true })
  input?: RuleExecutionInput;

  @Field(() => RuleExecutionOutput, { nullable: true })
  output?: RuleExecutionOutput;
}

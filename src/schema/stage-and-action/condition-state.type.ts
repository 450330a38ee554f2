import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { ConditionExecutionStatus, RuleExecutionStatus } from '../shared/enums';
import { DateTimeScalar } from '../shared/scalars';
import { ErrorDetails } from '../shared/common.type';

/** The latest check of one condition. */
@ObjectType({ simpleResolvers: true, description: 'The latest run of one stage condition.' })
export class ConditionExecution implements sdk.ConditionExecution {
  @Field(() => ConditionExecutionStatus, { nullable: true })
  status?: ConditionExecutionStatus;

  @Field(() => String, { nullable: true })
  summary?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  lastStatusChange?: Date;
}

/** The revision a rule last evaluated. */
@ObjectType({ simpleResolvers: true, description: 'The revision a rule last evaluated.' })
export class RuleRevision implements sdk.RuleRevision {
  @Field(() => String)
  revisionId!: string;

  @Field(() => String, { nullable: true })
  revisionChangeId!: string | undefined;

  @Field(() => DateTimeScalar, { nullable: true })
  created!: Date | undefined;
}

/** The latest run of one rule in a condition. */
@ObjectType({ simpleResolvers: true, description: 'The latest run of one condition rule.' })
export class RuleExecution implements sdk.RuleExecution {
  @Field(() => String, { nullable: true })
  ruleExecutionId?: string;

  @Field(() => RuleExecutionStatus, { nullable: true })
  status?: RuleExecutionStatus;

  @Field(() => String, { nullable: true })
  summary?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  lastStatusChange?: Date;

  @Field(() => String, { nullable: true })
  token?: string;

  @Field(() => String, { nullable: true })
  lastUpdatedBy?: string;

  @Field(() => String, { nullable: true })
  externalExecutionId?: string;

  @Field(() => String, { nullable: true })
  externalExecutionUrl?: string;

  @Field(() => ErrorDetails, { nullable: true })
  errorDetails?: ErrorDetails;
}

/** Live state of one rule of a stage condition. */
@ObjectType({ simpleResolvers: true, description: 'The live state of one condition rule.' })
export class RuleState implements sdk.RuleState {
  @Field(() => String, { nullable: true })
  ruleName?: string;

  @Field(() => RuleRevision, { nullable: true })
  currentRevision?: RuleRevision;

  @Field(() => RuleExecution, { nullable: true })
  latestExecution?: RuleExecution;

  @Field(() => String, { nullable: true })
  entityUrl?: string;

  @Field(() => String, { nullable: true })
  revisionUrl?: string;
}

/** Live state of one condition and its rules. */
@ObjectType({ simpleResolvers: true, description: 'The live state of one condition and its rules.' })
export class ConditionState implements sdk.ConditionState {
  @Field(() => ConditionExecution, { nullable: true })
  latestExecution?: ConditionExecution;

  @Field(() => [RuleState], { nullable: true })
  ruleStates?: RuleState[];
}

/** The combined result of all conditions of one kind on a stage. */
@ObjectType({
  simpleResolvers: true,
  description: 'The combined run of all conditions of one kind on a stage.',
})
export class StageConditionsExecution implements sdk.StageConditionsExecution {
  @Field(() => ConditionExecutionStatus, { nullable: true })
  status?: ConditionExecutionStatus;

  @Field(() => String, { nullable: true })
  summary?: string;
}

/** Live state of a stage's beforeEntry, onSuccess or onFailure conditions. */
@ObjectType({
  simpleResolvers: true,
  description: "The live state of a stage's beforeEntry, onSuccess or onFailure conditions.",
})
export class StageConditionState implements sdk.StageConditionState {
  @Field(() => StageConditionsExecution, { nullable: true })
  latestExecution?: StageConditionsExecution;

  @Field(() => [ConditionState], { nullable: true })
  conditionStates?: ConditionState[];
}

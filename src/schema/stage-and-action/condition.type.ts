import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, Int, ObjectType } from 'type-graphql';
import { Result, StageRetryMode } from '../shared/enums';
import { JSONScalar } from '../shared/scalars';
import { InputArtifact } from '../shared/artifact.type';
import { RuleTypeId } from '../shared/common.type';

/** One rule of a stage condition, as declared in the pipeline. */
@ObjectType({
  simpleResolvers: true,
  description: 'A rule checked by a stage condition, as declared in the pipeline.',
})
export class RuleDeclaration implements sdk.RuleDeclaration {
  @Field(() => String)
  name!: string;

  @Field(() => RuleTypeId)
  ruleTypeId!: RuleTypeId;

  @Field(() => JSONScalar, { nullable: true, description: 'The rule configuration string map.' })
  configuration?: Record<string, string>;

  @Field(() => [String], { nullable: true, description: 'Shell commands of a Commands rule.' })
  commands?: string[];

  @Field(() => [InputArtifact], { nullable: true })
  inputArtifacts?: InputArtifact[];

  @Field(() => String, { nullable: true })
  roleArn?: string;

  @Field(() => String, { nullable: true })
  region?: string;

  @Field(() => Int, { nullable: true })
  timeoutInMinutes?: number;
}

/** A set of rules plus what to do when they fail. */
@ObjectType({
  simpleResolvers: true,
  description: 'A stage condition: rules, and the result applied when they are not met.',
})
export class Condition implements sdk.Condition {
  @Field(() => Result, { nullable: true })
  result?: Result;

  @Field(() => [RuleDeclaration], { nullable: true })
  rules?: RuleDeclaration[];
}

/** How a failed stage is retried automatically. */
@ObjectType({ simpleResolvers: true, description: 'Automatic retry settings of a failed stage.' })
export class RetryConfiguration implements sdk.RetryConfiguration {
  @Field(() => StageRetryMode, { nullable: true })
  retryMode?: StageRetryMode;
}

/** Gates checked before a stage is entered. */
@ObjectType({ simpleResolvers: true, description: 'Conditions that must pass before a stage starts.' })
export class BeforeEntryConditions implements sdk.BeforeEntryConditions {
  @Field(() => [Condition])
  conditions!: Condition[];
}

/** Checks run after a stage succeeds. */
@ObjectType({ simpleResolvers: true, description: 'Conditions checked after a stage succeeds.' })
export class SuccessConditions implements sdk.SuccessConditions {
  @Field(() => [Condition])
  conditions!: Condition[];
}

/** What happens when a stage fails: rollback, retry, or conditions deciding. */
@ObjectType({ simpleResolvers: true, description: 'What happens when a stage fails.' })
export class FailureConditions implements sdk.FailureConditions {
  @Field(() => Result, { nullable: true })
  result?: Result;

  @Field(() => RetryConfiguration, { nullable: true })
  retryConfiguration?: RetryConfiguration;

  @Field(() => [Condition], { nullable: true })
  conditions?: Condition[];
}

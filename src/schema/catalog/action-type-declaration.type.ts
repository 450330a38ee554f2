import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, Int, ObjectType } from 'type-graphql';
import { ActionCategory, ExecutorType } from '../shared/enums';

/** The Lambda function that runs a custom action type's jobs. */
@ObjectType({
  simpleResolvers: true,
  description: "The Lambda function that runs a custom action type's jobs.",
})
export class LambdaExecutorConfiguration implements sdk.LambdaExecutorConfiguration {
  @Field(() => String)
  lambdaFunctionArn!: string;
}

/** Who may poll for a custom action type's jobs. */
@ObjectType({ simpleResolvers: true, description: "Who may poll for a custom action type's jobs." })
export class JobWorkerExecutorConfiguration implements sdk.JobWorkerExecutorConfiguration {
  @Field(() => [String], { nullable: true })
  pollingAccounts?: string[];

  @Field(() => [String], { nullable: true })
  pollingServicePrincipals?: string[];
}

/** Exactly one of the executor configurations is set, per the executor type. */
@ObjectType({
  simpleResolvers: true,
  description: 'Executor settings: one of the two is set, per the executor type.',
})
export class ExecutorConfiguration implements sdk.ExecutorConfiguration {
  @Field(() => LambdaExecutorConfiguration, { nullable: true })
  lambdaExecutorConfiguration?: LambdaExecutorConfiguration;

  @Field(() => JobWorkerExecutorConfiguration, { nullable: true })
  jobWorkerExecutorConfiguration?: JobWorkerExecutorConfiguration;
}

/** How jobs of an action type are executed. */
@ObjectType({ simpleResolvers: true, description: 'How jobs of an action type are executed.' })
export class ActionTypeExecutor implements sdk.ActionTypeExecutor {
  @Field(() => ExecutorConfiguration)
  configuration!: ExecutorConfiguration;

  @Field(() => ExecutorType)
  type!: ExecutorType;

  @Field(() => String, { nullable: true })
  policyStatementsTemplate?: string;

  @Field(() => Int, { nullable: true, description: 'Seconds before a job times out.' })
  jobTimeout?: number;
}

/** Identifies an action type in GetActionType (owner is a plain string there). */
@ObjectType({
  simpleResolvers: true,
  description: 'Identifies an action type in GetActionType; `owner` is free-form here.',
})
export class ActionTypeIdentifier implements sdk.ActionTypeIdentifier {
  @Field(() => ActionCategory)
  category!: ActionCategory;

  @Field(() => String)
  owner!: string;

  @Field(() => String)
  provider!: string;

  @Field(() => String)
  version!: string;
}

/** Artifact count limits in GetActionType. */
@ObjectType({
  simpleResolvers: true,
  description: 'The allowed number of input or output artifacts (GetActionType).',
})
export class ActionTypeArtifactDetails implements sdk.ActionTypeArtifactDetails {
  @Field(() => Int)
  minimumCount!: number;

  @Field(() => Int)
  maximumCount!: number;
}

/** Accounts allowed to use an action type. */
@ObjectType({ simpleResolvers: true, description: 'The accounts allowed to use an action type.' })
export class ActionTypePermissions implements sdk.ActionTypePermissions {
  @Field(() => [String])
  allowedAccounts!: string[];
}

/** A configuration property of an action type (GetActionType's variant). */
@ObjectType({
  simpleResolvers: true,
  description: 'A configuration property of an action type (GetActionType).',
})
export class ActionTypeProperty implements sdk.ActionTypeProperty {
  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  optional!: boolean;

  @Field(() => Boolean)
  key!: boolean;

  @Field(() => Boolean, { description: 'Whether the value is masked (a secret).' })
  noEcho!: boolean;

  @Field(() => Boolean, { nullable: true })
  queryable?: boolean;

  @Field(() => String, { nullable: true })
  description?: string;
}

/** Links for an action type (GetActionType's variant of settings). */
@ObjectType({
  simpleResolvers: true,
  description: 'URLs and URL templates of an action type (GetActionType).',
})
export class ActionTypeUrls implements sdk.ActionTypeUrls {
  @Field(() => String, { nullable: true })
  configurationUrl?: string;

  @Field(() => String, { nullable: true })
  entityUrlTemplate?: string;

  @Field(() => String, { nullable: true })
  executionUrlTemplate?: string;

  @Field(() => String, { nullable: true })
  revisionUrlTemplate?: string;
}

/** The full definition of an action type, as GetActionType returns it. */
@ObjectType({ simpleResolvers: true, description: 'The full definition of an action type (GetActionType).' })
export class ActionTypeDeclaration implements sdk.ActionTypeDeclaration {
  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => ActionTypeExecutor)
  executor!: ActionTypeExecutor;

  @Field(() => ActionTypeIdentifier)
  id!: ActionTypeIdentifier;

  @Field(() => ActionTypeArtifactDetails)
  inputArtifactDetails!: ActionTypeArtifactDetails;

  @Field(() => ActionTypeArtifactDetails)
  outputArtifactDetails!: ActionTypeArtifactDetails;

  @Field(() => ActionTypePermissions, { nullable: true })
  permissions?: ActionTypePermissions;

  @Field(() => [ActionTypeProperty], { nullable: true })
  properties?: ActionTypeProperty[];

  @Field(() => ActionTypeUrls, { nullable: true })
  urls?: ActionTypeUrls;
}

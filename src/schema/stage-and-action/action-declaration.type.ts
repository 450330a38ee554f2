import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, Int, ObjectType } from 'type-graphql';
import { EnvironmentVariableType } from '../shared/enums';
import { JSONScalar } from '../shared/scalars';
import { InputArtifact, OutputArtifact } from '../shared/artifact.type';
import { ActionTypeId } from '../shared/common.type';

/** An environment variable of a Commands (compute) action. */
@ObjectType({ simpleResolvers: true, description: 'An environment variable of a compute action.' })
export class EnvironmentVariable implements sdk.EnvironmentVariable {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The value, or the secret ID for SECRETS_MANAGER.' })
  value!: string;

  @Field(() => EnvironmentVariableType, { nullable: true })
  type?: EnvironmentVariableType;
}

/** One action as declared in a pipeline stage (the design, not a run). */
@ObjectType({
  simpleResolvers: true,
  description: 'An action as declared in a stage of the pipeline structure.',
})
export class ActionDeclaration implements sdk.ActionDeclaration {
  @Field(() => String)
  name!: string;

  @Field(() => ActionTypeId)
  actionTypeId!: ActionTypeId;

  @Field(() => Int, { nullable: true, description: 'Actions with the same runOrder run in parallel.' })
  runOrder?: number;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The action configuration: a string map whose keys depend on the action type.',
  })
  configuration?: Record<string, string>;

  @Field(() => [String], { nullable: true, description: 'Shell commands of a Commands action.' })
  commands?: string[];

  @Field(() => [OutputArtifact], { nullable: true })
  outputArtifacts?: OutputArtifact[];

  @Field(() => [InputArtifact], { nullable: true })
  inputArtifacts?: InputArtifact[];

  @Field(() => [String], { nullable: true, description: 'Variables a Commands action exports.' })
  outputVariables?: string[];

  @Field(() => String, { nullable: true })
  roleArn?: string;

  @Field(() => String, { nullable: true })
  region?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The namespace its output variables are published in.',
  })
  namespace?: string;

  @Field(() => Int, { nullable: true })
  timeoutInMinutes?: number;

  @Field(() => [EnvironmentVariable], { nullable: true })
  environmentVariables?: EnvironmentVariable[];
}

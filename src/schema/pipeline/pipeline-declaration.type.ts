import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, Int, ObjectType } from 'type-graphql';
import { ExecutionMode, PipelineType } from '../shared/enums';
import { DateTimeScalar, JSONScalar } from '../shared/scalars';
import { ArtifactStore } from './artifact-store.type';
import { StageDeclaration } from '../stage-and-action/stage-declaration.type';
import { PipelineTriggerDeclaration } from './trigger.type';
import { PipelineVariableDeclaration } from './variable.type';

/** The whole pipeline structure as GetPipeline returns it. */
@ObjectType({
  simpleResolvers: true,
  description: 'The pipeline structure (stages, actions, triggers, variables) as GetPipeline returns it.',
})
export class PipelineDeclaration implements sdk.PipelineDeclaration {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The service role CodePipeline assumes.' })
  roleArn!: string;

  @Field(() => ArtifactStore, { nullable: true, description: 'Set for single-region pipelines.' })
  artifactStore?: ArtifactStore;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      'Set for cross-region pipelines: a map of region to `ArtifactStore` (`type`, `location`, `encryptionKey`).',
  })
  artifactStores?: Record<string, ArtifactStore>;

  @Field(() => [StageDeclaration])
  stages!: StageDeclaration[];

  @Field(() => Int, { nullable: true, description: 'Incremented on every update.' })
  version?: number;

  @Field(() => ExecutionMode, { nullable: true })
  executionMode?: ExecutionMode;

  @Field(() => PipelineType, { nullable: true })
  pipelineType?: PipelineType;

  @Field(() => [PipelineVariableDeclaration], { nullable: true })
  variables?: PipelineVariableDeclaration[];

  @Field(() => [PipelineTriggerDeclaration], { nullable: true })
  triggers?: PipelineTriggerDeclaration[];
}

/** Facts about a pipeline that are not part of its structure. */
@ObjectType({
  simpleResolvers: true,
  description: 'Facts about a pipeline that are not part of its structure.',
})
export class PipelineMetadata implements sdk.PipelineMetadata {
  @Field(() => String, { nullable: true })
  pipelineArn?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  created?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  updated?: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When CodePipeline stopped polling the source because the pipeline was inactive.',
  })
  pollingDisabledAt?: Date;
}

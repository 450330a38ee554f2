import type * as sdk from '@aws-sdk/client-codepipeline';
import { ArrayMaxSize, ArrayMinSize, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { ArtifactStoreType, EncryptionKeyType, ExecutionMode, PipelineType } from '../shared/enums';
import { plainInput } from '../shared/plain-input';
import { BUCKET_PATTERN, NAMESPACE_PATTERN, ROLE_ARN_PATTERN } from './declaration-fields.input';
import { IsIntIn, IsResourceName, IsText, Optional } from '../shared/rules';
import { StageDeclarationInput } from '../stage-and-action/stage.input';
import { PipelineTriggerDeclarationInput } from './trigger.input';

/** The KMS key that encrypts artifacts. */
@InputType()
export class EncryptionKeyInput {
  @Field(() => String, { description: 'The KMS key ID, ARN or alias ARN.' })
  @IsText(1, 400)
  id!: string;

  @Field(() => EncryptionKeyType)
  type!: EncryptionKeyType;
}

/** The S3 bucket a pipeline stores artifacts in. */
@InputType()
export class ArtifactStoreInput {
  @Field(() => ArtifactStoreType)
  type!: ArtifactStoreType;

  @Field(() => String, { description: 'The bucket name.' })
  @IsText(3, 63, BUCKET_PATTERN)
  location!: string;

  @Field(() => EncryptionKeyInput, { nullable: true, description: 'Omit for the AWS managed S3 key.' })
  @Optional()
  @ValidateNested()
  encryptionKey?: EncryptionKeyInput;
}

/**
 * One entry of a cross-region pipeline's artifact stores. GraphQL has no map
 * input, so the SDK's `{ region: store }` map is a list of these.
 */
@InputType({ description: 'The artifact store of one Region, for cross-region pipelines.' })
export class RegionArtifactStoreInput {
  @Field(() => String)
  @IsText(4, 30)
  region!: string;

  @Field(() => ArtifactStoreInput)
  @ValidateNested()
  artifactStore!: ArtifactStoreInput;
}

/** A pipeline-level variable (V2). */
@InputType()
export class PipelineVariableDeclarationInput {
  @Field(() => String)
  @IsText(1, 128, NAMESPACE_PATTERN)
  name!: string;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 1000)
  defaultValue?: string;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(0, 200)
  description?: string;
}

/** The whole pipeline structure, as CreatePipeline and UpdatePipeline take it. */
@InputType({ description: 'A pipeline structure, mirroring PipelineDeclaration.' })
export class PipelineDeclarationInput {
  @Field(() => String)
  @IsResourceName()
  name!: string;

  @Field(() => String, { description: 'The service role CodePipeline assumes.' })
  @IsText(1, 1024, ROLE_ARN_PATTERN)
  roleArn!: string;

  @Field(() => ArtifactStoreInput, {
    nullable: true,
    description: 'For single-region pipelines; give this or artifactStores.',
  })
  @Optional()
  @ValidateNested()
  artifactStore?: ArtifactStoreInput;

  @Field(() => [RegionArtifactStoreInput], {
    nullable: true,
    description: 'For cross-region pipelines: one store per Region, including the pipeline’s own.',
  })
  @Optional()
  @ArrayMinSize(1)
  @ValidateNested()
  artifactStores?: RegionArtifactStoreInput[];

  @Field(() => [StageDeclarationInput], { description: '2..50 stages; the first holds only source actions.' })
  @ArrayMaxSize(50)
  @ValidateNested()
  stages!: StageDeclarationInput[];

  @Field(() => Int, { nullable: true, description: 'Ignored on update: every update makes a new version.' })
  @Optional()
  @IsIntIn(1, 2 ** 31 - 1)
  version?: number;

  @Field(() => ExecutionMode, { nullable: true })
  executionMode?: ExecutionMode;

  @Field(() => PipelineType, { nullable: true })
  pipelineType?: PipelineType;

  @Field(() => [PipelineVariableDeclarationInput], { nullable: true })
  @Optional()
  @ArrayMaxSize(50)
  @ValidateNested()
  variables?: PipelineVariableDeclarationInput[];

  @Field(() => [PipelineTriggerDeclarationInput], { nullable: true })
  @Optional()
  @ArrayMaxSize(50)
  @ValidateNested()
  triggers?: PipelineTriggerDeclarationInput[];
}

/** The SDK's declaration: the input made plain, with the artifact store list turned back into a map. */
export function toSdkDeclaration(input: PipelineDeclarationInput): sdk.PipelineDeclaration {
  const { artifactStores, ...rest } = plainInput(input);
  const declaration: sdk.PipelineDeclaration = rest;
  if (artifactStores) {
    declaration.artifactStores = Object.fromEntries(artifactStores.map((s) => [s.region, s.artifactStore]));
  }
  return declaration;
}

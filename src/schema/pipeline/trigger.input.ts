import { ArrayMaxSize, ArrayMinSize, IsString, Length, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { GitPullRequestEventType, PipelineTriggerProviderType } from '../shared/enums';
import { IsResourceName, Optional } from '../shared/rules';

/** Globs a filter includes or excludes: 1..8 of each, 1..255 characters. */
@InputType({ description: 'Globs a trigger filter includes or excludes (1..8 each).' })
export class GitFilterCriteriaInput {
  @Field(() => [String], { nullable: true })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  includes?: string[];

  @Field(() => [String], { nullable: true })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  excludes?: string[];
}

/** Which pushes start the pipeline: tags or branches (optionally with file paths). */
@InputType()
export class GitPushFilterInput {
  @Field(() => GitFilterCriteriaInput, { nullable: true })
  @Optional()
  @ValidateNested()
  tags?: GitFilterCriteriaInput;

  @Field(() => GitFilterCriteriaInput, { nullable: true })
  @Optional()
  @ValidateNested()
  branches?: GitFilterCriteriaInput;

  @Field(() => GitFilterCriteriaInput, { nullable: true })
  @Optional()
  @ValidateNested()
  filePaths?: GitFilterCriteriaInput;
}

/** Which pull request events start the pipeline. */
@InputType()
export class GitPullRequestFilterInput {
  @Field(() => [GitPullRequestEventType], { nullable: true })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  events?: GitPullRequestEventType[];

  @Field(() => GitFilterCriteriaInput, { nullable: true })
  @Optional()
  @ValidateNested()
  branches?: GitFilterCriteriaInput;

  @Field(() => GitFilterCriteriaInput, { nullable: true })
  @Optional()
  @ValidateNested()
  filePaths?: GitFilterCriteriaInput;
}

/** The Git events a trigger listens to on one source action. */
@InputType()
export class GitConfigurationInput {
  @Field(() => String, { description: 'The CodeStarSourceConnection source action watched.' })
  @IsResourceName()
  sourceActionName!: string;

  @Field(() => [GitPushFilterInput], { nullable: true })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ValidateNested()
  push?: GitPushFilterInput[];

  @Field(() => [GitPullRequestFilterInput], { nullable: true })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ValidateNested()
  pullRequest?: GitPullRequestFilterInput[];
}

/** A V2 trigger. */
@InputType({ description: 'A V2 pipeline trigger.' })
export class PipelineTriggerDeclarationInput {
  @Field(() => PipelineTriggerProviderType)
  providerType!: PipelineTriggerProviderType;

  @Field(() => GitConfigurationInput)
  @ValidateNested()
  gitConfiguration!: GitConfigurationInput;
}

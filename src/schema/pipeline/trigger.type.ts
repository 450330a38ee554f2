import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { GitPullRequestEventType, PipelineTriggerProviderType } from '../shared/enums';

/** Branch globs a V2 trigger includes or excludes. */
@ObjectType({
  simpleResolvers: true,
  description: 'Branch name globs a trigger filter includes or excludes.',
})
export class GitBranchFilterCriteria implements sdk.GitBranchFilterCriteria {
  @Field(() => [String], { nullable: true })
  includes?: string[];

  @Field(() => [String], { nullable: true })
  excludes?: string[];
}

/** File path globs a V2 trigger includes or excludes. */
@ObjectType({ simpleResolvers: true, description: 'File path globs a trigger filter includes or excludes.' })
export class GitFilePathFilterCriteria implements sdk.GitFilePathFilterCriteria {
  @Field(() => [String], { nullable: true })
  includes?: string[];

  @Field(() => [String], { nullable: true })
  excludes?: string[];
}

/** Tag globs a V2 push trigger includes or excludes. */
@ObjectType({ simpleResolvers: true, description: 'Git tag globs a push filter includes or excludes.' })
export class GitTagFilterCriteria implements sdk.GitTagFilterCriteria {
  @Field(() => [String], { nullable: true })
  includes?: string[];

  @Field(() => [String], { nullable: true })
  excludes?: string[];
}

/** Which pushes start the pipeline. */
@ObjectType({ simpleResolvers: true, description: 'Which pushes start the pipeline.' })
export class GitPushFilter implements sdk.GitPushFilter {
  @Field(() => GitTagFilterCriteria, { nullable: true })
  tags?: GitTagFilterCriteria;

  @Field(() => GitBranchFilterCriteria, { nullable: true })
  branches?: GitBranchFilterCriteria;

  @Field(() => GitFilePathFilterCriteria, { nullable: true })
  filePaths?: GitFilePathFilterCriteria;
}

/** Which pull request events start the pipeline. */
@ObjectType({ simpleResolvers: true, description: 'Which pull request events start the pipeline.' })
export class GitPullRequestFilter implements sdk.GitPullRequestFilter {
  @Field(() => [GitPullRequestEventType], { nullable: true })
  events?: GitPullRequestEventType[];

  @Field(() => GitBranchFilterCriteria, { nullable: true })
  branches?: GitBranchFilterCriteria;

  @Field(() => GitFilePathFilterCriteria, { nullable: true })
  filePaths?: GitFilePathFilterCriteria;
}

/** The Git events a trigger listens to, on one source action. */
@ObjectType({
  simpleResolvers: true,
  description: 'The Git events a trigger listens to, on one source action.',
})
export class GitConfiguration implements sdk.GitConfiguration {
  @Field(() => String, { description: 'The source action whose repository is watched.' })
  sourceActionName!: string;

  @Field(() => [GitPushFilter], { nullable: true })
  push?: GitPushFilter[];

  @Field(() => [GitPullRequestFilter], { nullable: true })
  pullRequest?: GitPullRequestFilter[];
}

/** A V2 pipeline trigger: what source events start an execution. */
@ObjectType({
  simpleResolvers: true,
  description: 'A V2 pipeline trigger: which source events start an execution.',
})
export class PipelineTriggerDeclaration implements sdk.PipelineTriggerDeclaration {
  @Field(() => PipelineTriggerProviderType)
  providerType!: PipelineTriggerProviderType;

  @Field(() => GitConfiguration)
  gitConfiguration!: GitConfiguration;
}

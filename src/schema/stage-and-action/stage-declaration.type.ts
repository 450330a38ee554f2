import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { BlockerType } from '../shared/enums';
import { ActionDeclaration } from './action-declaration.type';
import { BeforeEntryConditions, FailureConditions, SuccessConditions } from './condition.type';

/** A declared stage blocker. */
@ObjectType({ simpleResolvers: true, description: 'A blocker declared on a stage.' })
export class BlockerDeclaration implements sdk.BlockerDeclaration {
  @Field(() => String)
  name!: string;

  @Field(() => BlockerType)
  type!: BlockerType;
}

/** One stage as declared in the pipeline structure (the design, not a run). */
@ObjectType({ simpleResolvers: true, description: 'A stage as declared in the pipeline structure.' })
export class StageDeclaration implements sdk.StageDeclaration {
  @Field(() => String)
  name!: string;

  @Field(() => [BlockerDeclaration], { nullable: true })
  blockers?: BlockerDeclaration[];

  @Field(() => [ActionDeclaration])
  actions!: ActionDeclaration[];

  @Field(() => FailureConditions, { nullable: true })
  onFailure?: FailureConditions;

  @Field(() => SuccessConditions, { nullable: true })
  onSuccess?: SuccessConditions;

  @Field(() => BeforeEntryConditions, { nullable: true })
  beforeEntry?: BeforeEntryConditions;
}

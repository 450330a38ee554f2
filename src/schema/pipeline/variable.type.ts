import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';

/** A pipeline-level variable declared on a V2 pipeline. */
@ObjectType({
  simpleResolvers: true,
  description: 'A pipeline-level variable, settable when an execution starts.',
})
export class PipelineVariableDeclaration implements sdk.PipelineVariableDeclaration {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  defaultValue?: string;

  @Field(() => String, { nullable: true })
  description?: string;
}

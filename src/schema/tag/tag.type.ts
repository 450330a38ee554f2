import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';

/** A resource tag. */
@ObjectType({ simpleResolvers: true, description: 'A key/value tag on a CodePipeline resource.' })
export class Tag implements sdk.Tag {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  value!: string;
}

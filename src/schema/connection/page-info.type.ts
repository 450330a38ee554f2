import { Field, ObjectType } from 'type-graphql';

/** Relay page info. The upstream `nextToken` hides inside the cursors. */
@ObjectType({ simpleResolvers: true, description: 'Where this page sits in the whole list (Relay).' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Always false: CodePipeline lists only page forward.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor?: string;

  @Field(() => String, { nullable: true })
  endCursor?: string;
}

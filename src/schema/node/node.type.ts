import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay global object identification: anything with a global ID can be refetched with `node(id)`. */
@InterfaceType({
  description: 'An object with a global ID (Relay). The ID carries the account and region it lives in.',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

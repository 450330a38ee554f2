import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.type';

/** One edge of a connection. */
export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A Relay connection as resolvers return it. */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/**
 * Builds the `XConnection` and `XEdge` types of a node type, so every list in
 * the graph pages the same way: `edges { cursor node }`, `pageInfo`, and
 * `first`/`after` arguments. With `nullableNodes`, an item whose own reads
 * fail (a pipeline deleted after the list was read) nulls its node only,
 * and the rest of the page still answers.
 */
export function connectionOf<T extends object>(
  name: string,
  node: ClassType<T>,
  options: { nullableNodes?: boolean } = {},
) {
  const nullable = options.nullableNodes === true;
  // Plain data built by `paginate`: simple resolvers, so no type-graphql wrapper runs per edge and field.
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => node, {
      nullable,
      description: nullable
        ? 'Null when the item vanished between the list and the reads of its fields (the error says why).'
        : undefined,
    })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (Relay connection).` })
  class ConnectionType {
    @Field(() => [EdgeType], { simple: true })
    edges!: EdgeType[];

    @Field(() => PageInfo, { simple: true })
    pageInfo!: PageInfo;

    @Field(() => [node], {
      nullable: nullable ? 'items' : false,
      description: 'The nodes of `edges`, for clients that need no cursors.',
    })
    nodes(): T[] {
      return this.edges.map((e) => e.node);
    }
  }
  return ConnectionType;
}

/** `Int` re-exported for connection argument classes. */
export { Int };

/**
 * Operations the test files do not happen to write, aimed at where a
 * compiled executor could part from graphql-js. Each carries its variables,
 * or takes them from the fixture when it has none.
 */
export const EDGE_CASES: { name: string; source: string; variables?: Record<string, unknown> }[] = [
  {
    name: '@include and @skip on fields, fragment spreads and inline fragments',
    source: `query Directives($yes: Boolean!, $no: Boolean!) {
      pipelines(first: 3) { edges { node {
        name @include(if: $yes)
        arn @skip(if: $yes)
        ...Times @include(if: $no)
        ... on Pipeline @skip(if: $no) { version }
        ... on Pipeline @include(if: true) { pipelineType }
      } } }
    }
    fragment Times on Pipeline { created updated }`,
    variables: { yes: true, no: false },
  },
  {
    name: 'abstract types: node(id) resolves its concrete type',
    source: `query Node($id: ID!) { node(id: $id) { __typename id ... on Pipeline { name version } } }`,
  },
  {
    name: 'a resolver error keeps its code in extensions, its path and locations',
    source: `{ pipeline(name: "not a valid name!") { name } }`,
  },
  {
    name: 'an error under a non-null field bubbles up to the nearest nullable parent',
    source: `{ gateway { version } pipelines(first: 100000) { edges { node { name } } } }`,
  },
  {
    name: 'custom scalars: DateTime and JSON',
    source: `{ pipelines(first: 5) { edges { node { name created updated artifactStores
      stages { name actions { name configuration latestExecution { lastStatusChange status } } } } } } }`,
  },
  {
    name: 'a variable of the wrong type is refused as graphql-js refuses it',
    source: `query Wrong($first: Int) { pipelines(first: $first) { edges { cursor } } }`,
    variables: { first: 'ten' },
  },
  {
    name: 'a missing required variable is refused as graphql-js refuses it',
    source: `query Missing($name: String!) { pipeline(name: $name) { name } }`,
    variables: {},
  },
  {
    name: 'aliases, __typename and the same field twice with different arguments',
    source: `{ first: pipelines(first: 1) { __typename edges { node { __typename n: name } } }
      two: pipelines(first: 2) { pageInfo { hasNextPage endCursor } edges { cursor } } }`,
  },
  {
    name: 'an upstream error mapped with its AWS name, under a non-null field',
    source: `query Forged($after: String) { pipelines(first: 5, after: $after) { edges { cursor } } }`,
    variables: {
      after: Buffer.from(JSON.stringify({ t: 'forged-token', s: 10, o: 0 })).toString('base64url'),
    },
  },
  {
    name: 'introspection',
    source: `{ __schema { queryType { name } } __type(name: "Pipeline") { name fields { name } } }`,
  },
  {
    name: 'an operation chosen by name among several',
    source: `query A { gateway { version } } query B { pipelines(first: 1) { edges { node { name } } } }`,
  },
];

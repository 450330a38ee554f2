import { type CaseContext, type HttpCase, PIPELINE_FIELDS, postQuery } from './http-case';

/** Hostile names and ids, as variables and inlined: the input validators and the lexer. */
export function invalidNames(ctx: CaseContext): HttpCase[] {
  const { draw } = ctx;
  const cases: HttpCase[] = [];
  const names: string[] = [
    '',
    ' ',
    'a'.repeat(10_000),
    '\u0000',
    '../../etc/passwd',
    "'; DROP TABLE pipelines; --",
    '*',
    '**/*',
    '%00',
    '\ud800',
    '😀'.repeat(200),
  ];
  for (let i = 0; i < 24; i++) names.push(draw.nastyString(draw.pick([1, 10, 100, 1_000, 10_000])));
  for (const name of names) {
    const op = draw.int(0, 4);
    switch (op) {
      case 0:
        cases.push(
          postQuery(
            ctx,
            'invalid-names',
            `query P($n: String!) { pipeline(name: $n) { ${PIPELINE_FIELDS} } }`,
            { n: name },
          ),
        );
        break;
      case 1:
        cases.push(
          postQuery(
            ctx,
            'invalid-names',
            `query E($n: String!, $id: String!) { pipelineExecution(pipelineName: $n, pipelineExecutionId: $id) { status } }`,
            { n: draw.pick(ctx.pipelines), id: name },
          ),
        );
        break;
      case 2:
        cases.push(
          postQuery(ctx, 'invalid-names', `query N($id: ID!) { node(id: $id) { id } }`, { id: name }),
        );
        break;
      case 3:
        cases.push(
          postQuery(
            ctx,
            'invalid-names',
            `mutation S($n: String!) { startPipelineExecution(input: { name: $n }) { pipelineExecutionId } }`,
            { n: name },
          ),
        );
        break;
      default:
        // The name inlined in the document: quotes, backslashes and controls break the lexer instead.
        cases.push(postQuery(ctx, 'invalid-names', `{ pipeline(name: "${name}") { name } }`));
    }
  }
  const bases = [
    '',
    '=',
    'AAAA',
    'UGlwZWxpbmU6',
    'not base64 at all!',
    Buffer.from('Pipeline:\u0000').toString('base64'),
  ];
  for (const id of bases)
    cases.push(postQuery(ctx, 'invalid-names', `{ node(id: ${JSON.stringify(id)}) { id } }`));
  return cases;
}

/** Unknown fields, operations, fragments and type-system documents: the GraphQL validator. */
export function unknownOperations(ctx: CaseContext): HttpCase[] {
  const queries: [string, Record<string, unknown>?][] = [
    ['{ nope }'],
    ['{ pipelines { nope } }'],
    ['mutation { nope }'],
    ['mutation { deletePipeline }'],
    ['subscription { pipelineEvents { cursor } }'],
    ['query A { gateway { version } }', { operationName: 'B' }],
    ['query A { gateway { version } } query B { gateway { version } }'],
    ['query A { gateway { version } } query A { gateway { version } }', { operationName: 'A' }],
    ['{ gateway { version } } { gateway { version } }'],
    ['{ __schema { types { name } } }'],
    ['{ __type(name: "Pipeline") { fields { name } } }'],
    ['{ gateway @nope { version } }'],
    ['{ gateway { version @include } }'],
    ['{ ... on Nope { x } }'],
    ['{ ...Missing }'],
    ['fragment F on Query { gateway { version } }'],
    ['{ pipelines(nope: 1) { nodes { name } } }'],
    ['{ pipeline { name } }'],
    ['{ gateway }'],
    ['{ gateway { version { x } } }'],
    ['query ($x: Nope) { gateway { version } }'],
    ['query ($x: Int = "a") { gateway { version } }'],
    ['query { gateway { version } } mutation { nope }', { operationName: 'nope' }],
    ['# just a comment'],
    ['{'],
    ['}'],
    ['{ gateway { version }'],
    ['query Q($a: Int, $a: Int) { gateway { version } }'],
    ['{ pipelines { nodes { name } } }', { operationName: '' }],
    ['schema { query: Query }'],
    ['type Evil { x: Int }'],
    ['extend type Query { evil: Int }'],
  ];
  return queries.map(([query, extra]) => postQuery(ctx, 'unknown-operation', query, undefined, extra));
}

/** Variables of the wrong type, missing or too many: variable coercion. */
export function variableTypes(ctx: CaseContext): HttpCase[] {
  const { draw } = ctx;
  const wrong: unknown[] = [5, -1, 1.5, true, null, [], {}, ['x'], { name: 'x' }, 'x'.repeat(5_000), 1e308];
  const cases: HttpCase[] = [];
  for (const value of wrong) {
    cases.push(
      postQuery(ctx, 'variable-types', 'query P($n: String!) { pipeline(name: $n) { name } }', { n: value }),
    );
  }
  cases.push(postQuery(ctx, 'variable-types', 'query P($n: String!) { pipeline(name: $n) { name } }', {}));
  cases.push(
    postQuery(ctx, 'variable-types', 'query P($n: String!) { pipeline(name: $n) { name } }', { m: 'x' }),
  );
  for (let i = 0; i < 8; i++) {
    cases.push(
      postQuery(
        ctx,
        'variable-types',
        'query P($n: String!, $v: Int) { pipeline(name: $n, version: $v) { name } }',
        {
          n: draw.pick(ctx.pipelines),
          v: draw.pick(wrong),
        },
      ),
    );
  }
  cases.push(
    postQuery(
      ctx,
      'variable-types',
      'mutation S($input: StartPipelineExecutionInput!) { startPipelineExecution(input: $input) { pipelineExecutionId } }',
      { input: { name: ctx.pipelines[0], sourceRevisions: 'nope', extra: 1 } },
    ),
  );
  cases.push(
    postQuery(
      ctx,
      'variable-types',
      'query F($f: PipelineExecutionFilter) { pipelines(first: 1) { nodes { executions(filter: $f) { nodes { status } } } } }',
      {
        f: { succeededInStage: { stageName: ['x'] } },
      },
    ),
  );
  const many = Object.fromEntries(Array.from({ length: 5_000 }, (_, k) => [`v${k}`, k]));
  cases.push(postQuery(ctx, 'variable-types', '{ gateway { version } }', many));
  return cases;
}

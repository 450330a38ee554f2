/**
 * Hostile and malformed HTTP requests for the fuzz test
 * (test/faults/hostile-input.test.ts), drawn from a seeded PRNG so every run
 * sends the same cases. Each category aims at one way a request can go
 * wrong: the parser, the validator, the limits, the body reader, the
 * content-type and CSRF checks, the GET path, or authentication.
 */

/** One HTTP request to send. */
export interface HttpCase {
  kind: 'http';
  category: string;
  method: string;
  /** Path and query string, e.g. `/graphql?query=...`. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Sent with chunked transfer encoding (no content-length). */
  chunked?: boolean;
}

/** Draws from a seeded PRNG. */
export class Draw {
  constructor(private readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  /** A string of `length` characters from a hostile mix: unicode, astral, controls, lone surrogates. */
  nastyString(length: number): string {
    const pools: (() => string)[] = [
      () => String.fromCharCode(this.int(0x20, 0x7e)),
      () => String.fromCharCode(this.int(0, 0x1f)),
      () => String.fromCharCode(this.int(0xa0, 0x2fff)),
      () => String.fromCodePoint(this.int(0x1f300, 0x1faff)),
      () => String.fromCharCode(this.int(0xd800, 0xdfff)),
      () => this.pick(['\u202e', '\u200b', '\ufeff', '\\', '"', "'", '`', '{', '}', '$', '*', '../']),
    ];
    let out = '';
    while (out.length < length) out += this.pick(pools)();
    return out;
  }
}

/** Everything a case builder needs. */
export interface CaseContext {
  draw: Draw;
  /** A valid `Authorization` header value. */
  authorization: string;
  /** MAX_BODY_BYTES of the gateway under test. */
  maxBodyBytes: number;
  /** Names of pipelines that exist. */
  pipelines: readonly string[];
}

const PIPELINE_FIELDS = 'name stages { name latestExecution { status } }';

function post(
  ctx: CaseContext,
  category: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): HttpCase {
  return {
    kind: 'http',
    category,
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: ctx.authorization, ...headers },
    body,
  };
}

function postQuery(
  ctx: CaseContext,
  category: string,
  query: string,
  variables?: unknown,
  extra: Record<string, unknown> = {},
): HttpCase {
  return post(ctx, category, JSON.stringify({ query, variables, ...extra }));
}

function deepNesting(ctx: CaseContext): HttpCase[] {
  const { draw } = ctx;
  const cases: HttpCase[] = [];
  for (let i = 0; i < 8; i++) {
    const d = draw.int(20, 120);
    cases.push(
      postQuery(
        ctx,
        'deep-nesting',
        `{ ${'... on Query { '.repeat(d)}pipelines(first: 1) { nodes { name } }${' }'.repeat(d)} }`,
      ),
    );
  }
  for (let i = 0; i < 8; i++) {
    const d = draw.pick([50, 200, 1_000, 5_000, 20_000]);
    cases.push(
      postQuery(
        ctx,
        'deep-nesting',
        `{ ${'pipelines { edges { node { '.repeat(d)}name${' } } }'.repeat(d)} }`,
      ),
    );
  }
  for (let i = 0; i < 4; i++) {
    const d = draw.pick([100, 10_000, 50_000]);
    cases.push(
      postQuery(ctx, 'deep-nesting', `{ pipeline(name: ${'['.repeat(d)}"x"${']'.repeat(d)}) { name } }`),
    );
    cases.push(
      post(
        ctx,
        'deep-nesting',
        `{"query":"{ gateway { version } }","variables":{"x":${'['.repeat(d)}${']'.repeat(d)}}}`,
      ),
    );
  }
  const n = draw.int(2, 30);
  const fragments = Array.from(
    { length: n },
    (_, k) => `fragment F${k} on Query { pipelines(first: 1) { nodes { name } } ...F${(k + 1) % n} }`,
  );
  cases.push(postQuery(ctx, 'deep-nesting', `{ ...F0 } ${fragments.join(' ')}`));
  const chain = Array.from({ length: 60 }, (_, k) => `fragment G${k} on Query { ...G${k + 1} }`).join(' ');
  cases.push(
    postQuery(ctx, 'deep-nesting', `{ ...G0 } ${chain} fragment G60 on Query { gateway { version } }`),
  );
  cases.push(
    postQuery(
      ctx,
      'deep-nesting',
      `{ pipelines(first: 100) { nodes { executions(first: 100) { nodes { pipeline { executions(first: 100) { nodes { pipelineExecutionId } } } } } } } }`,
    ),
  );
  return cases;
}

function hugeFirst(ctx: CaseContext): HttpCase[] {
  const { draw } = ctx;
  const literals = [
    '1000000000',
    '-1',
    '2147483648',
    '2147483647',
    '-2147483648',
    '0',
    '101',
    '1.5',
    '"10"',
    'null',
    '99999999999999999999999',
    '1e308',
    'true',
    '[1]',
    '{a: 1}',
    'NaN',
  ];
  const cases: HttpCase[] = [];
  for (const literal of literals) {
    cases.push(postQuery(ctx, 'huge-first', `{ pipelines(first: ${literal}) { nodes { name } } }`));
  }
  const values: unknown[] = [1e9, -1, 2 ** 31, 2 ** 31 - 1, 0, 1e308, -0, 0.5, '1', null, [], {}, true];
  for (const value of values) {
    cases.push(
      postQuery(ctx, 'huge-first', `query Q($f: Int) { pipelines(first: $f) { nodes { name } } }`, {
        f: value,
      }),
    );
  }
  for (let i = 0; i < 6; i++) {
    const outer = draw.pick([1, 10, 100, 1000, 2 ** 31 - 1]);
    const inner = draw.pick([1, 50, 100, 1000, 2 ** 31 - 1]);
    cases.push(
      postQuery(
        ctx,
        'huge-first',
        `{ pipelines(first: ${outer}) { nodes { executions(first: ${inner}) { nodes { status } } actionExecutions(first: ${inner}) { nodes { actionName } } } } }`,
      ),
    );
  }
  cases.push(
    postQuery(ctx, 'huge-first', `{ webhooks(first: 2147483647) { nodes { definition { name } } } }`),
  );
  cases.push(
    postQuery(
      ctx,
      'huge-first',
      `{ pipelines(first: 10, after: "${'A'.repeat(10_000)}") { nodes { name } } }`,
    ),
  );
  return cases;
}

function oversizedBodies(ctx: CaseContext): HttpCase[] {
  const { draw, maxBodyBytes } = ctx;
  const cases: HttpCase[] = [];
  for (let i = 0; i < 8; i++) {
    const size = maxBodyBytes + draw.pick([1, 100, maxBodyBytes, 3 * maxBodyBytes]);
    const filler = 'x'.repeat(size);
    const body = draw.chance(0.5)
      ? JSON.stringify({ query: `{ pipeline(name: "${filler}") { name } }` })
      : Buffer.alloc(size, draw.int(0, 255));
    const chunked = draw.chance(0.4);
    cases.push({ ...post(ctx, 'oversized-body', body), chunked });
  }
  cases.push({
    ...post(
      ctx,
      'oversized-body',
      JSON.stringify({ query: '{ gateway { version } }', pad: 'y'.repeat(maxBodyBytes) }),
    ),
    chunked: true,
  });
  // Just under the limit, but a huge query: the parser's token limit and the validators meet it.
  const aliases = Math.floor((maxBodyBytes - 100) / 16);
  cases.push(
    postQuery(
      ctx,
      'oversized-body',
      `{ ${Array.from({ length: aliases }, (_, k) => `a${k}: __typename`).join(' ')} }`,
    ),
  );
  return cases;
}

function invalidNames(ctx: CaseContext): HttpCase[] {
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

function brokenJson(ctx: CaseContext): HttpCase[] {
  const { draw } = ctx;
  const valid = JSON.stringify({
    query: `{ pipeline(name: "${ctx.pipelines[0]}") { ${PIPELINE_FIELDS} } }`,
    variables: {},
  });
  const cases: HttpCase[] = [];
  for (let i = 0; i < 12; i++)
    cases.push(post(ctx, 'broken-json', valid.slice(0, draw.int(0, valid.length - 1))));
  const literals = [
    '',
    '{',
    '}',
    'null',
    '[]',
    '"string"',
    '123',
    'true',
    '{"query": 5}',
    '{"query": null}',
    '{"query": ""}',
    '{"query": []}',
    '{"query": {"a": 1}}',
    '{"query": "{ gateway { version } }", "variables": "x"}',
    '{"query": "{ gateway { version } }", "variables": []}',
    '{"query": "{ gateway { version } }", "extensions": 5}',
    '{"query": "{ gateway { version } }", "operationName": 7}',
    '{"query": "{ gateway { version } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
    '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
    '{"query": "{ gateway { version } }",}',
    "{'query': '{ gateway { version } }'}",
    '{"query": "{ gateway { version } }"} trailing',
    '{"__proto__": {"polluted": true}, "query": "{ gateway { version } }"}',
    '{"constructor": {"prototype": {"x": 1}}, "query": "{ gateway { version } }"}',
    '\ufeff{"query": "{ gateway { version } }"}',
  ];
  for (const literal of literals) cases.push(post(ctx, 'broken-json', literal));
  for (let i = 0; i < 6; i++) {
    const bytes = Buffer.alloc(draw.int(1, 2_000));
    for (let k = 0; k < bytes.length; k++) bytes[k] = draw.int(0, 255);
    cases.push(post(ctx, 'broken-json', bytes));
  }
  return cases;
}

function contentTypes(ctx: CaseContext): HttpCase[] {
  const body = JSON.stringify({ query: '{ gateway { version } }' });
  const types = [
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'application/graphql',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/jsonx',
    'application/graphql-response+json',
    'text/json',
    '*/*',
    '',
    ';;;',
    'application/json'.repeat(200),
  ];
  const cases = types.map((type) => post(ctx, 'content-type', body, { 'content-type': type }));
  const bare = post(ctx, 'content-type', body);
  delete bare.headers['content-type'];
  cases.push(bare);
  cases.push(
    post(ctx, 'content-type', 'query={ gateway { version } }', {
      'content-type': 'application/x-www-form-urlencoded',
    }),
  );
  cases.push(post(ctx, 'content-type', '{ gateway { version } }', { 'content-type': 'application/graphql' }));
  cases.push(post(ctx, 'content-type', body, { accept: 'text/html' }));
  cases.push(post(ctx, 'content-type', body, { accept: 'application/xml' }));
  cases.push(post(ctx, 'content-type', body, { 'content-encoding': 'gzip' }));
  return cases;
}

function unknownOperations(ctx: CaseContext): HttpCase[] {
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

function variableTypes(ctx: CaseContext): HttpCase[] {
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

function batching(ctx: CaseContext): HttpCase[] {
  const one = { query: '{ gateway { version } }' };
  const sizes = [0, 1, 2, 10, 100, 1_000];
  const cases = sizes.map((n) => post(ctx, 'batching', JSON.stringify(Array.from({ length: n }, () => one))));
  cases.push(post(ctx, 'batching', JSON.stringify([one, 'x', null, 5, []])));
  cases.push(post(ctx, 'batching', JSON.stringify([[one]])));
  cases.push(post(ctx, 'batching', JSON.stringify([{ query: '{ nope }' }, { query: '{' }])));
  return cases;
}

function getRequests(ctx: CaseContext): HttpCase[] {
  const { draw } = ctx;
  const enc = encodeURIComponent;
  const q = '{ gateway { version } }';
  const searches = [
    `?query=${enc(q)}`,
    '?query=%zz',
    '?query=%',
    '?query=',
    '?query',
    `?query=${enc(q)}&query=${enc(q)}`,
    `?query[]=${enc(q)}`,
    `?query=${enc(q)}&variables=%7Bbad`,
    `?query=${enc(q)}&variables=${enc('[1,2]')}`,
    `?query=${enc(q)}&extensions=${enc('{"persistedQuery":5}')}`,
    `?query=${enc('mutation { startPipelineExecution(input: {name: "x"}) { pipelineExecutionId } }')}`,
    `?query=${enc('{ nope }')}`,
    `?query=${enc(q)}&operationName=${enc('\u0000')}`,
    `?query=${'%7B'.repeat(2_000)}`,
    `?${'a=1&'.repeat(2_000)}`,
    '?query=%00%00%00',
    '?%%%%',
    '?query=%F0%9F%98',
    `?query=${enc(q)}&variables=${'['.repeat(6_000)}${']'.repeat(6_000)}`,
  ];
  // Byte by byte: encodeURIComponent refuses lone surrogates, and the gateway should see them anyway (as U+FFFD).
  const bytes = (s: string): string =>
    [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  for (let i = 0; i < 6; i++) searches.push(`?query=${bytes(draw.nastyString(draw.int(1, 500)))}`);
  const cases: HttpCase[] = searches.map((search) => ({
    kind: 'http',
    category: 'get-query-string',
    method: 'GET',
    path: `/graphql${search}`,
    // A non-simple header, so Apollo's CSRF prevention lets the GET through to the parser.
    headers: { authorization: ctx.authorization, 'apollo-require-preflight': 'true' },
  }));
  cases.push({
    kind: 'http',
    category: 'get-query-string',
    method: 'GET',
    path: `/graphql?query=${enc(q)}`,
    headers: { authorization: ctx.authorization },
  });
  cases.push({
    kind: 'http',
    category: 'get-query-string',
    method: 'GET',
    path: `/graphql?query=${'a'.repeat(60_000)}`,
    headers: { authorization: ctx.authorization },
  });
  return cases;
}

function methodsAndPaths(ctx: CaseContext): HttpCase[] {
  const body = JSON.stringify({ query: '{ gateway { version } }' });
  const cases: HttpCase[] = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND'].map(
    (method) => ({
      kind: 'http',
      category: 'methods-paths',
      method,
      path: '/graphql',
      headers: { 'content-type': 'application/json', authorization: ctx.authorization },
      body: method === 'HEAD' || method === 'TRACE' ? undefined : body,
    }),
  );
  const paths = [
    '/',
    '//graphql',
    '/graphql/',
    '/GRAPHQL',
    '/graphql/../graphql',
    '/%00',
    '/..%2f..%2fetc%2fpasswd',
    '/graphql%00',
    '/metrics?x=%zz',
  ];
  for (const path of paths) cases.push({ ...post(ctx, 'methods-paths', body), path });
  cases.push(
    { ...post(ctx, 'methods-paths', body), path: '/readyz' },
    { ...post(ctx, 'methods-paths', body), path: '/metrics' },
  );
  return cases;
}

function authHeaders(ctx: CaseContext): HttpCase[] {
  const { draw } = ctx;
  const body = JSON.stringify({ query: '{ gateway { version } }' });
  const values = [
    '',
    'Bearer',
    'Bearer ',
    'bearer x',
    'Basic dXNlcjpwYXNz',
    `Bearer ${'A'.repeat(10_000)}`,
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    'Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo',
    'Bearer a.b.c',
    'Bearer ....',
    `${ctx.authorization} extra`,
    `${ctx.authorization},${ctx.authorization}`,
  ];
  for (let i = 0; i < 6; i++) {
    // Header values must be latin-1: the nasty part stays in printable and high latin-1 ranges.
    let token = '';
    for (let k = draw.int(1, 300); k > 0; k--)
      token += String.fromCharCode(draw.pick([draw.int(0x21, 0x7e), draw.int(0xa0, 0xff)]));
    values.push(`Bearer ${token}`);
  }
  const cases = values.map((authorization) => post(ctx, 'auth-headers', body, { authorization }));
  const none = post(ctx, 'auth-headers', body);
  delete none.headers.authorization;
  cases.push(none);
  return cases;
}

function aliasExplosion(ctx: CaseContext): HttpCase[] {
  const { draw } = ctx;
  const cases: HttpCase[] = [];
  for (let i = 0; i < 6; i++) {
    const n = draw.pick([50, 200, 1_000, 5_000]);
    const fields = Array.from(
      { length: n },
      (_, k) => `a${k}: pipeline(name: "${draw.pick(ctx.pipelines)}") { name }`,
    );
    cases.push(postQuery(ctx, 'alias-explosion', `{ ${fields.join(' ')} }`));
  }
  cases.push(postQuery(ctx, 'alias-explosion', `{ gateway { ${'version '.repeat(20_000)} } }`));
  cases.push(
    postQuery(ctx, 'alias-explosion', `{ gateway { version ${'@include(if: true) '.repeat(5_000)} } }`),
  );
  cases.push(
    postQuery(
      ctx,
      'alias-explosion',
      `query Q(${Array.from({ length: 2_000 }, (_, k) => `$v${k}: Int`).join(', ')}) { gateway { version } }`,
    ),
  );
  return cases;
}

/** Every HTTP case, in a fixed order for a given seed. */
export function httpCases(ctx: CaseContext): HttpCase[] {
  return [
    ...deepNesting(ctx),
    ...hugeFirst(ctx),
    ...oversizedBodies(ctx),
    ...invalidNames(ctx),
    ...brokenJson(ctx),
    ...contentTypes(ctx),
    ...unknownOperations(ctx),
    ...variableTypes(ctx),
    ...batching(ctx),
    ...getRequests(ctx),
    ...methodsAndPaths(ctx),
    ...authHeaders(ctx),
    ...aliasExplosion(ctx),
  ];
}

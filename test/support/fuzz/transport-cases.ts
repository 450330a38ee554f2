import { type CaseContext, type HttpCase, post } from './http-case';

/** GET requests with broken, huge or hostile query strings: the GET path. */
export function getRequests(ctx: CaseContext): HttpCase[] {
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

/** Other methods and odd paths: routing outside POST /graphql. */
export function methodsAndPaths(ctx: CaseContext): HttpCase[] {
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

/** Missing, malformed and forged Authorization headers: authentication. */
export function authHeaders(ctx: CaseContext): HttpCase[] {
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

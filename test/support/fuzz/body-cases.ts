import { type CaseContext, type HttpCase, PIPELINE_FIELDS, post, postQuery } from './http-case';

/** Bodies over MAX_BODY_BYTES, plain or chunked: the body reader's limit. */
export function oversizedBodies(ctx: CaseContext): HttpCase[] {
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

/** Truncated, malformed and random-byte JSON bodies: the request parser. */
export function brokenJson(ctx: CaseContext): HttpCase[] {
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

/** Wrong or missing content types, accepts and encodings: the content-type and CSRF checks. */
export function contentTypes(ctx: CaseContext): HttpCase[] {
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

/** Arrays of requests, empty to huge and malformed: the batching path. */
export function batching(ctx: CaseContext): HttpCase[] {
  const one = { query: '{ gateway { version } }' };
  const sizes = [0, 1, 2, 10, 100, 1_000];
  const cases = sizes.map((n) => post(ctx, 'batching', JSON.stringify(Array.from({ length: n }, () => one))));
  cases.push(post(ctx, 'batching', JSON.stringify([one, 'x', null, 5, []])));
  cases.push(post(ctx, 'batching', JSON.stringify([[one]])));
  cases.push(post(ctx, 'batching', JSON.stringify([{ query: '{ nope }' }, { query: '{' }])));
  return cases;
}

import { type CaseContext, type HttpCase, post, postQuery } from './http-case';

/** Deep selections, lists and fragment cycles: the parser's and validators' depth limits. */
export function deepNesting(ctx: CaseContext): HttpCase[] {
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

/** Out-of-range and mistyped `first` arguments: page-size bounds and Int coercion. */
export function hugeFirst(ctx: CaseContext): HttpCase[] {
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

/** Thousands of aliases, fields, directives or variables: the parser's token limit and the validators. */
export function aliasExplosion(ctx: CaseContext): HttpCase[] {
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

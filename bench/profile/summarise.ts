import { readFileSync } from 'node:fs';
import { printTable, round } from '../lib/stats';

/** The parts of a V8 `.cpuprofile` this reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a frame's own time belongs, first match wins. The buckets are the
 * questions the profile answers: how much is GraphQL machinery (parse,
 * validate, execute, in graphql-js or compiled), how much our resolvers and
 * their data path (DataLoader, the near cache), how much type-graphql's
 * wrapping, Apollo's pipeline, serialisation and HTTP.
 */
const BUCKETS: [string, (url: string, fn: string) => boolean][] = [
  ['idle', (u, f) => f === '(idle)'],
  ['garbage collection', (u, f) => f === '(garbage collector)'],
  ['serialisation (JSON.stringify of the response)', (u, f) => /stringify|prettyJSON/i.test(f)],
  ['graphql parse + validate', (u) => /node_modules\/graphql\/(language|validation)\//.test(u)],
  ['graphql-js execution', (u) => /node_modules\/graphql\/(execution|jsutils|type|utilities)\//.test(u)],
  [
    'graphql-jit compiled execution',
    (u, f) => /graphql-jit/.test(u) || (u === '' && /^(query|Query|anonymous)/.test(f)),
  ],
  ['type-graphql middleware and wrappers', (u) => /node_modules\/type-graphql\//.test(u)],
  ['class-validator', (u) => /class-validator|validator/.test(u)],
  ['DataLoader', (u) => /node_modules\/dataloader\//.test(u)],
  ['near cache and cache', (u) => /\/src\/cache\//.test(u)],
  ['loaders', (u) => /\/src\/(loaders|upstream)\//.test(u)],
  ['resolvers (src/schema)', (u) => /\/src\/schema\//.test(u)],
  [
    'cost, limits, trace, response cache plugins',
    (u) => /\/src\/server\/(limits|trace-plugin|response-cache|observability)/.test(u),
  ],
  ['graphql-query-complexity', (u) => /graphql-query-complexity/.test(u)],
  ['executor glue (src/server/executor)', (u) => /\/src\/server\/executor\//.test(u)],
  ['other gateway code (src/server)', (u) => /\/src\/server\//.test(u)],
  ['Apollo Server request pipeline', (u) => /node_modules\/@apollo\//.test(u)],
  ['pino logging', (u) => /node_modules\/pino/.test(u)],
  ['AsyncLocalStorage promise hooks', (u) => /async_hooks/.test(u)],
  ['module loading (start-up)', (u) => /internal\/modules|internal\/bootstrap/.test(u)],
  ['node HTTP, net and streams', (u) => /^node:|internal\//.test(u)],
  ['other node_modules', (u) => /node_modules/.test(u)],
  ['microtask queue (promise reactions)', (u, f) => f === 'runMicrotasks'],
  ['program and native', (u, f) => f === '(program)' || u === ''],
];

function bucketOf(url: string, fn: string): string {
  return BUCKETS.find(([, test]) => test(url, fn))?.[0] ?? 'other';
}

/**
 * `node dist/bench/bench/profile/summarise.js <file.cpuprofile>`: self time
 * by bucket (share of the busy time: idle left out) and the functions with
 * the most self time. Self time of a sample goes to the frame it was taken in.
 */
function main(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const bucket = bucketOf(frame.url, frame.functionName);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
    const where = frame.url.replace(/^.*\/(node_modules|src)\//, '$1/');
    const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const busy = [...buckets].filter(([b]) => b !== 'idle').reduce((n, [, us]) => n + us, 0);
  const pct = (us: number) => `${round((100 * us) / busy, 1)}%`;
  console.log(
    `${file}: ${round(busy / 1e6, 2)} s busy, ${round((buckets.get('idle') ?? 0) / 1e6, 2)} s idle`,
  );
  printTable('Self time by bucket (share of busy time)', [
    ['bucket', 'ms', 'share'],
    ...[...buckets]
      .filter(([b]) => b !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .map(([b, us]) => [b, round(us / 1000, 0), pct(us)]),
  ]);
  printTable('Top 25 functions by self time', [
    ['function', 'ms', 'share'],
    ...[...functions]
      .filter(([f]) => !f.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([f, us]) => [f, round(us / 1000, 0), pct(us)]),
  ]);
}

const file = process.argv[2];
if (!file) {
  console.error('usage: summarise.js <file.cpuprofile>');
  process.exit(2);
}
main(file);

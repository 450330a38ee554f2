import { readFileSync } from 'node:fs';
import { serveApollo } from '../lib/apollo-http';
import { serveAsChild } from '../lib/child-entry';
import { DASHBOARD_SDL } from '../naive/schema';

/**
 * The throughput baseline, as a child process: bare Apollo Server 5 answering
 * the dashboard query from a captured gateway answer held in memory
 * (`BENCH_BASELINE_DATA` names the JSON file of its `data`). It is the cost of
 * GraphQL over HTTP for this response, with no data access at all.
 */
serveAsChild(async () => {
  const file = process.env.BENCH_BASELINE_DATA;
  if (file === undefined) throw new Error('BENCH_BASELINE_DATA is required');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { pipelines: unknown };
  return serveApollo(DASHBOARD_SDL, { Query: { pipelines: () => data.pipelines } });
});

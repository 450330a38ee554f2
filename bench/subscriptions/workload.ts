import { EXEC_PERIOD_S } from './settings';

const START = `mutation Start($name: String!) { startPipelineExecution(input: { name: $name }) { pipelineExecutionId } }`;

/**
 * Starts one execution every `period / pipelines`, round-robin, through the gateway's mutation:
 * the events the subscribers wait for.
 */
export function startWorkload(url: string, pipelines: string[]): { stop(): void; errors(): number } {
  let next = 0;
  let errors = 0;
  const timer = setInterval(
    () => {
      const name = pipelines[next % pipelines.length];
      next += 1;
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: START, variables: { name } }),
      })
        .then(async (res) => {
          const body = (await res.json()) as { errors?: unknown };
          if (res.status !== 200 || body.errors) errors += 1;
        })
        .catch(() => (errors += 1));
    },
    (EXEC_PERIOD_S * 1000) / pipelines.length,
  );
  return { stop: () => clearInterval(timer), errors: () => errors };
}

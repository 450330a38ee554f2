import { CreatePipelineCommand, type CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { simplePipeline } from '../../test/support/declarations';

/** The dashboard query of `test/schema/dashboard.test.ts`: 50 pipelines with stages, executions and tags. */
export const DASHBOARD = `query Dashboard($after: String) {
  pipelines(first: 50, after: $after) {
    edges { cursor node {
      name
      stages { name actions { name latestExecution { status } } }
      latestExecution { status }
      executions(first: 5) { edges { node { pipelineExecutionId status } } }
      tags { key value }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The size of the fleet the dashboard reads. */
export const PIPELINES = 50;

/** The `data` of a dashboard response, as far as the bench checks it. */
export interface DashboardData {
  pipelines: {
    edges: {
      cursor: string;
      node: {
        name: string;
        stages: { name: string; actions: { name: string }[] }[];
        tags: { key: string; value: string }[];
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Creates the fleet of the dashboard test: `svc-00` to `svc-49`, two stages each, one tag each. */
export async function seedFleet(client: CodePipelineClient): Promise<void> {
  for (let i = 0; i < PIPELINES; i += 1) {
    const name = `svc-${String(i).padStart(2, '0')}`;
    await client.send(
      new CreatePipelineCommand({
        pipeline: simplePipeline(name),
        tags: [{ key: 'team', value: `t${i % 5}` }],
      }),
    );
  }
}

/**
 * What must match between two dashboard answers whatever the moment they were
 * taken: pipeline names, stage and action names, tags (statuses and execution
 * ids move with the simulated clock).
 */
export function dashboardSkeleton(data: DashboardData): string {
  return JSON.stringify(
    data.pipelines.edges.map(({ node }) => ({
      name: node.name,
      stages: node.stages.map((s) => ({ name: s.name, actions: s.actions.map((a) => a.name) })),
      tags: node.tags,
    })),
  );
}

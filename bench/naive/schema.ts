import {
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  type CodePipelineClient,
} from '@aws-sdk/client-codepipeline';

/**
 * The part of the gateway's graph the dashboard reads, hand-written: same
 * type and field names, same nullability, so both answer the dashboard query
 * with the same shape.
 */
export const DASHBOARD_SDL = `#graphql
  enum ActionExecutionStatus { Abandoned Failed InProgress Succeeded }
  enum PipelineExecutionStatus { Cancelled Failed InProgress Stopped Stopping Succeeded Superseded }

  type PageInfo { endCursor: String hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String }
  type Tag { key: String! value: String! }
  type ActionExecution { status: ActionExecutionStatus }
  type Action { name: String! latestExecution: ActionExecution }
  type Stage { name: String! actions: [Action!]! }
  type PipelineExecution { pipelineExecutionId: String! status: PipelineExecutionStatus }
  type PipelineExecutionEdge { cursor: String! node: PipelineExecution! }
  type PipelineExecutionConnection { edges: [PipelineExecutionEdge!]! pageInfo: PageInfo! }

  type Pipeline {
    name: String!
    stages: [Stage!]!
    latestExecution: PipelineExecution
    executions(first: Int, after: String): PipelineExecutionConnection!
    tags: [Tag!]!
  }
  type PipelineEdge { cursor: String! node: Pipeline! }
  type PipelineConnection { edges: [PipelineEdge!]! pageInfo: PageInfo! }

  type Query { pipelines(first: Int, after: String): PipelineConnection! }
`;

interface PipelineParent {
  name: string;
}

interface ActionParent {
  pipelineName: string;
  stageName: string;
  name: string;
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

function pageInfo(nextToken: string | undefined) {
  return { hasNextPage: nextToken !== undefined, endCursor: nextToken ?? null, hasPreviousPage: false };
}

/**
 * Resolvers as a first GraphQL layer over an SDK tends to be written: every
 * field calls what it needs itself, with no batching, no sharing between
 * fields and no cache.
 */
export function naiveResolvers(client: CodePipelineClient) {
  return {
    Query: {
      pipelines: async (_: unknown, { first, after }: PageArgs) => {
        const out = await client.send(
          new ListPipelinesCommand({ maxResults: first ?? 50, nextToken: after ?? undefined }),
        );
        return {
          edges: (out.pipelines ?? []).map((p) => ({
            cursor: Buffer.from(`pipeline:${p.name ?? ''}`).toString('base64'),
            node: { name: p.name ?? '' },
          })),
          pageInfo: pageInfo(out.nextToken),
        };
      },
    },
    Pipeline: {
      // The declaration for the stage and action names, the state to join them with.
      stages: async ({ name }: PipelineParent) => {
        const [{ pipeline }] = await Promise.all([
          client.send(new GetPipelineCommand({ name })),
          client.send(new GetPipelineStateCommand({ name })),
        ]);
        return (pipeline?.stages ?? []).map((stage) => ({
          name: stage.name,
          actions: (stage.actions ?? []).map((action): ActionParent => ({
            pipelineName: name,
            stageName: stage.name ?? '',
            name: action.name ?? '',
          })),
        }));
      },
      latestExecution: async ({ name }: PipelineParent) => {
        const out = await client.send(
          new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: 1 }),
        );
        return out.pipelineExecutionSummaries?.[0] ?? null;
      },
      executions: async ({ name }: PipelineParent, { first, after }: PageArgs) => {
        const out = await client.send(
          new ListPipelineExecutionsCommand({
            pipelineName: name,
            maxResults: first ?? 5,
            nextToken: after ?? undefined,
          }),
        );
        return {
          edges: (out.pipelineExecutionSummaries ?? []).map((e) => ({
            cursor: e.pipelineExecutionId ?? '',
            node: e,
          })),
          pageInfo: pageInfo(out.nextToken),
        };
      },
      // Tags are read by ARN, and the naive way to learn the ARN is GetPipeline.
      tags: async ({ name }: PipelineParent) => {
        const { metadata } = await client.send(new GetPipelineCommand({ name }));
        const out = await client.send(new ListTagsForResourceCommand({ resourceArn: metadata?.pipelineArn }));
        return out.tags ?? [];
      },
    },
    Action: {
      latestExecution: async ({ pipelineName, stageName, name }: ActionParent) => {
        const state = await client.send(new GetPipelineStateCommand({ name: pipelineName }));
        const stage = state.stageStates?.find((s) => s.stageName === stageName);
        return stage?.actionStates?.find((a) => a.actionName === name)?.latestExecution ?? null;
      },
    },
  };
}

import { type Target } from '../../aws/target';
import { badUserInput } from '../errors/graphql-errors';

/** The node types that have global IDs. */
export type NodeTypeName = 'Pipeline' | 'PipelineExecution';

/** What a global ID names: a type, the target it lives in, and the resource's own key parts. */
export interface GlobalIdParts {
  type: NodeTypeName;
  accountId: string;
  region: string;
  /** The resource key: `[name]` for a pipeline, `[pipelineName, pipelineExecutionId]` for an execution. */
  key: string[];
}

const NODE_TYPES: readonly NodeTypeName[] = ['Pipeline', 'PipelineExecution'];

/**
 * Encodes a global ID. The target is inside, so IDs stay unique when one
 * graph spans accounts and regions, and `node(id)` knows where to look.
 */
export function toGlobalId(type: NodeTypeName, target: Target, ...key: string[]): string {
  return Buffer.from(JSON.stringify([type, target.accountId, target.region, ...key])).toString('base64url');
}

/** Decodes a global ID; a malformed one is the client's fault. */
export function fromGlobalId(id: string): GlobalIdParts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput('`id` is not a global ID issued by this graph', 'id');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length < 4 ||
    !parsed.every((p) => typeof p === 'string') ||
    !NODE_TYPES.includes(parsed[0] as NodeTypeName)
  ) {
    throw badUserInput('`id` is not a global ID issued by this graph', 'id');
  }
  const [type, accountId, region, ...key] = parsed as string[];
  return { type: type as NodeTypeName, accountId: accountId ?? '', region: region ?? '', key };
}

import { type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * The cost model: what a field may cost upstream, in CodePipeline calls.
 *
 * Costs are read before anything runs, so they are an upper bound, not a
 * forecast: the cache and the per-request DataLoaders usually make fewer
 * calls (a warm dashboard makes none), and `extensions.cost.actual` says how
 * many were really made. Fields absent from the table cost 0: they are read
 * from an object their parent already loaded. Mutations cost 1 unless listed.
 */

/** How often a field's children are resolved. */
export type Fanout =
  /** A Relay connection: once per edge, `first` of them (or the resolver's default), capped by MAX_PAGE_SIZE. */
  | { kind: 'page'; defaultFirst: number }
  /** A list the query cannot bound: an estimate of its usual size. */
  | { kind: 'list'; items: number };

/** The cost of one field: its own upstream calls, and how its children multiply. */
export interface FieldCost {
  calls: number | ((args: Readonly<Record<string, unknown>>) => number);
  fanout?: Fanout;
}

/** The resolvers' default `first` when a client gives none (see src/schema's `paginate` calls). */
const page = (defaultFirst: number): Fanout => ({ kind: 'page', defaultFirst });
const list = (items: number): Fanout => ({ kind: 'list', items });

/** Assumed when a list of pipelines is unbounded (pendingApprovals without names): one full page. */
const FLEET_ESTIMATE = 100;
/** Action types in a region: the AWS catalog plus a few custom ones. */
const ACTION_TYPES_ESTIMATE = 50;
/** Approvals waiting at once across a fleet. */
const APPROVALS_ESTIMATE = 20;

/** One GetPipeline: every declaration member of a pipeline looked up on its own. */
const GET_PIPELINE: FieldCost = { calls: 1 };
/** One GetPipelineExecution, for members the execution list's summary lacks. */
const GET_EXECUTION: FieldCost = { calls: 1 };

/** Every field that may call CodePipeline, keyed by `Type.field`. */
export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  'Query.pipelines': { calls: 1, fanout: page(50) },
  'Query.pipeline': GET_PIPELINE,
  'Query.pipelineExecution': GET_EXECUTION,
  'Query.node': { calls: 1 },
  'Query.webhooks': { calls: 1, fanout: page(50) },
  'Query.actionTypes': { calls: 1, fanout: list(ACTION_TYPES_ESTIMATE) },
  'Query.ruleTypes': { calls: 1 },
  'Query.jobDetails': { calls: 1 },
  'Query.thirdPartyJobDetails': { calls: 1 },
  // GetPipelineState and GetPipeline per pipeline, after ListPipelines when no names are given.
  'Query.pendingApprovals': {
    calls: (args) =>
      Array.isArray(args.pipelineNames) ? 2 * args.pipelineNames.length : 1 + 2 * FLEET_ESTIMATE,
    fanout: list(APPROVALS_ESTIMATE),
  },
  // Declaration joined with state: GetPipeline + GetPipelineState.
  'Pipeline.stages': { calls: 2 },
  'Pipeline.state': { calls: 1 },
  'Pipeline.declaration': GET_PIPELINE,
  'Pipeline.metadata': GET_PIPELINE,
  'Pipeline.roleArn': GET_PIPELINE,
  'Pipeline.artifactStore': GET_PIPELINE,
  'Pipeline.artifactStores': GET_PIPELINE,
  'Pipeline.triggers': GET_PIPELINE,
  'Pipeline.variables': GET_PIPELINE,
  // version, pipelineType, executionMode, created and updated come with a list's summary, or from the
  // GetPipeline a lookup already made: free.
  'Pipeline.executions': { calls: 1, fanout: page(20) },
  'Pipeline.latestExecution': { calls: 1 },
  'Pipeline.actionExecutions': { calls: 1, fanout: page(50) },
  'Pipeline.ruleExecutions': { calls: 1, fanout: page(50) },
  // ListWebhooks, shared by every pipeline of the request.
  'Pipeline.webhooks': { calls: 1 },
  'Pipeline.tags': { calls: 1 },
  'PipelineExecution.pipelineVersion': GET_EXECUTION,
  'PipelineExecution.artifactRevisions': GET_EXECUTION,
  'PipelineExecution.variables': GET_EXECUTION,
  'PipelineExecution.actionExecutions': { calls: 1, fanout: page(50) },
  'PipelineExecution.ruleExecutions': { calls: 1, fanout: page(50) },
  'ActionExecutionDetail.deployTargets': { calls: 1, fanout: page(50) },
  'ActionType.declaration': { calls: 1 },
  // The existence check when it starts; each push then costs what its selection costs.
  'Subscription.pipelineStateChanged': { calls: 1 },
};

/** What a mutation not in the table costs: its one write (its payload's fields are costed as read). */
const MUTATION_COST = 1;

/** The page size a connection resolves: `first` within [0, maxPageSize], else the default (also capped). */
export function pageSize(first: unknown, defaultFirst: number, maxPageSize: number): number {
  if (typeof first !== 'number' || !Number.isInteger(first)) return Math.min(defaultFirst, maxPageSize);
  // Beyond the cap the resolver refuses with BAD_USER_INPUT before any call: cost it as the cap.
  return Math.max(0, Math.min(first, maxPageSize));
}

function multiplier(fanout: Fanout | undefined, args: Record<string, unknown>, maxPageSize: number): number {
  if (!fanout) return 1;
  switch (fanout.kind) {
    case 'page':
      return pageSize(args.first, fanout.defaultFirst, maxPageSize);
    case 'list':
      return fanout.items;
    default: {
      const unreachable: never = fanout;
      return unreachable;
    }
  }
}

/**
 * The estimator graphql-query-complexity runs on every field: the field's
 * own calls plus its children's cost times its fan-out.
 */
export function upstreamCallEstimator(maxPageSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const entry = FIELD_COSTS[`${type.name}.${field.name}`];
    const own = entry
      ? typeof entry.calls === 'function'
        ? entry.calls(args)
        : entry.calls
      : type.name === 'Mutation'
        ? MUTATION_COST
        : 0;
    return own + multiplier(entry?.fanout, args, maxPageSize) * childComplexity;
  };
}

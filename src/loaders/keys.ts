import type {
  ActionCategory,
  ActionExecutionFilter,
  ActionOwner,
  PipelineExecutionFilter,
  RuleExecutionFilter,
  RuleOwner,
  TargetFilter,
} from '@aws-sdk/client-codepipeline';

/** A page of an upstream list: its size and the upstream token that starts it. */
export interface PageKey {
  size: number;
  token?: string;
}

/** A pipeline declaration: a given version, or the latest when `version` is absent. */
export interface PipelineKey {
  name: string;
  version?: number;
}

export interface ExecutionsPageKey extends PageKey {
  pipelineName: string;
  filter?: PipelineExecutionFilter;
}

export interface ExecutionKey {
  pipelineName: string;
  pipelineExecutionId: string;
}

export interface ActionExecutionsPageKey extends PageKey {
  pipelineName: string;
  filter?: ActionExecutionFilter;
}

export interface RuleExecutionsPageKey extends PageKey {
  pipelineName: string;
  filter?: RuleExecutionFilter;
}

export interface DeployTargetsPageKey extends PageKey {
  pipelineName?: string;
  actionExecutionId: string;
  filters?: TargetFilter[];
}

export interface ActionTypesKey {
  owner?: ActionOwner;
  region?: string;
}

export interface ActionTypeKey {
  category: ActionCategory;
  owner: string;
  provider: string;
  version: string;
}

export interface RuleTypesKey {
  owner?: RuleOwner;
  region?: string;
}

export interface ThirdPartyJobKey {
  jobId: string;
  clientToken: string;
}

/** A stable text for filter objects, so equal filters make equal keys whatever their member order. */
export function stableJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * The page of executions `Pipeline.latestExecution` reads and the change
 * detector polls: one size, so a poll fills exactly the entry a dashboard reads.
 */
export const LATEST_EXECUTIONS_PAGE_SIZE = 10;

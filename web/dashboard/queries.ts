/**
 * The operations the dashboard sends (their text lives in operations/*.graphql,
 * which the build turns into the persisted-query manifest), and the shapes it reads back.
 */

/** Status words as the API spells them (`InProgress`, `Succeeded`, ...); absent before anything ran. */
export type Status = string | null | undefined;

export interface ActionView {
  name: string;
  latestExecution: { status: Status; summary?: string | null; lastStatusChange?: string | null } | null;
}

export interface StageView {
  name: string;
  latestExecution: { pipelineExecutionId: string; status: Status } | null;
  actions: ActionView[];
}

export interface PipelineView {
  name: string;
  arn: string;
  latestExecution: { pipelineExecutionId: string; status: Status; startTime?: string | null } | null;
  stages: StageView[];
}

/** One page of the estate: every pipeline the principal may see, with stages and actions. */
export { default as ESTATE } from './operations/estate.graphql';

/** The estate's outline: names and ARNs only, one cheap call, to draw the grid while the rest is read. */
export { default as ESTATE_OUTLINE } from './operations/estate-outline.graphql';

/** One pipeline afresh, after an event about it. */
export { default as ONE_PIPELINE } from './operations/one-pipeline.graphql';

/** Who the credential belongs to, and what the gateway serves. */
export { default as WHO_AM_I } from './operations/who-am-i.graphql';

/** Every change the gateway detects; a filter narrows it to pipelines or kinds. */
export { default as EVENTS } from './operations/events.graphql';

export interface PipelineEvent {
  kind:
    | 'PIPELINE_EXECUTION_STATE_CHANGE'
    | 'STAGE_EXECUTION_STATE_CHANGE'
    | 'ACTION_EXECUTION_STATE_CHANGE'
    | 'APPROVAL_NEEDED';
  pipelineName: string;
  pipelineExecutionId: string | null;
  stageName: string | null;
  actionName: string | null;
  state: string;
}

export interface ExecutionView {
  pipelineExecutionId: string;
  status: Status;
  statusSummary: string | null;
  startTime: string | null;
  lastUpdateTime: string | null;
  trigger: { triggerType: string | null; triggerDetail: string | null } | null;
  sourceRevisions:
    | {
        actionName: string;
        revisionId: string | null;
        revisionSummary: string | null;
        revisionUrl: string | null;
      }[]
    | null;
}

export interface PipelineDetail extends PipelineView {
  pipelineType: string | null;
  executionMode: string | null;
  executions: { nodes: ExecutionView[] };
}

/** The pipeline page: the pipeline and its recent executions. */
export { default as PIPELINE_PAGE } from './operations/pipeline-page.graphql';

export interface ActionRun {
  stageName: string | null;
  actionName: string | null;
  status: Status;
  startTime: string | null;
  lastUpdateTime: string | null;
}

/** The action runs of one execution: the bars of the timeline. */
export { default as TIMELINE } from './operations/timeline.graphql';

export interface Approval {
  pipelineName: string;
  stageName: string;
  actionName: string;
  pipelineExecutionId: string;
  summary: string | null;
  since: string | null;
  externalEntityLink: string | null;
}

/** Every approval waiting now. */
export { default as APPROVALS } from './operations/approvals.graphql';

export { default as APPROVE } from './operations/approve.graphql';

export { default as START } from './operations/start.graphql';

export { default as STOP } from './operations/stop.graphql';

export { default as RETRY } from './operations/retry.graphql';

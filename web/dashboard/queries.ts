/** The operations the dashboard sends, and the shapes it reads back. */

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

const PIPELINE_FIELDS = `
  name
  arn
  latestExecution { pipelineExecutionId status startTime }
  stages {
    name
    latestExecution { pipelineExecutionId status }
    actions { name latestExecution { status summary lastStatusChange } }
  }
`;

/** One page of the estate: every pipeline the principal may see, with stages and actions. */
export const ESTATE = `query Estate($after: String) {
  pipelines(first: 50, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { ${PIPELINE_FIELDS} }
  }
}`;

/** The estate's outline: names and ARNs only, one cheap call, to draw the grid while the rest is read. */
export const ESTATE_OUTLINE = `query EstateOutline($after: String) {
  pipelines(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { name arn }
  }
}`;

/** One pipeline afresh, after an event about it. */
export const ONE_PIPELINE = `query OnePipeline($name: String!) { pipeline(name: $name) { ${PIPELINE_FIELDS} } }`;

/** Who the credential belongs to, and what the gateway serves. */
export const WHO_AM_I = `query WhoAmI { viewer { id role } gateway { version upstream { mode } } }`;

/** Every change the gateway detects; a filter narrows it to pipelines or kinds. */
export const EVENTS = `subscription Events($filter: PipelineEventFilter) {
  pipelineEvents(filter: $filter) {
    kind pipelineName pipelineExecutionId stageName actionName state
  }
}`;

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
export const PIPELINE_PAGE = `query PipelinePage($name: String!) {
  pipeline(name: $name) {
    ${PIPELINE_FIELDS}
    pipelineType
    executionMode
    executions(first: 10) {
      nodes {
        pipelineExecutionId status statusSummary startTime lastUpdateTime
        trigger { triggerType triggerDetail }
        sourceRevisions { actionName revisionId revisionSummary revisionUrl }
      }
    }
  }
}`;

export interface ActionRun {
  stageName: string | null;
  actionName: string | null;
  status: Status;
  startTime: string | null;
  lastUpdateTime: string | null;
}

/** The action runs of one execution: the bars of the timeline. */
export const TIMELINE = `query Timeline($name: String!, $id: String!) {
  pipelineExecution(pipelineName: $name, pipelineExecutionId: $id) {
    actionExecutions(first: 100) { nodes { stageName actionName status startTime lastUpdateTime } }
  }
}`;

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
export const APPROVALS = `query Approvals {
  pendingApprovals { pipelineName stageName actionName pipelineExecutionId summary since externalEntityLink }
}`;

export const APPROVE = `mutation Approve($input: ApproveActionInput!) {
  approveAction(input: $input) { decision }
}`;

export const START = `mutation Start($name: String!) {
  startPipelineExecution(input: { name: $name }) { pipelineExecutionId }
}`;

export const STOP = `mutation Stop($name: String!, $id: String!) {
  stopPipelineExecution(input: { pipelineName: $name, pipelineExecutionId: $id, reason: "Stopped from the dashboard" }) {
    pipelineExecutionId
  }
}`;

export const RETRY = `mutation Retry($name: String!, $stage: String!, $id: String!) {
  retryStageExecution(input: { pipelineName: $name, stageName: $stage, pipelineExecutionId: $id, retryMode: FAILED_ACTIONS }) {
    pipelineExecutionId
  }
}`;

import type { ActionTypeId } from '@aws-sdk/client-codepipeline';

/**
 * CodePipeline's EventBridge events, as an API destination POSTs them: the
 * standard envelope (`version`, `id`, `detail-type`, `source`, `account`,
 * `time`, `region`, `resources`, `detail`) with the detail fields of the
 * CodePipeline user guide. Reading one is strict: anything that is not such
 * an event is refused with a reason, never half-read.
 */

/** The detail types CodePipeline sends, by the level of what changed. */
export const CODEPIPELINE_DETAIL_TYPES = {
  'CodePipeline Pipeline Execution State Change': 'execution',
  'CodePipeline Stage Execution State Change': 'stage',
  'CodePipeline Action Execution State Change': 'action',
} as const;

/** What changed: a pipeline execution, one of its stages, or one of its actions. */
export type TransitionLevel = (typeof CODEPIPELINE_DETAIL_TYPES)[keyof typeof CODEPIPELINE_DETAIL_TYPES];

/**
 * An event's `state` in the API's words, which is how the graph and the
 * poller spell states (`STARTED` and `RESUMED` are both `InProgress`).
 */
const STATES: Record<string, string> = {
  STARTED: 'InProgress',
  RESUMED: 'InProgress',
  STOPPING: 'Stopping',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  STOPPED: 'Stopped',
  SUPERSEDED: 'Superseded',
  CANCELED: 'Cancelled',
  ABANDONED: 'Abandoned',
};

/** One CodePipeline state change, read from its event. */
export interface PushedTransition {
  /** EventBridge's event id (the same on a retry of one event). */
  id: string;
  accountId: string;
  region: string;
  level: TransitionLevel;
  pipelineName: string;
  pipelineExecutionId: string;
  stageName?: string;
  actionName?: string;
  actionType?: ActionTypeId;
  /** The state in the API's words (`InProgress`, `Succeeded`...). */
  state: string;
  /** The pipeline version, when the event gives it. */
  version?: number;
  /** When the change happened (the envelope's `time`, second precision), epoch ms. */
  atMs: number;
}

/** The verdict on a body: its transitions, or why it is not CodePipeline events. */
export type ReadResult = { ok: true; transitions: PushedTransition[] } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function actionTypeOf(value: unknown): ActionTypeId | undefined {
  if (!isRecord(value)) return undefined;
  const [owner, provider, category, version] = ['owner', 'provider', 'category', 'version'].map((n) =>
    text(value, n),
  );
  if (!owner || !provider || !category || !version) return undefined;
  return { owner, provider, category, version } as ActionTypeId;
}

/** Reads one event; a reason when it is not a CodePipeline state change event. */
export function readEvent(value: unknown, index = 0): PushedTransition | string {
  const at = `event ${index}`;
  if (!isRecord(value)) return `${at} is not an object`;
  if (value.source !== 'aws.codepipeline') return `${at}: source must be aws.codepipeline`;
  const detailType = text(value, 'detail-type');
  const level = detailType
    ? (CODEPIPELINE_DETAIL_TYPES as Record<string, TransitionLevel | undefined>)[detailType]
    : undefined;
  if (!level) return `${at}: detail-type is not a CodePipeline execution state change`;
  const id = text(value, 'id');
  const accountId = text(value, 'account');
  const region = text(value, 'region');
  const time = text(value, 'time');
  const atMs = time === undefined ? NaN : Date.parse(time);
  if (!id || !accountId || !region || Number.isNaN(atMs)) {
    return `${at}: id, account, region and time are required`;
  }
  const detail = value.detail;
  if (!isRecord(detail)) return `${at}: detail must be an object`;
  const pipelineName = text(detail, 'pipeline');
  const pipelineExecutionId = text(detail, 'execution-id');
  const rawState = text(detail, 'state');
  const state = rawState === undefined ? undefined : STATES[rawState];
  if (!pipelineName || !pipelineExecutionId || !state) {
    return `${at}: detail needs pipeline, execution-id and a known state`;
  }
  const stageName = text(detail, 'stage');
  const actionName = text(detail, 'action');
  if (level !== 'execution' && !stageName) return `${at}: detail.stage is required`;
  if (level === 'action' && !actionName) return `${at}: detail.action is required`;
  const version = typeof detail.version === 'number' ? detail.version : undefined;
  return {
    id,
    accountId,
    region,
    level,
    pipelineName,
    pipelineExecutionId,
    stageName: level === 'execution' ? undefined : stageName,
    actionName: level === 'action' ? actionName : undefined,
    actionType: level === 'action' ? actionTypeOf(detail.type) : undefined,
    state,
    version,
    atMs,
  };
}

/** Reads a body: one event or a JSON array of them; every one must be a CodePipeline event. */
export function readEvents(body: unknown): ReadResult {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) return { ok: false, reason: 'no events' };
  const transitions: PushedTransition[] = [];
  for (const [i, item] of items.entries()) {
    const read = readEvent(item, i);
    if (typeof read === 'string') return { ok: false, reason: read };
    transitions.push(read);
  }
  return { ok: true, transitions };
}

import type {
  ActionDeclaration,
  Artifact,
  ArtifactDetail,
  DeployActionExecutionTarget,
} from '@aws-sdk/client-codepipeline';
import { type ActionRun, type ExecutionRecord } from '../core/state';
import { type EngineCore } from './core';
import { declarationOf } from './declarations';
import { randomHex } from './ids';
import { describeRevision } from './source-revisions';

/** The bucket artifacts of a pipeline pretend to live in. */
export function artifactBucket(core: EngineCore, exec: ExecutionRecord): string {
  const decl = declarationOf(core, exec);
  return decl?.artifactStore?.location ?? `codepipeline-${core.target.region}-${core.target.accountId}`;
}

function artifactKey(exec: ExecutionRecord, name: string): string {
  return `${exec.pipelineName.slice(0, 20)}/${name.slice(0, 20)}/${exec.pipelineExecutionId.slice(0, 7)}`;
}

/** Artifact details as ListActionExecutions shows them. */
export function artifactDetails(core: EngineCore, exec: ExecutionRecord, names: string[]): ArtifactDetail[] {
  const bucket = artifactBucket(core, exec);
  return names.map((name) => ({ name, s3location: { bucket, key: artifactKey(exec, name) } }));
}

/** Artifacts as a job worker receives them, with the revision each carries in this execution. */
export function jobArtifacts(core: EngineCore, exec: ExecutionRecord, names: string[]): Artifact[] {
  const bucket = artifactBucket(core, exec);
  return names.map((name) => ({
    name,
    revision: exec.artifactRevisions.find((r) => r.name === name)?.revisionId,
    location: { type: 'S3', s3Location: { bucketName: bucket, objectKey: artifactKey(exec, name) } },
  }));
}

/** Names of an action's declared input artifacts. */
export function inputNames(action: ActionDeclaration): string[] {
  return (action.inputArtifacts ?? []).flatMap((a) => (a.name ? [a.name] : []));
}

/** Names of an action's declared output artifacts. */
export function outputNames(action: ActionDeclaration): string[] {
  return (action.outputArtifacts ?? []).flatMap((a) => (a.name ? [a.name] : []));
}

/**
 * Records the revision a source action fetched: the planned one (an override
 * or PutActionRevision), else a fresh one of the provider's kind, with the
 * summary and URL the provider gives it.
 */
export function recordSourceRevision(
  core: EngineCore,
  exec: ExecutionRecord,
  action: ActionDeclaration,
  run: ActionRun,
  atMs: number,
): string {
  const plan = core.plannedRevisions.get(exec)?.get(run.actionName);
  const details = describeRevision(action, core.target, atMs, plan?.revisionId);
  const { revisionId, url: revisionUrl } = details;
  const summary = plan?.summary ?? details.summary;
  const created = plan?.created ?? new Date(atMs);
  exec.sourceRevisions = exec.sourceRevisions.filter((s) => s.actionName !== run.actionName);
  exec.sourceRevisions.push({
    actionName: run.actionName,
    revisionId,
    revisionSummary: summary,
    revisionUrl,
  });
  for (const name of outputNames(action)) {
    exec.artifactRevisions = exec.artifactRevisions.filter((a) => a.name !== name);
    exec.artifactRevisions.push({
      name,
      revisionId,
      revisionChangeIdentifier: plan?.revisionChangeId ?? details.changeId ?? created.toISOString(),
      revisionSummary: summary,
      created,
      revisionUrl,
    });
  }
  return revisionId;
}

/** Two fake EC2 instances with CodeDeploy-like lifecycle events, for ListDeployActionExecutionTargets. */
export function fakeDeployTargets(
  startMs: number,
  endMs: number,
  outcome: 'Succeeded' | 'Failed',
): DeployActionExecutionTarget[] {
  const events = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall'];
  const step = Math.max(1, Math.floor((endMs - startMs) / events.length));
  return [0, 1].map((i) => {
    const failedHere = outcome === 'Failed' && i === 1;
    return {
      targetId: `i-${randomHex(8).slice(0, 17)}`,
      targetType: 'EC2Instance',
      status: failedHere ? 'Failed' : 'Succeeded',
      startTime: new Date(startMs),
      endTime: new Date(endMs),
      events: events.map((name, k) => ({
        name,
        status: failedHere && k === events.length - 1 ? 'Failed' : 'Succeeded',
        startTime: new Date(startMs + k * step),
        endTime: new Date(Math.min(endMs, startMs + (k + 1) * step)),
        context: { message: `${name} on target ${i + 1}` },
      })),
    };
  });
}

/**
 * Replaces `#{variables.NAME}` with pipeline variables and `#{Namespace.Var}`
 * with output variables of earlier actions in the same execution.
 */
export function resolveConfiguration(
  core: EngineCore,
  exec: ExecutionRecord,
  configuration: Record<string, string>,
): Record<string, string> {
  const namespaces = new Map<string, Record<string, string>>();
  for (const run of core.state.actionExecutions) {
    if (run.pipelineExecutionId !== exec.pipelineExecutionId || !run.input.namespace) continue;
    if (run.output.outputVariables) namespaces.set(run.input.namespace, run.output.outputVariables);
  }
  const resolve = (value: string): string =>
    value.replace(/#\{([A-Za-z0-9@\-_]+)\.([A-Za-z0-9@\-_]+)\}/g, (whole, ns: string, key: string) => {
      if (ns === 'variables') return exec.variables.find((v) => v.name === key)?.resolvedValue ?? whole;
      return namespaces.get(ns)?.[key] ?? whole;
    });
  return Object.fromEntries(Object.entries(configuration).map(([k, v]) => [k, resolve(v)]));
}

import type { ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { pipelineArn } from '../core/context';
import { type ActionRun, type ExecutionRecord, type JobRecord, type StageRun } from '../core/state';
import { inputNames, jobArtifacts, outputNames } from './artifacts';
import { type EngineCore } from './core';
import { newId, randomHex } from './ids';

/**
 * Creates the job a custom or third-party action waits on. Third-party jobs
 * carry a client token and, as in AWS, no pipeline ARN or execution id.
 */
export function createJob(
  core: EngineCore,
  exec: ExecutionRecord,
  stage: StageRun,
  action: ActionDeclaration,
  run: ActionRun,
  atMs: number,
  continuationToken?: string,
): JobRecord {
  const actionTypeId = action.actionTypeId ?? {
    category: undefined,
    owner: undefined,
    provider: undefined,
    version: undefined,
  };
  const thirdParty = actionTypeId.owner === 'ThirdParty';
  const job: JobRecord = {
    id: newId(),
    kind: thirdParty ? 'thirdParty' : 'custom',
    status: 'Queued',
    nonce: randomHex(16),
    accountId: core.target.accountId,
    actionTypeId,
    data: {
      actionTypeId,
      actionConfiguration: { configuration: run.input.resolvedConfiguration ?? action.configuration ?? {} },
      pipelineContext: {
        pipelineName: exec.pipelineName,
        stage: { name: stage.stageName },
        action: { name: run.actionName, actionExecutionId: run.actionExecutionId },
        pipelineArn: thirdParty ? undefined : pipelineArn(core.target, exec.pipelineName),
        pipelineExecutionId: thirdParty ? undefined : exec.pipelineExecutionId,
      },
      inputArtifacts: jobArtifacts(core, exec, inputNames(action)),
      outputArtifacts: jobArtifacts(core, exec, outputNames(action)),
      artifactCredentials: {
        accessKeyId: `ASIA${randomHex(8).toUpperCase()}`,
        secretAccessKey: randomHex(20),
        sessionToken: randomHex(32),
      },
      continuationToken,
    },
    clientId: thirdParty ? newId() : undefined,
    clientToken: thirdParty ? randomHex(16) : undefined,
    pipelineName: exec.pipelineName,
    pipelineExecutionId: exec.pipelineExecutionId,
    stageName: stage.stageName,
    actionName: run.actionName,
    actionExecutionId: run.actionExecutionId,
    created: new Date(atMs),
  };
  core.state.jobs.set(job.id, job);
  return job;
}

/** The action run a job belongs to, if it still exists. */
export function runOfJob(core: EngineCore, job: JobRecord): ActionRun | undefined {
  const exec = core.state.executions.get(job.pipelineExecutionId);
  const stage = exec?.stages.get(job.stageName);
  return stage?.actions.find((a) => a.actionExecutionId === job.actionExecutionId);
}

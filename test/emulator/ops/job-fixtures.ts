import { randomUUID } from 'node:crypto';
import type { ActionTypeId } from '@aws-sdk/client-codepipeline';
import { type JobRecord, type JobResult } from '../../../src/emulator/core/state';
import { type TestEmulator } from '../../support/emulator';

/** The custom type the job tests poll for; create it with CreateCustomActionTypeCommand first. */
export const CUSTOM_TYPE: ActionTypeId = {
  category: 'Build',
  owner: 'Custom',
  provider: 'Jenkins',
  version: '1',
};

/** A partner type of the built-in catalog. */
export const THIRD_PARTY_TYPE: ActionTypeId = {
  category: 'Test',
  owner: 'ThirdParty',
  provider: 'BlazeMeter',
  version: '1',
};

let clock = 0;

/**
 * Puts a queued job into the world as the engine would when a custom or
 * third-party action starts, so worker operations can be tested on their own.
 */
export function insertJob(
  emu: TestEmulator,
  options: {
    kind?: JobRecord['kind'];
    configuration?: Record<string, string>;
    status?: JobRecord['status'];
  } = {},
): JobRecord {
  const kind = options.kind ?? 'custom';
  const actionTypeId = kind === 'custom' ? CUSTOM_TYPE : THIRD_PARTY_TYPE;
  const actionExecutionId = randomUUID();
  const job: JobRecord = {
    id: randomUUID(),
    kind,
    status: options.status ?? 'Queued',
    nonce: String(100 + (clock % 900)),
    accountId: '123456789012',
    actionTypeId,
    data: {
      actionTypeId,
      actionConfiguration: { configuration: options.configuration ?? { ProjectName: 'app' } },
      pipelineContext: {
        pipelineName: 'my-pipeline',
        stage: { name: 'Build' },
        action: { name: 'Jenkins', actionExecutionId },
        pipelineArn: 'arn:aws:codepipeline:us-east-1:123456789012:my-pipeline',
        pipelineExecutionId: 'exec-1',
      },
      inputArtifacts: [],
      outputArtifacts: [],
    },
    clientId: kind === 'thirdParty' ? randomUUID() : undefined,
    clientToken: kind === 'thirdParty' ? `token-${randomUUID()}` : undefined,
    pipelineName: 'my-pipeline',
    pipelineExecutionId: 'exec-1',
    stageName: 'Build',
    actionName: 'Jenkins',
    actionExecutionId,
    // Strictly increasing, so poll order is deterministic.
    created: new Date(1_700_000_000_000 + clock++),
  };
  emu.emulator.state.jobs.set(job.id, job);
  return job;
}

/**
 * Replaces the engine's completeJob with a recorder, for asserting the
 * hand-off without depending on a pipeline run. Returns the recorded calls.
 */
export function recordEngineHandoff(emu: TestEmulator): jest.Mock<void, [JobRecord, JobResult]> {
  const spy = jest.fn<void, [JobRecord, JobResult]>();
  emu.emulator.engine.completeJob = spy;
  return spy;
}

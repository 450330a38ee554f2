import type { GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import { type Emulator } from '../emulator';
import { DEMO_FLEET, DEMO_WEBHOOK, DISABLED_TRANSITION } from './declarations';

/** How much history the seed plays before "now", so lists and dashboards are not empty. */
export const DEMO_HISTORY_MS = 60 * 60 * 1000;

/** Simulated step of the history warm-up. */
const WARMUP_STEP_MS = 15_000;

/** Real interval at which live demo traffic is considered. */
const TRAFFIC_INTERVAL_MS = 1_000;

/** Approves every Manual approval now waiting, as a reviewer working through history would. */
function approveWaiting(emulator: Emulator, pipelineName: string): void {
  const state = emulator.invoke('GetPipelineState', { name: pipelineName }) as GetPipelineStateOutput;
  for (const stage of state.stageStates ?? []) {
    for (const action of stage.actionStates ?? []) {
      const exec = action.latestExecution;
      if (exec?.status === 'InProgress' && exec.token && stage.latestExecution?.pipelineExecutionId) {
        emulator.invoke('PutApprovalResult', {
          pipelineName,
          stageName: stage.stageName,
          actionName: action.actionName,
          token: exec.token,
          result: { status: 'Approved', summary: 'Looks good on staging.' },
        });
      }
    }
  }
}

/** Starts an execution as a commit would, ignoring limits the demo may hit. */
function commit(emulator: Emulator, pipelineName: string): void {
  try {
    emulator.invoke('StartPipelineExecution', { name: pipelineName });
  } catch {
    // A demo commit that the API refuses (e.g. a concurrency limit) is simply skipped.
  }
}

/**
 * Loads the demo fleet through the API handlers themselves (so it is
 * validated like any client's input), plays an hour of history ending at
 * the real "now", and keeps commits flowing while the emulator runs.
 *
 * The clock is first moved back by {@link DEMO_HISTORY_MS}; the warm-up then
 * advances it to the present, so timestamps look like a real account's.
 */
export function seedDemoFleet(emulator: Emulator): void {
  emulator.clock.rewind(DEMO_HISTORY_MS);
  for (const pipeline of DEMO_FLEET) {
    emulator.invoke('CreatePipeline', { pipeline: pipeline.declaration, tags: pipeline.tags });
  }
  emulator.invoke('PutWebhook', {
    webhook: {
      name: DEMO_WEBHOOK.name,
      targetPipeline: DEMO_WEBHOOK.targetPipeline,
      targetAction: DEMO_WEBHOOK.targetAction,
      filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
      authentication: 'GITHUB_HMAC',
      authenticationConfiguration: { SecretToken: 'demo-webhook-secret' },
    },
    tags: [{ key: 'team', value: 'devrel' }],
  });

  // Deterministic history: commits at each pipeline's cadence, approvals granted, all but the last hour's end.
  const random = emulator.options.random;
  const nextCommit = new Map(
    DEMO_FLEET.map((p) => [p.declaration.name ?? '', emulator.clock.nowMs() + random() * p.commitEveryMs]),
  );
  const end = emulator.clock.nowMs() + DEMO_HISTORY_MS;
  let transitionDisabled = false;
  while (emulator.clock.nowMs() < end) {
    emulator.advance(Math.min(WARMUP_STEP_MS, end - emulator.clock.nowMs()));
    for (const pipeline of DEMO_FLEET) {
      const name = pipeline.declaration.name ?? '';
      if (emulator.clock.nowMs() >= (nextCommit.get(name) ?? Infinity)) {
        commit(emulator, name);
        nextCommit.set(name, emulator.clock.nowMs() + pipeline.commitEveryMs * (0.5 + random()));
      }
      // Leave the last quarter hour's approvals waiting, so the gate shows as pending.
      if (end - emulator.clock.nowMs() > 15 * 60 * 1000) approveWaiting(emulator, name);
    }
    if (!transitionDisabled && end - emulator.clock.nowMs() < 20 * 60 * 1000) {
      emulator.invoke('DisableStageTransition', {
        pipelineName: DISABLED_TRANSITION.pipelineName,
        stageName: DISABLED_TRANSITION.stageName,
        transitionType: 'Inbound',
        reason: DISABLED_TRANSITION.reason,
      });
      transitionDisabled = true;
    }
  }

  // Live traffic from here on, on the simulated clock.
  let lastMs = emulator.clock.nowMs();
  const timer = setInterval(() => {
    const now = emulator.clock.nowMs();
    for (const pipeline of DEMO_FLEET) {
      const name = pipeline.declaration.name ?? '';
      if (!emulator.state.pipelines.has(name)) continue;
      // Poisson arrivals: the chance of a commit in this slice of simulated time.
      if (random() < (now - lastMs) / pipeline.commitEveryMs) commit(emulator, name);
    }
    lastMs = now;
  }, TRAFFIC_INTERVAL_MS);
  timer.unref();
  emulator.onWorldEnd(() => clearInterval(timer));
}

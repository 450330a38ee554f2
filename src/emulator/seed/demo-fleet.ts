import type { GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import { type Emulator } from '../emulator';
import { type World } from '../world/world';
import { DEMO_WEBHOOK, DISABLED_TRANSITION } from './declarations';
import { demoEstate, type DemoWorld } from './estate-declarations';

/** How much history the seed plays before "now", so lists and dashboards are not empty. */
export const DEMO_HISTORY_MS = 60 * 60 * 1000;

/** Simulated step of the history warm-up. */
const WARMUP_STEP_MS = 15_000;

/** Real interval at which live demo traffic is considered. */
const TRAFFIC_INTERVAL_MS = 1_000;

/** Approves every Manual approval now waiting, as a reviewer working through history would. */
function approveWaiting(world: World, pipelineName: string): void {
  const state = world.invoke('GetPipelineState', { name: pipelineName }) as GetPipelineStateOutput;
  for (const stage of state.stageStates ?? []) {
    for (const action of stage.actionStates ?? []) {
      const exec = action.latestExecution;
      if (exec?.status === 'InProgress' && exec.token && stage.latestExecution?.pipelineExecutionId) {
        world.invoke('PutApprovalResult', {
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
function commit(world: World, pipelineName: string): void {
  try {
    world.invoke('StartPipelineExecution', { name: pipelineName });
  } catch {
    // A demo commit that the API refuses (e.g. a concurrency limit) is simply skipped.
  }
}

function createFleet(world: World, plan: DemoWorld): void {
  for (const pipeline of plan.fleet) {
    world.invoke('CreatePipeline', { pipeline: pipeline.declaration, tags: pipeline.tags });
  }
  if (!plan.main) return;
  world.invoke('PutWebhook', {
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
}

/**
 * Loads demo worlds through the API handlers themselves (so they are
 * validated like any client's input), plays an hour of history ending at
 * the real "now", and keeps commits flowing while the emulator runs.
 *
 * The clock is first moved back by {@link DEMO_HISTORY_MS}; the warm-up then
 * advances it to the present, so timestamps look like a real account's.
 */
function seedWorlds(emulator: Emulator, plans: DemoWorld[]): void {
  emulator.clock.rewind(DEMO_HISTORY_MS);
  const worlds = plans.map((plan) => ({ plan, world: emulator.world(plan.target) }));
  for (const { plan, world } of worlds) createFleet(world, plan);

  // Deterministic history: commits at each pipeline's cadence, approvals granted, all but the last hour's end.
  const random = emulator.options.random;
  const nextCommit = new Map<string, number>();
  const key = (world: World, name: string): string => `${world.key}/${name}`;
  for (const { plan, world } of worlds) {
    for (const p of plan.fleet) {
      nextCommit.set(
        key(world, p.declaration.name ?? ''),
        emulator.clock.nowMs() + random() * p.commitEveryMs,
      );
    }
  }
  const end = emulator.clock.nowMs() + DEMO_HISTORY_MS;
  let transitionDisabled = false;
  while (emulator.clock.nowMs() < end) {
    emulator.advance(Math.min(WARMUP_STEP_MS, end - emulator.clock.nowMs()));
    for (const { plan, world } of worlds) {
      for (const pipeline of plan.fleet) {
        const name = pipeline.declaration.name ?? '';
        if (emulator.clock.nowMs() >= (nextCommit.get(key(world, name)) ?? Infinity)) {
          commit(world, name);
          nextCommit.set(
            key(world, name),
            emulator.clock.nowMs() + pipeline.commitEveryMs * (0.5 + random()),
          );
        }
        // Leave the last quarter hour's approvals waiting, so the gate shows as pending.
        if (end - emulator.clock.nowMs() > 15 * 60 * 1000) approveWaiting(world, name);
      }
    }
    const main = worlds.find((w) => w.plan.main)?.world;
    if (main && !transitionDisabled && end - emulator.clock.nowMs() < 20 * 60 * 1000) {
      main.invoke('DisableStageTransition', {
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
    for (const { plan, world } of worlds) {
      for (const pipeline of plan.fleet) {
        const name = pipeline.declaration.name ?? '';
        if (!world.state.pipelines.has(name)) continue;
        // Poisson arrivals: the chance of a commit in this slice of simulated time.
        if (random() < (now - lastMs) / pipeline.commitEveryMs) commit(world, name);
      }
    }
    lastMs = now;
  }, TRAFFIC_INTERVAL_MS);
  timer.unref();
  emulator.onWorldEnd(() => clearInterval(timer));
}

/** Seeds the demo fleet in the default world only (a single-account emulator). */
export function seedDemoFleet(emulator: Emulator): void {
  seedWorlds(emulator, demoEstate(emulator.defaultTarget).slice(0, 1));
}

/**
 * Seeds the demo estate: the demo fleet in the default world, plus a small
 * fleet in a second region and one in a second account (see {@link demoEstate}).
 */
export function seedDemoEstate(emulator: Emulator): void {
  seedWorlds(emulator, demoEstate(emulator.defaultTarget));
}

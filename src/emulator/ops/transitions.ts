import type { StageTransitionType } from '@aws-sdk/client-codepipeline';
import { type OperationContext, type OperationTable } from '../core/context';
import { awsError } from '../core/errors';
import { type Input, requireEnum, requireName, requireString } from '../core/input';
import { type PipelineRecord } from '../core/state';
import { userArn } from '../engine/core';
import { currentDeclaration } from '../engine/declarations';
import { requirePipeline, simulation } from './executions/common';

const TRANSITION_TYPES: readonly StageTransitionType[] = ['Inbound', 'Outbound'];
const REASON_PATTERN = /^[a-zA-Z0-9!@ ().*?-]+$/;

/**
 * The key of the transition a request changes. A stage's outbound transition
 * is the next stage's inbound one; the last stage's outbound transition leads
 * nowhere, so it is only recorded, under a key no stage name can take.
 */
function transitionKey(pipeline: PipelineRecord, stageName: string, type: StageTransitionType): string {
  const stages = currentDeclaration(pipeline).stages ?? [];
  const index = stages.findIndex((s) => s.name === stageName);
  if (index < 0) {
    throw awsError('StageNotFoundException', `Stage ${stageName} was not found in pipeline ${pipeline.name}`);
  }
  if (type === 'Inbound') return stageName;
  return stages[index + 1]?.name ?? `${stageName}#Outbound`;
}

function parse(input: Input, ctx: OperationContext): { pipeline: PipelineRecord; key: string } {
  const pipelineName = requireName(input, 'pipelineName');
  const stageName = requireName(input, 'stageName');
  const type = requireEnum(input, 'transitionType', TRANSITION_TYPES);
  const pipeline = requirePipeline(ctx, pipelineName);
  return { pipeline, key: transitionKey(pipeline, stageName, type) };
}

/** DisableStageTransition: later executions wait before the stage until it is enabled again. */
function disableStageTransition(input: Input, ctx: OperationContext): Record<string, never> {
  const reason = requireString(input, 'reason', { min: 1, max: 300, pattern: REASON_PATTERN });
  const { pipeline, key } = parse(input, ctx);
  pipeline.transitions.set(key, {
    enabled: false,
    disabledReason: reason,
    lastChangedBy: userArn(ctx),
    lastChangedAt: ctx.clock.now(),
  });
  return {};
}

/** EnableStageTransition: releases the executions held before the stage. */
function enableStageTransition(input: Input, ctx: OperationContext): Record<string, never> {
  const { pipeline, key } = parse(input, ctx);
  pipeline.transitions.set(key, {
    enabled: true,
    lastChangedBy: userArn(ctx),
    lastChangedAt: ctx.clock.now(),
  });
  simulation(ctx).settleNow();
  return {};
}

/** Handlers of the stage transition operations. */
export const transitionsOperations: OperationTable = {
  DisableStageTransition: disableStageTransition,
  EnableStageTransition: enableStageTransition,
};

import type {
  ActionDeclaration,
  PipelineVariable,
  SourceRevisionOverride,
  SourceRevisionType,
} from '@aws-sdk/client-codepipeline';
import { type OperationContext } from '../../core/context';
import { awsError, validationError } from '../../core/errors';
import {
  type Input,
  optionalArray,
  optionalString,
  requireEnum,
  requireName,
  requireString,
} from '../../core/input';
import { isActive, userArn } from '../../engine/core';
import { currentDeclaration, executionModeOf } from '../../engine/declarations';
import { OVERRIDE_TYPES, sourceKind } from '../../engine/source-revisions';
import { requirePipeline, simulation } from './common';

/** AWS caps in-progress executions of QUEUED and PARALLEL pipelines; the emulator uses this bound. */
export const MAX_CONCURRENT_EXECUTIONS = 50;

const SOURCE_REVISION_TYPES: readonly SourceRevisionType[] = [
  'COMMIT_ID',
  'IMAGE_DIGEST',
  'S3_OBJECT_VERSION_ID',
  'S3_OBJECT_KEY',
];

function asInput(v: unknown, field: string): Input {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw validationError(`${field} must be an object`);
  return v as Input;
}

function parseVariables(input: Input): PipelineVariable[] | undefined {
  return optionalArray(input, 'variables', 50)?.map((raw, i) => {
    const v = asInput(raw, `variables.${i + 1}`);
    return {
      name: requireString(v, 'name', { min: 1, max: 128, pattern: /^[A-Za-z0-9@\-_]+$/ }),
      value: requireString(v, 'value', { min: 1, max: 1000 }),
    };
  });
}

function parseSourceRevisions(input: Input): SourceRevisionOverride[] | undefined {
  return optionalArray(input, 'sourceRevisions', 50)?.map((raw, i) => {
    const s = asInput(raw, `sourceRevisions.${i + 1}`);
    return {
      actionName: requireName(s, 'actionName'),
      revisionType: requireEnum(s, 'revisionType', SOURCE_REVISION_TYPES),
      revisionValue: requireString(s, 'revisionValue', { min: 1, max: 1500 }),
    };
  });
}

/** An override must be of the type its source fetches: COMMIT_ID for Git sources, S3 types for S3, IMAGE_DIGEST for ECR. */
function checkOverride(action: ActionDeclaration, override: SourceRevisionOverride): void {
  const kind = sourceKind(action);
  const type = override.revisionType;
  if (type === undefined || !OVERRIDE_TYPES[kind].includes(type)) {
    throw validationError(
      `Source revision override of type ${type} is not supported by the ${action.actionTypeId?.provider} source action ${override.actionName}; use ${OVERRIDE_TYPES[kind].join(' or ')}`,
    );
  }
}

/** Refuses more in-progress executions than QUEUED and PARALLEL pipelines allow. */
export function checkConcurrency(ctx: OperationContext, pipelineName: string): void {
  const pipeline = requirePipeline(ctx, pipelineName);
  if (executionModeOf(currentDeclaration(pipeline)) === 'SUPERSEDED') return;
  const running = simulation(ctx).executionsOf(pipelineName).filter(isActive).length;
  if (running >= MAX_CONCURRENT_EXECUTIONS) {
    throw awsError(
      'ConcurrentPipelineExecutionsLimitExceededException',
      `The pipeline ${pipelineName} already has ${running} executions in progress`,
    );
  }
}

/**
 * StartPipelineExecution. A repeated clientRequestToken returns the execution
 * it started the first time instead of starting another.
 */
export function startPipelineExecution(input: Input, ctx: OperationContext): { pipelineExecutionId: string } {
  const name = requireName(input, 'name');
  const token = optionalString(input, 'clientRequestToken', { min: 1, max: 128, pattern: /^[a-zA-Z0-9-]+$/ });
  const variables = parseVariables(input);
  const sourceRevisions = parseSourceRevisions(input);
  const pipeline = requirePipeline(ctx, name);
  const tokenKey = token === undefined ? undefined : `${name}\u0000${token}`;
  const previous = tokenKey === undefined ? undefined : ctx.state.startTokens.get(tokenKey);
  if (previous !== undefined && ctx.state.executions.has(previous)) return { pipelineExecutionId: previous };
  const decl = currentDeclaration(pipeline);
  for (const override of sourceRevisions ?? []) {
    const action = (decl.stages ?? [])
      .flatMap((s) => s.actions ?? [])
      .find((a) => a.name === override.actionName);
    if (action?.actionTypeId?.category !== 'Source') {
      throw validationError(
        `Source revision override names ${override.actionName}, which is not a source action`,
      );
    }
    checkOverride(action, override);
  }
  checkConcurrency(ctx, name);
  const exec = ctx.engine.startExecution(pipeline, {
    trigger: { triggerType: 'StartPipelineExecution', triggerDetail: userArn(ctx) },
    variables,
    sourceRevisions,
    clientRequestToken: token,
  });
  if (tokenKey !== undefined) ctx.state.startTokens.set(tokenKey, exec.pipelineExecutionId);
  return { pipelineExecutionId: exec.pipelineExecutionId };
}

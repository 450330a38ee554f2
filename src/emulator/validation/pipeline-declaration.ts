import {
  ExecutionMode,
  PipelineType,
  type PipelineDeclaration,
  type StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import { validationError } from '../core/errors';
import { type EmulatorState } from '../core/state';
import { checkActionAgainstType } from './action-type';
import { checkArtifactStores } from './artifact-store';
import { checkStageConditions } from './conditions';
import { asChecked, memberPath, optionalEnumValue, requireList, requireObj, requireStr } from './fields';
import { LIMITS, NAME_RULE, ROLE_ARN_RULE } from './patterns';
import { checkStageShape } from './stage';
import { allOutputArtifacts, checkPipelineStructure } from './structure';
import { checkTriggers } from './triggers';
import { checkVariables } from './variables';

/** What declaration validation needs to know of the world. */
export interface DeclarationContext {
  /** For action types: built-in and this world's custom types. */
  state: EmulatorState;
  /** The emulator's Region: cross-region actions need an artifact store of their own. */
  region: string;
}

/**
 * Validates a pipeline declaration as CreatePipeline and UpdatePipeline
 * receive it, raising the exception AWS documents for each fault:
 * `ValidationException` for shapes, lengths and patterns,
 * `InvalidStructureException` for faults spanning stages and actions,
 * `InvalidStageDeclarationException`, `InvalidActionDeclarationException` and
 * `InvalidBlockerDeclarationException` for faults of one stage, action or
 * blocker.
 *
 * Returns a copy of the declaration as given, with the defaults AWS fills in
 * (`pipelineType` V1, `executionMode` SUPERSEDED) and without `version`,
 * which the caller owns.
 */
export function validatePipelineDeclaration(raw: unknown, ctx: DeclarationContext): PipelineDeclaration {
  const pipeline = requireObj('pipeline', raw);
  requireStr('pipeline.name', pipeline.name, NAME_RULE);
  requireStr('pipeline.roleArn', pipeline.roleArn, ROLE_ARN_RULE);
  const pipelineType =
    optionalEnumValue('pipeline.pipelineType', pipeline.pipelineType, Object.values(PipelineType)) ?? 'V1';
  const executionMode =
    optionalEnumValue('pipeline.executionMode', pipeline.executionMode, Object.values(ExecutionMode)) ??
    'SUPERSEDED';
  if (pipelineType === 'V1' && executionMode !== 'SUPERSEDED') {
    throw validationError(`Execution mode ${executionMode} is only supported by pipelines of type V2`);
  }

  const storeRegions = checkArtifactStores(pipeline, ctx.region);
  const rawStages = requireList('pipeline.stages', pipeline.stages, 0, LIMITS.maxStages);
  const stages: StageDeclaration[] = rawStages.map((s, i) =>
    checkStageShape(memberPath('pipeline.stages', i), s),
  );
  checkPipelineStructure(stages, ctx.region, storeRegions);
  for (const stage of stages) {
    for (const action of stage.actions ?? []) checkActionAgainstType(ctx.state, stage.name as string, action);
  }
  const artifacts = allOutputArtifacts(stages);
  rawStages.forEach((s, i) =>
    checkStageConditions(
      memberPath('pipeline.stages', i),
      requireObj('stage', s),
      i,
      pipelineType,
      artifacts,
    ),
  );
  checkVariables(pipeline.variables, pipelineType);
  checkTriggers(pipeline.triggers, pipelineType, stages);

  const copy = asChecked<PipelineDeclaration>(structuredClone(pipeline));
  delete copy.version;
  return { ...copy, pipelineType, executionMode };
}

import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../aws/error-codes';
import { type PipelineDeclarationInput } from './declaration.input';

/**
 * The structural rules of a pipeline declaration that span members, which
 * per-field decorators cannot express: stage count and layout, unique names,
 * and the V1/V2 feature split. Checked before any upstream call so a wrong
 * declaration costs no CodePipeline round trip; the catalog-dependent checks
 * (does this action type exist, required configuration keys, artifact flow)
 * stay upstream's.
 */

/** Stages a pipeline needs at least. */
const MIN_STAGES = 2;

/** The one BAD_USER_INPUT error, shaped as validation.ts shapes field faults. */
function fault(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field, fields: [{ field, message }] },
  });
}

function checkArtifactStores(p: PipelineDeclarationInput, root: string): void {
  const hasSingle = p.artifactStore != null;
  const hasMulti = p.artifactStores != null;
  if (hasSingle === hasMulti) {
    throw fault(`${root}.artifactStore`, 'give exactly one of artifactStore and artifactStores');
  }
  const regions = new Set<string>();
  p.artifactStores?.forEach((s, i) => {
    if (regions.has(s.region)) {
      throw fault(`${root}.artifactStores[${i}].region`, `Region '${s.region}' is given more than once`);
    }
    regions.add(s.region);
  });
}

function checkStages(p: PipelineDeclarationInput, root: string): void {
  if (p.stages.length < MIN_STAGES) {
    throw fault(`${root}.stages`, `a pipeline needs at least ${MIN_STAGES} stages`);
  }
  const stageNames = new Set<string>();
  const outputs = new Set<string>();
  p.stages.forEach((stage, i) => {
    const sp = `${root}.stages[${i}]`;
    if (stageNames.has(stage.name)) throw fault(`${sp}.name`, `stage name '${stage.name}' is not unique`);
    stageNames.add(stage.name);
    if (i === 0 && !stage.actions.some((a) => a.actionTypeId.category === 'Source')) {
      throw fault(`${sp}.actions`, 'the first stage must contain at least one source action');
    }
    const actionNames = new Set<string>();
    stage.actions.forEach((action, j) => {
      const ap = `${sp}.actions[${j}]`;
      if (actionNames.has(action.name)) {
        throw fault(`${ap}.name`, `action name '${action.name}' is not unique in stage '${stage.name}'`);
      }
      actionNames.add(action.name);
      const isSource = action.actionTypeId.category === 'Source';
      if (i === 0 && !isSource) {
        throw fault(`${ap}.actionTypeId.category`, 'the first stage may only contain source actions');
      }
      if (i > 0 && isSource) {
        throw fault(`${ap}.actionTypeId.category`, 'source actions may only be in the first stage');
      }
      const runOrder = action.runOrder;
      if (runOrder != null && (!Number.isInteger(runOrder) || runOrder < 1 || runOrder > 999)) {
        throw fault(`${ap}.runOrder`, 'runOrder must be an integer from 1 to 999');
      }
      action.outputArtifacts?.forEach((artifact, k) => {
        if (outputs.has(artifact.name)) {
          throw fault(
            `${ap}.outputArtifacts[${k}].name`,
            `output artifact name '${artifact.name}' is not unique in the pipeline`,
          );
        }
        outputs.add(artifact.name);
      });
    });
  });
}

/** V1 pipelines (the default type) have none of the V2 features. */
function checkV1(p: PipelineDeclarationInput, root: string): void {
  if (p.pipelineType === 'V2') return;
  if (p.triggers?.length) throw fault(`${root}.triggers`, 'triggers need pipelineType V2');
  if (p.variables?.length) throw fault(`${root}.variables`, 'variables need pipelineType V2');
  if (p.executionMode != null && p.executionMode !== 'SUPERSEDED') {
    throw fault(`${root}.executionMode`, `executionMode ${p.executionMode} needs pipelineType V2`);
  }
  p.stages.forEach((stage, i) => {
    for (const kind of ['beforeEntry', 'onSuccess', 'onFailure'] as const) {
      if (stage[kind] != null) throw fault(`${root}.stages[${i}].${kind}`, `${kind} needs pipelineType V2`);
    }
  });
}

/**
 * Throws one BAD_USER_INPUT error naming the first structural fault of the
 * declaration at `root` (the field path of the declaration in the input).
 */
export function checkDeclarationStructure(p: PipelineDeclarationInput, root = 'pipeline'): void {
  checkArtifactStores(p, root);
  checkStages(p, root);
  checkV1(p, root);
}

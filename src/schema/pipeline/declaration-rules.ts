import { type FieldFault, fieldFaultsError } from '../shared/validation';
import { type ActionDeclarationInput } from '../stage-and-action/action.input';
import { type StageDeclarationInput } from '../stage-and-action/stage.input';
import { type PipelineDeclarationInput } from './declaration.input';

/**
 * The structural rules of a pipeline declaration that span members, which
 * per-field decorators cannot express: stage count and layout, unique names,
 * artifact flow, and the V1/V2 feature split. Checked before any upstream
 * call so a wrong declaration costs no CodePipeline round trip, and every
 * fault is reported at once (with the per-field ones, see validation.ts), so
 * a client fixes its declaration in one go. The catalog-dependent checks
 * (does this action type exist, required configuration keys, artifact
 * counts) stay upstream's.
 */

/** Stages a pipeline needs at least. */
const MIN_STAGES = 2;

function artifactStoreFaults(p: PipelineDeclarationInput, root: string): FieldFault[] {
  const faults: FieldFault[] = [];
  if ((p.artifactStore != null) === (p.artifactStores != null)) {
    faults.push({
      field: `${root}.artifactStore`,
      message: 'give exactly one of artifactStore and artifactStores',
    });
  }
  const regions = new Set<string>();
  p.artifactStores?.forEach((s, i) => {
    if (regions.has(s.region)) {
      faults.push({
        field: `${root}.artifactStores[${i}].region`,
        message: `Region '${s.region}' is given more than once`,
      });
    }
    regions.add(s.region);
  });
  return faults;
}

/** Stage count, unique stage and action names, source actions in the first stage only, run orders. */
function layoutFaults(p: PipelineDeclarationInput, root: string): FieldFault[] {
  const faults: FieldFault[] = [];
  if (p.stages.length < MIN_STAGES) {
    faults.push({ field: `${root}.stages`, message: `a pipeline needs at least ${MIN_STAGES} stages` });
  }
  const stageNames = new Set<string>();
  p.stages.forEach((stage, i) => {
    const sp = `${root}.stages[${i}]`;
    if (stageNames.has(stage.name)) {
      faults.push({ field: `${sp}.name`, message: `stage name '${stage.name}' is not unique` });
    }
    stageNames.add(stage.name);
    if (i === 0 && !stage.actions.some((a) => a.actionTypeId.category === 'Source')) {
      faults.push({
        field: `${sp}.actions`,
        message: 'the first stage must contain at least one source action',
      });
    }
    const actionNames = new Set<string>();
    stage.actions.forEach((action, j) => {
      const ap = `${sp}.actions[${j}]`;
      if (actionNames.has(action.name)) {
        faults.push({
          field: `${ap}.name`,
          message: `action name '${action.name}' is not unique in stage '${stage.name}'`,
        });
      }
      actionNames.add(action.name);
      const isSource = action.actionTypeId.category === 'Source';
      if (i === 0 && !isSource) {
        faults.push({
          field: `${ap}.actionTypeId.category`,
          message: `the first stage may only contain source actions, and '${action.name}' is a ${action.actionTypeId.category} action`,
        });
      }
      if (i > 0 && isSource) {
        faults.push({
          field: `${ap}.actionTypeId.category`,
          message: `source action '${action.name}' may only be in the first stage`,
        });
      }
      const runOrder = action.runOrder;
      if (runOrder != null && (!Number.isInteger(runOrder) || runOrder < 1 || runOrder > 999)) {
        faults.push({ field: `${ap}.runOrder`, message: 'runOrder must be an integer from 1 to 999' });
      }
    });
  });
  return faults;
}

/** The actions of a stage with their indexes, grouped by runOrder, lowest first: the order they run in. */
function runOrderGroups(stage: StageDeclarationInput): [ActionDeclarationInput, number][][] {
  const byOrder = new Map<number, [ActionDeclarationInput, number][]>();
  stage.actions.forEach((action, j) => {
    const order = action.runOrder ?? 1;
    byOrder.set(order, [...(byOrder.get(order) ?? []), [action, j]]);
  });
  return [...byOrder.entries()].sort(([a], [b]) => a - b).map(([, actions]) => actions);
}

/**
 * Every input artifact must be the output of an action that runs before it (in an earlier stage, or in the
 * same stage at a lower runOrder), and output artifact names are unique in the pipeline.
 */
function artifactFlowFaults(p: PipelineDeclarationInput, root: string): FieldFault[] {
  const faults: FieldFault[] = [];
  const produced = new Set<string>();
  p.stages.forEach((stage, i) => {
    for (const group of runOrderGroups(stage)) {
      for (const [action, j] of group) {
        action.inputArtifacts?.forEach((artifact, k) => {
          if (produced.has(artifact.name)) return;
          faults.push({
            field: `${root}.stages[${i}].actions[${j}].inputArtifacts[${k}].name`,
            message: `input artifact '${artifact.name}' of action '${action.name}' is not the output of any action that runs before it`,
          });
        });
      }
      for (const [action, j] of group) {
        action.outputArtifacts?.forEach((artifact, k) => {
          if (produced.has(artifact.name)) {
            faults.push({
              field: `${root}.stages[${i}].actions[${j}].outputArtifacts[${k}].name`,
              message: `output artifact name '${artifact.name}' is not unique in the pipeline`,
            });
          }
          produced.add(artifact.name);
        });
      }
    }
  });
  return faults;
}

/** V1 pipelines (the default type) have none of the V2 features. */
function v1Faults(p: PipelineDeclarationInput, root: string): FieldFault[] {
  if (p.pipelineType === 'V2') return [];
  const faults: FieldFault[] = [];
  if (p.triggers?.length)
    faults.push({ field: `${root}.triggers`, message: 'triggers need pipelineType V2' });
  if (p.variables?.length) {
    faults.push({ field: `${root}.variables`, message: 'variables need pipelineType V2' });
  }
  if (p.executionMode != null && p.executionMode !== 'SUPERSEDED') {
    faults.push({
      field: `${root}.executionMode`,
      message: `executionMode ${p.executionMode} needs pipelineType V2`,
    });
  }
  p.stages.forEach((stage, i) => {
    for (const kind of ['beforeEntry', 'onSuccess', 'onFailure'] as const) {
      if (stage[kind] != null) {
        faults.push({ field: `${root}.stages[${i}].${kind}`, message: `${kind} needs pipelineType V2` });
      }
    }
  });
  return faults;
}

/** Every structural fault of the declaration at `root` (the field path of the declaration in the input). */
export function declarationFaults(p: PipelineDeclarationInput, root = 'pipeline'): FieldFault[] {
  return [
    ...artifactStoreFaults(p, root),
    ...layoutFaults(p, root),
    ...artifactFlowFaults(p, root),
    ...v1Faults(p, root),
  ];
}

/** Throws one BAD_USER_INPUT error naming every structural fault of the declaration at `root`. */
export function checkDeclarationStructure(p: PipelineDeclarationInput, root = 'pipeline'): void {
  const faults = declarationFaults(p, root);
  if (faults.length > 0) throw fieldFaultsError(faults);
}

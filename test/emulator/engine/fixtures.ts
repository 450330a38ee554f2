import type {
  ActionDeclaration,
  GetPipelineStateOutput,
  PipelineDeclaration,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import { GetPipelineStateCommand, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { pipelineArn } from '../../../src/emulator/core/context';
import { type ExecutionRecord, type PipelineRecord } from '../../../src/emulator/core/state';
import { type TestEmulator } from '../../support/emulator';

/** A timed AWS source action producing `SourceOutput`. */
export function source(name = 'Source', configuration: Record<string, string> = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
    configuration: {
      ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/x',
      FullRepositoryId: 'o/r',
      BranchName: 'main',
      ...configuration,
    },
    outputArtifacts: [{ name: `${name}Output` }],
    runOrder: 1,
  };
}

/** A timed AWS action of any category. */
export function timed(
  name: string,
  configuration: Record<string, string> = {},
  extra: Partial<ActionDeclaration> = {},
  category: 'Build' | 'Deploy' | 'Test' | 'Invoke' = 'Build',
): ActionDeclaration {
  const provider = { Build: 'CodeBuild', Deploy: 'CodeDeploy', Test: 'CodeBuild', Invoke: 'Lambda' }[
    category
  ];
  return {
    name,
    actionTypeId: { category, owner: 'AWS', provider, version: '1' },
    configuration,
    inputArtifacts: [{ name: 'SourceOutput' }],
    ...extra,
  };
}

/** A manual approval action. */
export function approval(name = 'Approve'): ActionDeclaration {
  return { name, actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } };
}

/** A custom (job worker) or third-party action. */
export function jobAction(name: string, owner: 'Custom' | 'ThirdParty' = 'Custom'): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Build', owner, provider: 'MyJobs', version: '1' },
    configuration: { Mode: 'fast' },
    inputArtifacts: [{ name: 'SourceOutput' }],
    outputArtifacts: [{ name: `${name}Out` }],
  };
}

/** A stage. */
export function stage(
  name: string,
  actions: ActionDeclaration[],
  extra: Partial<StageDeclaration> = {},
): StageDeclaration {
  return { name, actions, ...extra };
}

/** A pipeline declaration with an S3 artifact store. */
export function declaration(
  name: string,
  stages: StageDeclaration[],
  extra: Partial<PipelineDeclaration> = {},
): PipelineDeclaration {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/pipeline',
    artifactStore: { type: 'S3', location: 'my-artifacts' },
    stages,
    version: 1,
    ...extra,
  };
}

/** Source (5 s) → Build (5 s): the smallest useful pipeline. */
export function twoStage(name: string, extra: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return declaration(name, [stage('Source', [source()]), stage('Build', [timed('Build')])], extra);
}

/**
 * Stores a pipeline directly (as CreatePipeline would) and lets the engine
 * start its first execution, so engine tests do not depend on declaration
 * validation.
 */
export function insertPipeline(emu: TestEmulator, decl: PipelineDeclaration): PipelineRecord {
  const now = emu.emulator.clock.now();
  const name = decl.name ?? 'p';
  const record: PipelineRecord = {
    name,
    arn: pipelineArn(emu.emulator.options.target, name),
    versions: [decl],
    created: now,
    updated: now,
    transitions: new Map(),
  };
  emu.emulator.state.pipelines.set(name, record);
  emu.emulator.engine.pipelineCreated(record);
  return record;
}

/** Executions of a pipeline, oldest first, straight from the world. */
export function executions(emu: TestEmulator, pipelineName: string): ExecutionRecord[] {
  return emu.emulator.engine.executionsOf(pipelineName);
}

/** The only (or first) execution of a pipeline. */
export function firstExecution(emu: TestEmulator, pipelineName: string): ExecutionRecord {
  const exec = executions(emu, pipelineName)[0];
  if (!exec) throw new Error(`no execution of ${pipelineName}`);
  return exec;
}

/** GetPipelineState through the SDK. */
export function pipelineState(emu: TestEmulator, name: string): Promise<GetPipelineStateOutput> {
  return emu.client.send(new GetPipelineStateCommand({ name }));
}

/** Stage state by name from GetPipelineState. */
export async function stageState(emu: TestEmulator, pipelineName: string, stageName: string) {
  const state = await pipelineState(emu, pipelineName);
  const found = state.stageStates?.find((s) => s.stageName === stageName);
  if (!found) throw new Error(`no stage ${stageName}`);
  return found;
}

/** The approval token GetPipelineState shows for an action. */
export async function approvalToken(
  emu: TestEmulator,
  pipelineName: string,
  stageName: string,
  actionName: string,
) {
  const s = await stageState(emu, pipelineName, stageName);
  const token = s.actionStates?.find((a) => a.actionName === actionName)?.latestExecution?.token;
  if (!token) throw new Error('no approval token');
  return token;
}

/** All action executions of a pipeline, newest first. */
export async function actionRuns(emu: TestEmulator, pipelineName: string) {
  const out = await emu.client.send(new ListActionExecutionsCommand({ pipelineName }));
  return out.actionExecutionDetails ?? [];
}

let counter = 0;
/** A pipeline name unique within the test run. */
export function uniqueName(prefix = 'p'): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

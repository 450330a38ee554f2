import type { PipelineRecord } from '../core/state';
import { type OperationContext, type OperationTable, pipelineArn } from '../core/context';
import { awsError } from '../core/errors';
import { type Input, maxResults, optionalInt, optionalString, requireName } from '../core/input';
import { validatePipelineDeclaration } from '../validation/pipeline-declaration';
import { checkTags } from '../validation/tags';
import { MAX_PIPELINES, currentDeclaration, requirePipeline, toSummary } from './pipelines/records';

function validate(input: Input, ctx: OperationContext) {
  return validatePipelineDeclaration(input.pipeline, { state: ctx.state, region: ctx.target.region });
}

function createPipeline(input: Input, ctx: OperationContext) {
  const declaration = validate(input, ctx);
  const tags = input.tags === undefined || input.tags === null ? [] : checkTags(input.tags);
  const name = declaration.name as string;
  if (ctx.state.pipelines.has(name)) {
    throw awsError(
      'PipelineNameInUseException',
      `A pipeline with the name '${name}' already exists in this account`,
    );
  }
  if (ctx.state.pipelines.size >= MAX_PIPELINES) {
    throw awsError(
      'LimitExceededException',
      `An account can have at most ${MAX_PIPELINES} pipelines per Region`,
    );
  }
  const now = ctx.clock.now();
  const record: PipelineRecord = {
    name,
    arn: pipelineArn(ctx.target, name),
    versions: [{ ...declaration, version: 1 }],
    created: now,
    updated: now,
    transitions: new Map(),
  };
  ctx.state.pipelines.set(name, record);
  if (tags.length > 0) ctx.state.tags.set(record.arn, tags);
  ctx.engine.pipelineCreated(record);
  return { pipeline: currentDeclaration(record), tags: tags.length > 0 ? tags : undefined };
}

/** Every update makes a new version, whatever `version` the caller sent; old versions stay readable. */
function updatePipeline(input: Input, ctx: OperationContext) {
  const declaration = validate(input, ctx);
  const record = requirePipeline(ctx.state, declaration.name as string);
  record.versions.push({ ...declaration, version: record.versions.length + 1 });
  record.updated = ctx.clock.now();
  ctx.engine.pipelineUpdated(record);
  return { pipeline: currentDeclaration(record) };
}

function getPipeline(input: Input, ctx: OperationContext) {
  const name = requireName(input, 'name');
  const version = optionalInt(input, 'version', 1, Number.MAX_SAFE_INTEGER);
  const record = requirePipeline(ctx.state, name);
  const pipeline = version === undefined ? currentDeclaration(record) : record.versions[version - 1];
  if (!pipeline) {
    throw awsError('PipelineVersionNotFoundException', `Pipeline '${name}' has no version ${version}`);
  }
  return {
    pipeline,
    metadata: { pipelineArn: record.arn, created: record.created, updated: record.updated },
  };
}

/** Deleting a pipeline that does not exist succeeds, as in AWS. */
function deletePipeline(input: Input, ctx: OperationContext) {
  const name = requireName(input, 'name');
  const record = ctx.state.pipelines.get(name);
  if (!record) return {};
  ctx.state.pipelines.delete(name);
  ctx.state.tags.delete(record.arn);
  ctx.engine.forgetPipeline(name);
  return {};
}

function listPipelines(input: Input, ctx: OperationContext) {
  const limit = maxResults(input, 1000, 100);
  const nextToken = optionalString(input, 'nextToken', { min: 1, max: 2048 });
  const all = [...ctx.state.pipelines.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(toSummary);
  const page = ctx.tokens.page('ListPipelines', all, limit, nextToken);
  return { pipelines: page.items, nextToken: page.nextToken };
}

/**
 * Pipeline definitions: create, update (a new version each time), read any
 * version, delete and list. Declarations are validated by
 * validation/pipeline-declaration.ts and stored as given, plus defaults.
 */
export const pipelinesOperations: OperationTable = {
  CreatePipeline: createPipeline,
  UpdatePipeline: updatePipeline,
  GetPipeline: getPipeline,
  DeletePipeline: deletePipeline,
  ListPipelines: listPipelines,
};

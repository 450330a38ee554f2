import type { PipelineDeclaration, PipelineSummary } from '@aws-sdk/client-codepipeline';
import { awsError } from '../../core/errors';
import { type EmulatorState, type PipelineRecord } from '../../core/state';

/** Pipelines per account and Region, the AWS quota. */
export const MAX_PIPELINES = 1000;

/** The pipeline named `name`, or `PipelineNotFoundException` as every pipeline operation raises it. */
export function requirePipeline(state: EmulatorState, name: string): PipelineRecord {
  const record = state.pipelines.get(name);
  if (!record) {
    throw awsError('PipelineNotFoundException', `Account does not have a pipeline with name '${name}'`);
  }
  return record;
}

/** The current (latest) declaration of a pipeline. */
export function currentDeclaration(record: PipelineRecord): PipelineDeclaration {
  const current = record.versions[record.versions.length - 1];
  if (!current) throw new Error(`pipeline ${record.name} has no versions`);
  return current;
}

/** A pipeline as ListPipelines summarises it. */
export function toSummary(record: PipelineRecord): PipelineSummary {
  const current = currentDeclaration(record);
  return {
    name: record.name,
    version: current.version,
    pipelineType: current.pipelineType,
    executionMode: current.executionMode,
    created: record.created,
    updated: record.updated,
  };
}

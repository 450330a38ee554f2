import type { PipelineSummary } from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { pipelineArn, type Target } from '../../aws/target';
import { Node } from '../node/node.type';

/**
 * A pipeline in the graph. Only its name and target are known up front; the
 * rest resolves through the request's loaders (see pipeline.resolver.ts), so
 * a list of pipelines costs one upstream call per kind of data per pipeline,
 * and none when the cache is warm.
 */
@ObjectType({
  implements: Node,
  description: 'A CodePipeline pipeline: its declaration joined with its live state.',
})
export class Pipeline extends Node {
  readonly __typename = 'Pipeline';

  @Field(() => String)
  name: string;

  /** Where the pipeline lives. */
  readonly target: Target;
  /** Its ARN, built once: tags are read by it, and nodes from a warm list are shared between requests. */
  readonly arn: string;
  /** The ListPipelines entry it came from, when it came from a list: saves a GetPipeline for metadata. */
  readonly summary?: PipelineSummary;
  /** The version the client asked for; absent means the latest. */
  readonly requestedVersion?: number;

  constructor(
    target: Target,
    name: string,
    id: string,
    options: { summary?: PipelineSummary; version?: number } = {},
  ) {
    super();
    this.id = id;
    this.target = target;
    this.name = name;
    this.arn = pipelineArn(target, name);
    this.summary = options.summary;
    this.requestedVersion = options.version;
  }
}

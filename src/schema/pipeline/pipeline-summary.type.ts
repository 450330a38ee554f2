import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, Int, ObjectType } from 'type-graphql';
import { ExecutionMode, PipelineType } from '../shared/enums';
import { DateTimeScalar } from '../shared/scalars';

/** One row of ListPipelines. */
@ObjectType({ simpleResolvers: true, description: 'A pipeline as listed by ListPipelines.' })
export class PipelineSummary implements sdk.PipelineSummary {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => Int, { nullable: true })
  version?: number;

  @Field(() => PipelineType, { nullable: true })
  pipelineType?: PipelineType;

  @Field(() => ExecutionMode, { nullable: true })
  executionMode?: ExecutionMode;

  @Field(() => DateTimeScalar, { nullable: true })
  created?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  updated?: Date;
}

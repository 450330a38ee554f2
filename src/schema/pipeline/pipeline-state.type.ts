import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../shared/scalars';
import { StageState } from '../stage-and-action/state.type';

/** GetPipelineState as CodePipeline returns it, for readers who want the raw shape. */
@ObjectType({ description: 'The raw GetPipelineState output. Most readers want `Pipeline.stages` instead.' })
export class PipelineState {
  @Field(() => String, { nullable: true })
  pipelineName?: string;

  @Field(() => Int, { nullable: true })
  pipelineVersion?: number;

  @Field(() => [StageState], { nullable: true })
  stageStates?: StageState[];

  @Field(() => DateTimeScalar, { nullable: true })
  created?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  updated?: Date;
}

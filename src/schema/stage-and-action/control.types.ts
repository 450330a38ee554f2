import { Field, ObjectType } from 'type-graphql';
import { StageTransitionType } from '../shared/enums';
import { Pipeline } from '../pipeline/pipeline.type';

/**
 * What enableStageTransition and disableStageTransition return: the pipeline,
 * read after the write, so `stages { inboundTransition }` shows the change.
 */
@ObjectType({ description: 'A stage transition that was enabled or disabled, and its pipeline.' })
export class StageTransitionPayload {
  @Field(() => String)
  stageName!: string;

  @Field(() => StageTransitionType)
  transitionType!: StageTransitionType;

  @Field(() => Pipeline)
  pipeline!: Pipeline;
}

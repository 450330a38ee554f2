import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../shared/scalars';

/** Extra detail of a deploy target lifecycle event. */
@ObjectType({ simpleResolvers: true, description: 'Extra detail of a deploy target lifecycle event.' })
export class DeployTargetEventContext implements sdk.DeployTargetEventContext {
  @Field(() => String, { nullable: true })
  ssmCommandId?: string;

  @Field(() => String, { nullable: true })
  message?: string;
}

/** One lifecycle event of a deploy target. */
@ObjectType({ simpleResolvers: true, description: 'One lifecycle event of a deployment on a target.' })
export class DeployTargetEvent implements sdk.DeployTargetEvent {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true, description: 'Free-form status from the deploy provider.' })
  status?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  startTime?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  endTime?: Date;

  @Field(() => DeployTargetEventContext, { nullable: true })
  context?: DeployTargetEventContext;
}

/** One target (e.g. an EC2 instance) a deploy action execution deployed to. */
@ObjectType({
  simpleResolvers: true,
  description: 'A target (e.g. an EC2 instance) a deploy action execution deployed to.',
})
export class DeployActionExecutionTarget implements sdk.DeployActionExecutionTarget {
  @Field(() => String, { nullable: true })
  targetId?: string;

  @Field(() => String, { nullable: true })
  targetType?: string;

  @Field(() => String, { nullable: true, description: 'Free-form status from the deploy provider.' })
  status?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  startTime?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  endTime?: Date;

  @Field(() => [DeployTargetEvent], { nullable: true })
  events?: DeployTargetEvent[];
}

import { ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType, Int } from 'type-graphql';
import { ActionCategory, ActionOwner } from '../shared/enums';
import { JSONScalar } from '../shared/scalars';
import { IsOwnedBy, IsStringMap } from './job-rules.input';
import { IsIntIn, IsText, IsUuid, Optional } from '../shared/rules';

/** The action type a job worker works for. Named apart from declaration inputs, which carry more rules. */
@InputType()
export class JobActionTypeIdInput {
  @Field(() => ActionCategory)
  category!: ActionCategory;

  @Field(() => ActionOwner, { description: 'Custom for pollForJobs, ThirdParty for pollForThirdPartyJobs.' })
  owner!: ActionOwner;

  @Field(() => String)
  @IsText(1, 35, /^[0-9A-Za-z_-]+$/)
  provider!: string;

  @Field(() => String)
  @IsText(1, 9, /^[0-9A-Za-z_-]+$/)
  version!: string;
}

/** PollForJobs. */
@InputType()
export class PollForJobsInput extends TargetedInput {
  @Field(() => JobActionTypeIdInput)
  @ValidateNested()
  @IsOwnedBy('Custom')
  actionTypeId!: JobActionTypeIdInput;

  @Field(() => Int, { nullable: true, description: 'At most this many jobs: 1 to 100 (default 1).' })
  @Optional()
  @IsIntIn(1, 100)
  maxBatchSize?: number;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      'The queryable property of the type and the value jobs must have, e.g. {"ProjectName":"app"}.',
  })
  @Optional()
  @IsStringMap({ maxEntries: 1, key: [1, 50], value: [1, 50, /^[a-zA-Z0-9_-]+$/] })
  queryParam?: Record<string, string>;
}

/** AcknowledgeJob: the worker takes the job, proving with the nonce it was handed it. */
@InputType()
export class AcknowledgeJobInput extends TargetedInput {
  @Field(() => String)
  @IsUuid()
  jobId!: string;

  @Field(() => String, { description: 'The nonce pollForJobs returned with the job.' })
  @IsText(1, 50)
  nonce!: string;
}

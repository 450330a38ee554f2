import { ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType, Int } from 'type-graphql';
import { IsOwnedBy } from './job-rules.input';
import { FailureDetailsInput, JobSuccessFields } from './job-result.input';
import { JobActionTypeIdInput } from './job.input';
import { IsIntIn, IsText, Optional } from '../shared/rules';

/** PollForThirdPartyJobs. */
@InputType()
export class PollForThirdPartyJobsInput extends TargetedInput {
  @Field(() => JobActionTypeIdInput)
  @ValidateNested()
  @IsOwnedBy('ThirdParty')
  actionTypeId!: JobActionTypeIdInput;

  @Field(() => Int, { nullable: true, description: 'At most this many jobs: 1 to 100 (default 1).' })
  @Optional()
  @IsIntIn(1, 100)
  maxBatchSize?: number;
}

/** The job and the partner's proof that it holds it. */
@InputType()
class ThirdPartyJobAddress extends TargetedInput {
  @Field(() => String)
  @IsText(1, 512)
  jobId!: string;

  @Field(() => String, { description: 'The clientId pollForThirdPartyJobs returned with the job.' })
  @IsText(1, 256)
  clientToken!: string;
}

/** AcknowledgeThirdPartyJob. */
@InputType()
export class AcknowledgeThirdPartyJobInput extends ThirdPartyJobAddress {
  @Field(() => String, { description: 'The nonce thirdPartyJobDetails returned.' })
  @IsText(1, 50)
  nonce!: string;
}

/** PutThirdPartyJobSuccessResult. */
@InputType()
export class PutThirdPartyJobSuccessResultInput extends JobSuccessFields {
  @Field(() => String)
  @IsText(1, 512)
  jobId!: string;

  @Field(() => String)
  @IsText(1, 256)
  clientToken!: string;
}

/** PutThirdPartyJobFailureResult. */
@InputType()
export class PutThirdPartyJobFailureResultInput extends ThirdPartyJobAddress {
  @Field(() => FailureDetailsInput)
  @ValidateNested()
  failureDetails!: FailureDetailsInput;
}

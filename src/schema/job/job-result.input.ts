import { ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType, Int } from 'type-graphql';
import { FailureType } from '../shared/enums';
import { DateTimeScalar, JSONScalar } from '../shared/scalars';
import { IsAbsentWith, IsStringMap } from './job-rules.input';
import { IsIntIn, IsText, IsUuid, Optional } from '../shared/rules';

/** A revision a job worker produced. */
@InputType()
export class CurrentRevisionInput {
  @Field(() => String)
  @IsText(1, 1500)
  revision!: string;

  @Field(() => String)
  @IsText(1, 100)
  changeIdentifier!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  created?: Date;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 2048)
  revisionSummary?: string;
}

/** What a job worker reports about its run. */
@InputType()
export class ExecutionDetailsInput {
  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 2048)
  summary?: string;

  @Field(() => String, { nullable: true, description: "The worker's own id for the run (a build id...)." })
  @Optional()
  @IsText(1, 1500)
  externalExecutionId?: string;

  @Field(() => Int, { nullable: true, description: '0 to 100.' })
  @Optional()
  @IsIntIn(0, 100)
  percentComplete?: number;
}

/** Why a job failed. */
@InputType()
export class FailureDetailsInput {
  @Field(() => FailureType)
  type!: FailureType;

  @Field(() => String, { description: '1 to 5000 characters.' })
  @IsText(1, 5000)
  message!: string;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(1, 1500)
  externalExecutionId?: string;
}

/** What a job worker reports on success, custom or third-party alike. */
@InputType()
export class JobSuccessFields extends TargetedInput {
  @Field(() => CurrentRevisionInput, { nullable: true })
  @Optional()
  @ValidateNested()
  currentRevision?: CurrentRevisionInput;

  @Field(() => String, {
    nullable: true,
    description: 'Not finished yet: the action stays in progress and a new job carries this token.',
  })
  @Optional()
  @IsText(1, 2048)
  continuationToken?: string;

  @Field(() => ExecutionDetailsInput, { nullable: true })
  @Optional()
  @ValidateNested()
  executionDetails?: ExecutionDetailsInput;
}

/** PutJobSuccessResult. */
@InputType()
export class PutJobSuccessResultInput extends JobSuccessFields {
  @Field(() => String)
  @IsUuid()
  jobId!: string;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'Output variables (a string map); only without a continuationToken.',
  })
  @Optional()
  @IsStringMap({ key: [1, 128, /^[A-Za-z0-9@\-_]+$/], value: [0, 122_880] })
  @IsAbsentWith('continuationToken')
  outputVariables?: Record<string, string>;
}

/** PutJobFailureResult. */
@InputType()
export class PutJobFailureResultInput extends TargetedInput {
  @Field(() => String)
  @IsUuid()
  jobId!: string;

  @Field(() => FailureDetailsInput)
  @ValidateNested()
  failureDetails!: FailureDetailsInput;
}

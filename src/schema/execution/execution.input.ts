import { ArrayMaxSize, ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType } from 'type-graphql';
import { SourceRevisionType } from '../shared/enums';
import { IsResourceName, IsText, Optional } from '../shared/rules';

/** A value for a pipeline variable at start (V2). */
@InputType()
export class PipelineVariableInput {
  @Field(() => String)
  @IsText(1, 128, /^[A-Za-z0-9@\-_]+$/)
  name!: string;

  @Field(() => String)
  @IsText(1, 1000)
  value!: string;
}

/** A source revision to run instead of the latest (V2). */
@InputType()
export class SourceRevisionOverrideInput {
  @Field(() => String)
  @IsResourceName()
  actionName!: string;

  @Field(() => SourceRevisionType)
  revisionType!: SourceRevisionType;

  @Field(() => String)
  @IsText(1, 1500)
  revisionValue!: string;
}

/** StartPipelineExecution. */
@InputType()
export class StartPipelineExecutionInput extends TargetedInput {
  @Field(() => String, { description: 'The pipeline to start.' })
  @IsResourceName()
  name!: string;

  @Field(() => [PipelineVariableInput], { nullable: true })
  @Optional()
  @ArrayMaxSize(50)
  @ValidateNested()
  variables?: PipelineVariableInput[];

  @Field(() => [SourceRevisionOverrideInput], { nullable: true })
  @Optional()
  @ArrayMaxSize(50)
  @ValidateNested()
  sourceRevisions?: SourceRevisionOverrideInput[];

  @Field(() => String, {
    nullable: true,
    description: 'Idempotency token: a retry with the same token starts no second execution.',
  })
  @Optional()
  @IsText(1, 128, /^[a-zA-Z0-9-]+$/)
  clientRequestToken?: string;
}

/** StopPipelineExecution. */
@InputType()
export class StopPipelineExecutionInput extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  pipelineName!: string;

  @Field(() => String)
  @IsText(1, 100, /^[0-9a-f-]+$/)
  pipelineExecutionId!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Abandon running actions instead of letting them finish.',
    defaultValue: false,
  })
  abandon?: boolean;

  @Field(() => String, { nullable: true })
  @Optional()
  @IsText(0, 200)
  reason?: string;
}

import { ArrayMaxSize, ArrayMinSize, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType } from 'type-graphql';
import { IsText } from '../shared/rules';

/** The ARN of a taggable CodePipeline resource (pipeline, webhook, custom action type). */
export const RESOURCE_ARN_PATTERN = /^arn:aws(-[\w]+)*:codepipeline:[a-z0-9-]+:[0-9]{12}:.+$/;

/** A resource tag: key 1..128, value 0..256 (the reference's bounds). */
@InputType({ description: 'A key/value tag.' })
export class TagInput {
  @Field(() => String)
  @IsText(1, 128)
  key!: string;

  @Field(() => String)
  @IsText(0, 256)
  value!: string;
}

/** Per call, at most the per-resource quota; the quota across calls is upstream's to enforce. */
export const MAX_TAGS_PER_CALL = 50;

/** TagResource. */
@InputType()
export class TagResourceInput extends TargetedInput {
  @Field(() => String, { description: 'The ARN of a pipeline, webhook or custom action type.' })
  @Length(1, 1011)
  @Matches(RESOURCE_ARN_PATTERN, { message: '$property must be a CodePipeline resource ARN' })
  resourceArn!: string;

  @Field(() => [TagInput], { description: 'Tags to add; existing keys get the new value.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TAGS_PER_CALL)
  @ValidateNested()
  tags!: TagInput[];
}

/** UntagResource. */
@InputType()
export class UntagResourceInput extends TargetedInput {
  @Field(() => String)
  @Length(1, 1011)
  @Matches(RESOURCE_ARN_PATTERN, { message: '$property must be a CodePipeline resource ARN' })
  resourceArn!: string;

  @Field(() => [String], { description: 'Keys to remove; keys the resource does not have are ignored.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TAGS_PER_CALL)
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  tagKeys!: string[];
}

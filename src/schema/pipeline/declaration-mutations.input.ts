import { ArrayMaxSize, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PipelineDeclarationInput } from './declaration.input';
import { IsResourceName, Optional } from '../shared/rules';
import { TagInput } from '../tag/tag.input';

/** CreatePipeline. */
@InputType()
export class CreatePipelineInput {
  @Field(() => PipelineDeclarationInput)
  @ValidateNested()
  pipeline!: PipelineDeclarationInput;

  @Field(() => [TagInput], { nullable: true, description: 'Up to 50 tags for the new pipeline.' })
  @Optional()
  @ArrayMaxSize(50)
  @ValidateNested()
  tags?: TagInput[];
}

/** UpdatePipeline: the whole new structure of an existing pipeline, named by `pipeline.name`. */
@InputType()
export class UpdatePipelineInput {
  @Field(() => PipelineDeclarationInput)
  @ValidateNested()
  pipeline!: PipelineDeclarationInput;
}

/** DeletePipeline. */
@InputType()
export class DeletePipelineInput {
  @Field(() => String)
  @IsResourceName()
  name!: string;
}

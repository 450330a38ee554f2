import { ArrayMaxSize, ValidateNested } from 'class-validator';
import { TargetedInput } from '../target/targeted.input';
import { Field, InputType } from 'type-graphql';
import { declarationFaults } from './declaration-rules';
import { PipelineDeclarationInput } from './declaration.input';
import { IsResourceName, Optional } from '../shared/rules';
import { type CrossFieldRules, type FieldFault } from '../shared/validation';
import { TagInput } from '../tag/tag.input';

/** CreatePipeline. */
@InputType()
export class CreatePipelineInput extends TargetedInput implements CrossFieldRules {
  @Field(() => PipelineDeclarationInput)
  @ValidateNested()
  pipeline!: PipelineDeclarationInput;

  crossFieldFaults(): FieldFault[] {
    return declarationFaults(this.pipeline, 'pipeline');
  }

  @Field(() => [TagInput], { nullable: true, description: 'Up to 50 tags for the new pipeline.' })
  @Optional()
  @ArrayMaxSize(50)
  @ValidateNested()
  tags?: TagInput[];
}

/** UpdatePipeline: the whole new structure of an existing pipeline, named by `pipeline.name`. */
@InputType()
export class UpdatePipelineInput extends TargetedInput implements CrossFieldRules {
  @Field(() => PipelineDeclarationInput)
  @ValidateNested()
  pipeline!: PipelineDeclarationInput;

  crossFieldFaults(): FieldFault[] {
    return declarationFaults(this.pipeline, 'pipeline');
  }
}

/** DeletePipeline. */
@InputType()
export class DeletePipelineInput extends TargetedInput {
  @Field(() => String)
  @IsResourceName()
  name!: string;
}

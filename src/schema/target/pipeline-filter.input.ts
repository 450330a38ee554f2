import { Field, InputType } from 'type-graphql';

/** Narrows `pipelines` across targets. Each list, when given, must match; an empty list matches nothing. */
@InputType('PipelineFilter', { description: 'Narrows a list of pipelines by target and name.' })
export class PipelineFilter {
  @Field(() => [String], { nullable: true, description: 'Accounts (12 digits) to list.' })
  accounts?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Regions to list, e.g. eu-west-1.' })
  regions?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Pipeline names, or globs of them (`*` any run of characters, `?` one).',
  })
  names?: string[] | null;
}

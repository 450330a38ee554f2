import { Field, InputType } from 'type-graphql';

/**
 * What every mutation input carries to name its target. With one target
 * both may be left out; with several, a write that names a pipeline found in
 * more than one target needs them (`BAD_USER_INPUT` names the candidates).
 */
@InputType('TargetedInput', {
  description: 'The account and region of a write, when the graph spans several.',
})
export class TargetedInput {
  @Field(() => String, { nullable: true, description: 'The account of the target (12 digits).' })
  account?: string | null;

  @Field(() => String, { nullable: true, description: 'The region of the target.' })
  region?: string | null;
}

import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Whether a target can be reached, or why not. */
export enum TargetStatus {
  OK = 'OK',
  UNCHECKED = 'UNCHECKED',
  CREDENTIALS_MISSING = 'CREDENTIALS_MISSING',
  ACCESS_DENIED = 'ACCESS_DENIED',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
}

registerEnumType(TargetStatus, {
  name: 'TargetStatus',
  description:
    'OK; UNCHECKED before the first check; or why the target is out: CREDENTIALS_MISSING (no credentials), ' +
    'ACCESS_DENIED (credentials or role refused), UPSTREAM_UNAVAILABLE (no answer).',
});

/** An account the graph spans, in one or more regions. */
@ObjectType('Target', { description: 'An account the graph spans, in its regions, with its health.' })
export class TargetView {
  @Field(() => String, { description: '12 digits.' })
  account!: string;

  @Field(() => String, { nullable: true, description: 'The short name given in TARGETS_FILE.' })
  alias?: string;

  @Field(() => [String], { description: 'The regions served in this account (within your scope).' })
  regions!: string[];

  @Field(() => TargetStatus, { description: 'The worst status of its regions: OK only when every one is.' })
  status!: TargetStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Why it is out (or last was), naming the region: e.g. the role that cannot be assumed.',
  })
  lastError?: string;
}

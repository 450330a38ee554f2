import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** The roles, as the graph names them (auth/principal.ts holds the rules). */
export enum ViewerRole {
  viewer = 'viewer',
  operator = 'operator',
  admin = 'admin',
}

registerEnumType(ViewerRole, {
  name: 'Role',
  description:
    '`viewer` reads; `operator` also starts, stops, retries and answers approvals; `admin` also defines.',
});

/**
 * The caller as the gateway knows it, so a client such as the dashboard shows
 * only the controls the caller's role allows (the gateway still checks every
 * write).
 */
@ObjectType({ description: 'Who is asking: the principal behind the credential of this request.' })
export class Viewer {
  @Field(() => String, {
    description: 'A log-safe identity, e.g. `apikey:ci-bot`, `jwt:alice` or `anonymous`.',
  })
  id!: string;

  @Field(() => ViewerRole)
  role!: ViewerRole;

  @Field(() => [String], { description: 'Globs (`*`, `?`) over the pipeline names the caller may see.' })
  pipelinePatterns!: string[];
}

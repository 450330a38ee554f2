import { Field, ObjectType } from 'type-graphql';

/** The CodePipeline endpoint the graph reads from. */
@ObjectType({ description: 'The CodePipeline endpoint this gateway serves.' })
export class Upstream {
  @Field(() => String, { description: '`emulator` (built-in), `endpoint` (any compatible URL) or `aws`.' })
  mode!: string;

  @Field(() => String, { nullable: true, description: 'The endpoint URL; null for the AWS default.' })
  endpoint?: string;

  @Field(() => String)
  region!: string;

  @Field(() => String)
  accountId!: string;
}

/** Facts about the gateway itself, so a client can tell an emulator from production. */
@ObjectType({ description: 'Facts about this gateway.' })
export class GatewayInfo {
  @Field(() => String)
  version!: string;

  @Field(() => Upstream)
  upstream!: Upstream;
}

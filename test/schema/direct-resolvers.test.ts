import 'reflect-metadata';
import { IsNotEmpty } from 'class-validator';
import { type GraphQLObjectType, type GraphQLSchema, graphql } from 'graphql';
import {
  Arg,
  buildSchemaSync,
  createParameterDecorator,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Int,
  type MiddlewareFn,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import { directParameter, installDirectResolvers } from '../../src/schema/direct-resolvers';
import { validateArgument } from '../../src/schema/shared/validation';

@ObjectType()
class Box {
  @Field(() => String)
  label: string;

  constructor(label: string) {
    this.label = label;
  }
}

@InputType()
class LabelInput {
  @Field(() => String)
  @IsNotEmpty()
  prefix!: string;
}

interface BoxContext {
  calls: string[];
  tenant: string;
}

/** A custom parameter with a direct form, as `@TargetCtx()` has. */
const tenantResolver = directParameter(
  ({ context }: { context: BoxContext }) => `slow:${context.tenant}`,
  (_root, _args, context) => `direct:${(context as BoxContext).tenant}`,
);
const Tenant = () => createParameterDecorator<BoxContext>(tenantResolver);

const Recorded: MiddlewareFn<BoxContext> = async ({ context }, next) => {
  context.calls.push('middleware');
  return next();
};

@Resolver(() => Box)
class BoxResolver {
  @Query(() => Box)
  box(): Box {
    return new Box('crate');
  }

  @FieldResolver(() => String)
  repeated(@Root() box: Box, @Arg('times', () => Int) times: number): string {
    return box.label.repeat(times);
  }

  @FieldResolver(() => String)
  prefixed(@Root() box: Box, @Arg('input', () => LabelInput, { nullable: true }) input?: LabelInput): string {
    return `${input instanceof LabelInput ? input.prefix : '-'}${box.label}`;
  }

  @FieldResolver(() => String)
  owner(@Tenant() tenant: string): string {
    return tenant;
  }

  @FieldResolver(() => String)
  @UseMiddleware(Recorded)
  guarded(@Root() box: Box, @Ctx() ctx: BoxContext): string {
    ctx.calls.push('resolver');
    return box.label;
  }
}

let schema: GraphQLSchema;
let boxType: GraphQLObjectType;

beforeAll(() => {
  schema = buildSchemaSync({ resolvers: [BoxResolver], validateFn: (value) => validateArgument(value) });
  installDirectResolvers(schema);
  boxType = schema.getType('Box') as GraphQLObjectType;
});

function context(): BoxContext {
  return { calls: [], tenant: 'acme' };
}

describe('direct resolvers over a type-graphql schema', () => {
  it('leave a plain field to the default resolver, so the compiled executor reads it inline', () => {
    expect(boxType.getFields().label?.resolve).toBeUndefined();
  });

  it('call a field resolver with a scalar argument directly: its value comes back without a promise', () => {
    const resolve = boxType.getFields().repeated?.resolve;
    const value = resolve?.(new Box('ab'), { times: 2 }, context(), undefined as never);
    expect(value).toBe('abab');
  });

  it('send an input argument through type-graphql, which converts and validates it', async () => {
    const ok = await graphql({
      schema,
      source: '{ box { prefixed(input: { prefix: "x:" }) } }',
      contextValue: context(),
    });
    expect(ok).toEqual({ data: { box: { prefixed: 'x:crate' } } });
    const bad = await graphql({
      schema,
      source: '{ box { prefixed(input: { prefix: "" }) } }',
      contextValue: context(),
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const absent = boxType
      .getFields()
      .prefixed?.resolve?.(new Box('crate'), {}, context(), undefined as never);
    expect(absent).toBe('-crate');
  });

  it('read a custom parameter through its direct form when it declares one', () => {
    const owner = boxType.getFields().owner?.resolve?.(new Box('crate'), {}, context(), undefined as never);
    expect(owner).toBe('direct:acme');
  });

  it('keep type-graphql around a field with a middleware, which still runs first', async () => {
    const ctx = context();
    const result = await graphql({ schema, source: '{ box { guarded } }', contextValue: ctx });
    expect(result).toEqual({ data: { box: { guarded: 'crate' } } });
    expect(ctx.calls).toEqual(['middleware', 'resolver']);
  });

  it('answer whole queries exactly as before', async () => {
    const result = await graphql({
      schema,
      source: '{ box { label repeated(times: 3) owner } }',
      contextValue: context(),
    });
    expect(result).toEqual({
      data: { box: { label: 'crate', repeated: 'cratecratecrate', owner: 'direct:acme' } },
    });
  });
});

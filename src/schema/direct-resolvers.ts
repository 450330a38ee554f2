import {
  type GraphQLFieldResolver,
  type GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLSchema,
  isInputObjectType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * type-graphql wraps every field in a resolver of its own: it builds a
 * `resolverData` object, sorts the method's parameters, converts the root to
 * its class, runs middlewares (async, even none: a promise per hop) and
 * validates each argument (an async call per `@Arg`, since a global
 * `validateFn` is set). On a dashboard that is thousands of fields a request,
 * and most of the gateway's time beside the data itself.
 *
 * After the schema is built, this replaces those wrappers, field by field,
 * where type-graphql would add nothing:
 * - a plain field (no `@FieldResolver`, no middleware, no method of that
 *   name) gets no resolver at all, so the compiled executor reads the
 *   property inline, as graphql-js's default resolver would;
 * - a `@FieldResolver` method with no middleware and no `@Authorized` is
 *   called directly with its parameters in place. An argument of an input
 *   type (the only kind type-graphql converts and validates) sends that
 *   call through type-graphql's own wrapper when the client gave it, so
 *   validation and class instances stay exactly as they were.
 *
 * Anything else (middlewares, `@Args`, roles, a root that is not yet an
 * instance of its class) keeps type-graphql's resolver. The answers are the
 * same either way; `test/schema/direct-resolvers.test.ts` checks both.
 */

type Resolve = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;
type Storage = ReturnType<typeof getMetadataStorage>;
type FieldResolverMeta = Storage['fieldResolvers'][number];
type ParamMeta = NonNullable<FieldResolverMeta['params']>[number];
/** A class as type-graphql's metadata holds it. */
type ClassType = abstract new (...args: never[]) => object;

/** How many fields were left to type-graphql, made direct, or left to the default resolver. */
export interface DirectResolverStats {
  direct: number;
  plain: number;
  wrapped: number;
}

/** One parameter of a method, read straight from what graphql-js hands a resolver; undefined: not supported. */
export type ParamReader = (
  root: unknown,
  args: Record<string, unknown>,
  context: unknown,
  info: unknown,
) => unknown;

/** Direct forms of custom parameters (`createParameterDecorator`), by their resolver. */
const customReaders = new WeakMap<object, ParamReader>();

/**
 * Declares the direct form of a custom parameter's resolver: the same value
 * from the four resolver arguments, without the `resolverData` object
 * type-graphql would build for it on every call.
 */
export function directParameter<R extends object>(resolver: R, reader: ParamReader): R {
  customReaders.set(resolver, reader);
  return resolver;
}

function unwrap(type: GraphQLInputType): GraphQLInputType {
  if (type instanceof GraphQLNonNull || type instanceof GraphQLList) return unwrap(type.ofType);
  return type;
}

/**
 * Replaces type-graphql's per-field wrappers with direct calls where that
 * changes nothing but the cost (see the module comment). Call once, on the
 * schema `buildSchema` returned, before any request.
 */
export function installDirectResolvers(schema: GraphQLSchema): DirectResolverStats {
  const storage = getMetadataStorage();
  const stats: DirectResolverStats = { direct: 0, plain: 0, wrapped: 0 };
  const instances = new Map<unknown, object>();
  const instanceOf = (target: unknown): object => {
    let instance = instances.get(target);
    if (!instance) instances.set(target, (instance = new (target as new () => object)()));
    return instance;
  };
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!(type instanceof GraphQLObjectType)) continue;
    const fields = type.getFields();
    const resolversOf = storage.fieldResolvers.filter(
      (r) => r.kind === 'external' && r.getObjectType?.() === objectType.target,
    );
    for (const field of objectType.fields ?? []) {
      const schemaField = fields[field.schemaName];
      if (!schemaField?.resolve) continue;
      const meta = resolversOf.find((r) => r.schemaName === field.schemaName);
      if (meta) {
        const direct = directFieldResolver(meta, instanceOf(meta.target), schemaField.resolve, schemaField);
        if (direct) {
          schemaField.resolve = direct;
          stats.direct += 1;
        } else stats.wrapped += 1;
        continue;
      }
      const internal = storage.fieldResolvers.some(
        (r) => r.kind === 'internal' && r.target === objectType.target && r.methodName === field.name,
      );
      const isMethod =
        typeof (objectType.target.prototype as Record<string, unknown>)[field.name] === 'function';
      const plain =
        !internal &&
        !isMethod &&
        field.name === field.schemaName &&
        (field.middlewares ?? []).length === 0 &&
        (field.roles ?? undefined) === undefined;
      if (plain) {
        schemaField.resolve = undefined;
        stats.plain += 1;
      } else stats.wrapped += 1;
    }
  }
  return stats;
}

/** The direct resolver of one `@FieldResolver` method, or undefined when type-graphql must keep it. */
function directFieldResolver(
  meta: FieldResolverMeta,
  instance: object,
  wrapped: Resolve,
  schemaField: { args: readonly { name: string; type: GraphQLInputType }[] },
): Resolve | undefined {
  if ((meta.middlewares ?? []).length > 0 || meta.roles !== undefined) return undefined;
  const method = (instance as Record<string, unknown>)[meta.methodName];
  if (typeof method !== 'function') return undefined;
  const params = [...(meta.params ?? [])].sort((a, b) => a.index - b.index);
  const readers: ParamReader[] = [];
  // Arguments of an input type: present, they go through type-graphql (conversion and validation).
  const converted: string[] = [];
  let rootClass: ClassType | undefined;
  for (const param of params) {
    const reader = readerOf(param, schemaField, converted);
    if (!reader) return undefined;
    if (param.kind === 'root' && param.getType) {
      const rootType = param.getType() as unknown;
      if (typeof rootType === 'function') rootClass = rootType as ClassType;
    }
    readers.push(reader);
  }
  const call = method as (...values: unknown[]) => unknown;
  return (root, args, context, info) => {
    // A root not yet of its class (type-graphql would convert it), or an input argument given: the full path.
    if (rootClass && root !== null && root !== undefined && !(root instanceof rootClass)) {
      return wrapped(root, args, context, info);
    }
    for (const name of converted) {
      if (args[name] !== undefined && args[name] !== null) return wrapped(root, args, context, info);
    }
    switch (readers.length) {
      case 1:
        return call.call(instance, readers[0]!(root, args, context, info));
      case 2:
        return call.call(
          instance,
          readers[0]!(root, args, context, info),
          readers[1]!(root, args, context, info),
        );
      case 3:
        return call.call(
          instance,
          readers[0]!(root, args, context, info),
          readers[1]!(root, args, context, info),
          readers[2]!(root, args, context, info),
        );
      case 4:
        return call.call(
          instance,
          readers[0]!(root, args, context, info),
          readers[1]!(root, args, context, info),
          readers[2]!(root, args, context, info),
          readers[3]!(root, args, context, info),
        );
      case 5:
        return call.call(
          instance,
          readers[0]!(root, args, context, info),
          readers[1]!(root, args, context, info),
          readers[2]!(root, args, context, info),
          readers[3]!(root, args, context, info),
          readers[4]!(root, args, context, info),
        );
      default:
        return call.apply(
          instance,
          readers.map((read) => read(root, args, context, info)),
        );
    }
  };
}

function readerOf(
  param: ParamMeta,
  schemaField: { args: readonly { name: string; type: GraphQLInputType }[] },
  converted: string[],
): ParamReader | undefined {
  switch (param.kind) {
    case 'root':
      // `@Root('member')` converts the member to its class: type-graphql keeps that one.
      return param.propertyName === undefined ? (root) => root : undefined;
    case 'context': {
      const property = param.propertyName;
      return property === undefined
        ? (_r, _a, context) => context
        : (_r, _a, context) => (context as Record<string, unknown>)[property];
    }
    case 'info':
      return (_r, _a, _c, info) => info;
    case 'arg': {
      const arg = schemaField.args.find((a) => a.name === param.name);
      if (!arg || param.validateFn !== undefined) return undefined;
      if (isInputObjectType(unwrap(arg.type))) converted.push(param.name);
      const name = param.name;
      return (_r, args) => args[name];
    }
    case 'custom': {
      if (param.options.arg !== undefined) return undefined;
      const resolve = param.resolver;
      return (
        customReaders.get(resolve) ??
        ((root, args, context, info) => resolve({ root, args, context, info } as never))
      );
    }
    case 'args':
    case 'pubSub':
      return undefined;
    default: {
      const unknownKind: never = param;
      return unknownKind;
    }
  }
}

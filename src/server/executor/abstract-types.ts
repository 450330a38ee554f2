import {
  type DocumentNode,
  getNamedType,
  type GraphQLSchema,
  isAbstractType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/**
 * Whether any field of `document` returns an interface or union that brings
 * its own `resolveType`. graphql-jit uses a type resolver's answer
 * synchronously, while type-graphql wraps every `resolveType` in an async
 * function: such a field would fail compiled ("must resolve to an Object
 * type"), so the operation runs on graphql-js instead. Abstract types without
 * a `resolveType` resolve alike in both (the value's `__typename`, then
 * `isTypeOf`). Read once per compiled document.
 */
export function selectsResolvedAbstractType(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = getNamedType(typeInfo.getType());
        if (type && isAbstractType(type) && type.resolveType) found = true;
      },
    }),
  );
  return found;
}

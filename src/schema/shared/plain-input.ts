/**
 * Turns a GraphQL input object (a class instance, with nulls for omitted
 * optional members) into the plain object the SDK expects.
 */
export function plainInput<T extends object>(input: T): T {
  return JSON.parse(JSON.stringify(input, (_k, v: unknown) => (v === null ? undefined : v))) as T;
}

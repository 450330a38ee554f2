import { batching, brokenJson, contentTypes, oversizedBodies } from './fuzz/body-cases';
import { type CaseContext, type HttpCase } from './fuzz/http-case';
import { aliasExplosion, deepNesting, hugeFirst } from './fuzz/query-shape-cases';
import { authHeaders, getRequests, methodsAndPaths } from './fuzz/transport-cases';
import { invalidNames, unknownOperations, variableTypes } from './fuzz/validation-cases';

/**
 * Hostile and malformed HTTP requests for the fuzz test
 * (test/faults/hostile-input.test.ts), drawn from a seeded PRNG so every run
 * sends the same cases. Each category aims at one way a request can go
 * wrong: the parser, the validator, the limits, the body reader, the
 * content-type and CSRF checks, the GET path, or authentication. The
 * categories live in test/support/fuzz/; this file puts them in order.
 */

export { Draw } from './fuzz/draw';
export { type CaseContext, type HttpCase } from './fuzz/http-case';

/** Every HTTP case, in a fixed order for a given seed. */
export function httpCases(ctx: CaseContext): HttpCase[] {
  return [
    ...deepNesting(ctx),
    ...hugeFirst(ctx),
    ...oversizedBodies(ctx),
    ...invalidNames(ctx),
    ...brokenJson(ctx),
    ...contentTypes(ctx),
    ...unknownOperations(ctx),
    ...variableTypes(ctx),
    ...batching(ctx),
    ...getRequests(ctx),
    ...methodsAndPaths(ctx),
    ...authHeaders(ctx),
    ...aliasExplosion(ctx),
  ];
}

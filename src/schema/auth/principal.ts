import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/error-codes';

/**
 * Who is asking, as resolvers see it. Authentication (in the server layer)
 * turns a credential into a principal; resolvers only ever see this, so the
 * rules below apply the same way to an API key, a JWT or the open local mode.
 */

/** What a principal may do: each role may do everything the one before it may. */
export type Role = 'viewer' | 'operator' | 'admin';

/** The roles from least to most powerful. */
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/**
 * An authenticated caller. Safe to log: it never holds the key or the token,
 * only an id derived from it (a key's hash prefix, a token's subject).
 */
export interface Principal {
  /** Stable, log-safe identity, e.g. `apikey:ci-bot` or `jwt:alice`. */
  readonly id: string;
  readonly role: Role;
  /** Glob patterns (`*`, `?`) over pipeline names bounding what the principal sees and touches. */
  readonly pipelinePatterns: readonly string[];
}

/** Everyone, when authentication is off (`AUTH_MODE=none`): the local default is open. */
export const OPEN_PRINCIPAL: Principal = { id: 'anonymous', role: 'admin', pipelinePatterns: ['*'] };

/** Reads a role name; undefined for anything else, so callers decide how to refuse. */
export function parseRole(raw: unknown): Role | undefined {
  return typeof raw === 'string' && (ROLES as readonly string[]).includes(raw) ? (raw as Role) : undefined;
}

/** True when `role` includes everything `needed` may do. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

const compiled = new Map<string, RegExp>();

/** A glob as an anchored regular expression: `*` is any run of characters, `?` exactly one. */
export function globToRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`);
    // Patterns come from configuration and tokens; bound the memo so tokens cannot grow it forever.
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** True when a glob matches a whole pipeline name. */
export function matchesGlob(pattern: string, name: string): boolean {
  return globToRegExp(pattern).test(name);
}

/** A scope's three parts. Written `account/region/pipeline-glob` (`*` allowed in each); a bare glob means every target. */
export interface ScopeParts {
  account: string;
  region: string;
  pipeline: string;
}

/** The parts of a scope, or undefined when it is neither a bare glob nor `account/region/glob`. */
export function parseScope(pattern: string): ScopeParts | undefined {
  const parts = pattern.split('/');
  if (parts.length === 1) return { account: '*', region: '*', pipeline: pattern };
  const [account, region, pipeline] = parts;
  if (parts.length !== 3 || !account || !region || !pipeline) return undefined;
  return { account, region, pipeline };
}

/** True when a scope covers a pipeline of a target (an account and a region). */
export function scopeCovers(
  pattern: string,
  target: { accountId: string; region: string },
  pipelineName: string,
): boolean {
  const scope = parseScope(pattern);
  return (
    scope !== undefined &&
    matchesGlob(scope.account, target.accountId) &&
    matchesGlob(scope.region, target.region) &&
    matchesGlob(scope.pipeline, pipelineName)
  );
}

/**
 * The pipeline globs of the scopes that apply to one target: how a principal
 * configured with `account/region/glob` scopes reads on a gateway serving that
 * target, where scope checks compare pipeline names only.
 */
export function scopesForTarget(
  patterns: readonly string[],
  target: { accountId: string; region: string },
): string[] {
  return patterns.flatMap((p) => {
    const scope = parseScope(p);
    const applies =
      scope !== undefined &&
      matchesGlob(scope.account, target.accountId) &&
      matchesGlob(scope.region, target.region);
    return applies ? [scope.pipeline] : [];
  });
}

/** True when the principal's patterns cover every pipeline: scope checks that cost reads can be skipped. */
export function isUnrestricted(principal: Principal): boolean {
  return principal.pipelinePatterns.includes('*');
}

/** True when the pipeline is within the principal's scope. Outside it, the pipeline does not exist for them. */
export function canSee(principal: Principal, pipelineName: string): boolean {
  return principal.pipelinePatterns.some((p) => matchesGlob(p, pipelineName));
}

/** The refusal every authorization check throws. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

/** Throws FORBIDDEN unless the principal holds at least `role`. */
export function requireRole(principal: Principal, role: Role): void {
  if (!roleAtLeast(principal.role, role)) {
    throw forbidden(`This needs the ${role} role; ${principal.id} has the ${principal.role} role`);
  }
}

/** Throws FORBIDDEN unless the pipeline is within the principal's scope. */
export function requireScope(principal: Principal, pipelineName: string): void {
  if (!canSee(principal, pipelineName)) {
    throw forbidden(`Pipeline ${pipelineName} is outside the scope of ${principal.id}`);
  }
}

/**
 * What decides what a principal may see, as a string: answers cached per
 * principal scope (a response cache, say) can be shared by principals with
 * the same role and patterns, and never by others.
 */
export function scopeKey(principal: Principal): string {
  return `${principal.role}|${[...principal.pipelinePatterns].sort().join(',')}`;
}

import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { parseRole, ROLES, type Role } from '../../schema/auth/principal';
import { type AuthOutcome } from './outcome';

/** How JWTs are verified and read. */
export interface JwtConfig {
  /** The identity provider's JSON Web Key Set. */
  jwksUrl: string;
  /** Required `iss`. */
  issuer: string;
  /** Required `aud`: without it, any token the provider issued to any client would do. */
  audience: string;
  /** The claim holding the role (a dotted path; a string or an array, the highest known role wins). */
  roleClaim: string;
  /** The claim holding pipeline globs (a dotted path; an array, or a space- or comma-separated string). */
  scopeClaim: string;
  /** Allowed clock skew on `exp` and `nbf`. */
  clockToleranceSeconds: number;
}

/** A claim by dotted path, e.g. `realm_access.roles`. */
function claim(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function roleOf(raw: unknown): Role | undefined {
  const candidates = Array.isArray(raw) ? raw : [raw];
  const roles = candidates.map(parseRole).filter((r): r is Role => r !== undefined);
  return roles.sort((a, b) => ROLES.indexOf(b) - ROLES.indexOf(a))[0];
}

function patternsOf(raw: unknown): string[] {
  const list = typeof raw === 'string' ? raw.split(/[\s,]+/) : Array.isArray(raw) ? raw : [];
  return list.filter((p): p is string => typeof p === 'string' && p !== '');
}

/** jose failures that mean "could not check", not "checked and refused". */
const UNAVAILABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

/**
 * A verifier of bearer JWTs against a remote JWKS (fetched on demand, cached,
 * refetched when an unknown `kid` appears). A valid token without a known
 * role is a credential without permission: `forbidden`, not `invalid`.
 */
export function createJwtVerifier(config: JwtConfig): (token: string) => Promise<AuthOutcome> {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), {
    timeoutDuration: 5000,
    cooldownDuration: 30_000,
  });
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: config.clockToleranceSeconds,
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired)
        return { ok: false, reason: 'invalid', message: 'The token has expired' };
      if (err instanceof errors.JWTClaimValidationFailed) {
        return { ok: false, reason: 'invalid', message: `The token's ${err.claim} claim is not accepted` };
      }
      if (!(err instanceof errors.JOSEError) || UNAVAILABLE.has(err.code)) {
        return { ok: false, reason: 'unavailable', message: 'The token could not be verified right now' };
      }
      return { ok: false, reason: 'invalid', message: 'The token is not valid' };
    }
    const role = roleOf(claim(payload, config.roleClaim));
    if (!role) {
      return {
        ok: false,
        reason: 'forbidden',
        message: `The token's ${config.roleClaim} claim holds no known role (viewer, operator or admin)`,
      };
    }
    return {
      ok: true,
      principal: {
        id: `jwt:${typeof payload.sub === 'string' ? payload.sub : 'unknown'}`,
        role,
        pipelinePatterns: patternsOf(claim(payload, config.scopeClaim)),
      },
    };
  };
}

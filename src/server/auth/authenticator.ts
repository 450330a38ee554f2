import { OPEN_PRINCIPAL } from '../../schema/auth/principal';
import { ApiKeyStore } from './api-keys';
import { type AuthConfig, type AuthMode } from './auth-config';
import { createJwtVerifier } from './jwt';
import { type AuthOutcome } from './outcome';

/** Where a credential comes from: an `Authorization` header, or graphql-ws `connection_init` params. */
export type CredentialSource = string | string[] | Readonly<Record<string, unknown>> | undefined;

/** Turns credentials into principals, over the configured modes. */
export interface Authenticator {
  readonly mode: AuthMode;
  authenticate(source: CredentialSource): Promise<AuthOutcome>;
}

/** A compact JWS: three base64url parts. API keys never look like this unless made to. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The most characters of a credential read at all: longer ones are refused unread. */
const MAX_CREDENTIAL_LENGTH = 8192;

/** `Bearer <credential>` from a header value. */
function fromHeader(header: string): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * The credential in graphql-ws connection params: `{ Authorization: 'Bearer …' }`
 * (or `authorization`, or inside `headers`, as some clients send it), or
 * `{ token: '…' }`.
 */
function fromParams(params: Readonly<Record<string, unknown>>): string | undefined {
  const headers = typeof params.headers === 'object' && params.headers !== null ? params.headers : {};
  for (const holder of [params, headers as Record<string, unknown>]) {
    const header = holder.Authorization ?? holder.authorization;
    if (typeof header === 'string') return fromHeader(header);
  }
  return typeof params.token === 'string' && params.token !== '' ? params.token : undefined;
}

/** The bearer credential in a source, undefined when there is none. */
export function bearerCredential(source: CredentialSource): string | undefined {
  if (source === undefined) return undefined;
  if (Array.isArray(source)) return source.length === 1 ? bearerCredential(source[0]) : undefined;
  return typeof source === 'string' ? fromHeader(source) : fromParams(source as Record<string, unknown>);
}

/**
 * Builds the authenticator of a configuration. With `api-key+jwt` a token
 * shaped like a JWT is verified as one and anything else is looked up as a
 * key. Failures never echo the credential.
 */
export function createAuthenticator(config: AuthConfig): Authenticator {
  const { mode } = config;
  if (mode === 'none') {
    return { mode, authenticate: async () => ({ ok: true, principal: OPEN_PRINCIPAL }) };
  }
  const keys = mode === 'api-key' || mode === 'api-key+jwt' ? new ApiKeyStore(config.apiKeys) : undefined;
  const verifyJwt =
    config.jwt && (mode === 'jwt' || mode === 'api-key+jwt') ? createJwtVerifier(config.jwt) : undefined;
  return {
    mode,
    authenticate: async (source) => {
      const credential = bearerCredential(source);
      if (credential === undefined) {
        return {
          ok: false,
          reason: 'missing',
          message: 'Authentication required: send Authorization: Bearer <credential>',
        };
      }
      if (credential.length > MAX_CREDENTIAL_LENGTH) {
        return { ok: false, reason: 'invalid', message: 'The credential is not valid' };
      }
      if (verifyJwt && (!keys || JWT_SHAPE.test(credential))) return verifyJwt(credential);
      const principal = keys?.lookup(credential);
      return principal
        ? { ok: true, principal }
        : { ok: false, reason: 'invalid', message: 'The credential is not valid' };
    },
  };
}

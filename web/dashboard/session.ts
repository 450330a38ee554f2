import { CREDENTIAL_KEY } from './session-key';

/**
 * The pasted API key or JWT. It lives in sessionStorage only: it survives a
 * reload of this tab and goes when the tab closes; it is never written to
 * localStorage, a cookie or the URL.
 */
export function credential(): string | undefined {
  return sessionStorage.getItem(CREDENTIAL_KEY) ?? undefined;
}

/** Keeps a credential for this tab (trimmed; a pasted `Bearer ` prefix is dropped). */
export function signIn(raw: string): void {
  const value = raw.trim().replace(/^Bearer\s+/i, '');
  if (value === '') sessionStorage.removeItem(CREDENTIAL_KEY);
  else sessionStorage.setItem(CREDENTIAL_KEY, value);
}

/** Forgets the credential. */
export function signOut(): void {
  sessionStorage.removeItem(CREDENTIAL_KEY);
}

/** The headers that carry the credential, over HTTP and in graphql-ws's `connection_init`. */
export function authHeaders(): Record<string, string> {
  const value = credential();
  return value ? { Authorization: `Bearer ${value}` } : {};
}

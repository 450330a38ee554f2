import { type ServerResponse } from 'node:http';

/**
 * The dashboard's policy: everything from this origin, nothing inline, nothing
 * framed. `connect-src 'self'` covers the page's own `/graphql`, over HTTP and
 * graphql-ws alike.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphiQL's policy: the same, except that its editor (Monaco) writes its
 * theme and decorations into `<style>` elements at run time, and GraphiQL's
 * stylesheet embeds its fonts as `data:` URLs; no build step turns either
 * into files. Scripts and connections stay 'self' only.
 */
export const GRAPHIQL_CSP = DASHBOARD_CSP.replace(
  "style-src 'self'",
  "style-src 'self' 'unsafe-inline'",
).replace("font-src 'self'", "font-src 'self' data:");

/** Headers every page and asset of the gateway carries, whatever its policy. */
export function setSecurityHeaders(res: ServerResponse, csp: string = DASHBOARD_CSP): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request signing ("Verifying requests from Slack"): every request
 * carries `X-Slack-Request-Timestamp` and `X-Slack-Signature`, the latter
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the app's
 * signing secret. Only Slack holds the secret, so a valid signature proves
 * the request came from Slack; the timestamp bound stops replays.
 */

/** Requests older (or further in the future) than this are refused as replays: Slack's own advice. */
export const MAX_REQUEST_AGE_SECONDS = 5 * 60;

/** Why a request was refused, for the log. */
export type SignatureFailure = 'MISSING_HEADERS' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE';

/** The outcome of a check. */
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

/** The signature Slack would send for this body at this timestamp. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  const mac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`, 'utf8');
  return `v0=${mac.digest('hex')}`;
}

/**
 * Verifies a request's signature in constant time, and its timestamp against
 * `nowSeconds` (injected so Slack's documented example can be checked).
 */
export function verifySlackSignature(
  signingSecret: string,
  headers: { timestamp?: string; signature?: string },
  rawBody: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'MISSING_HEADERS' };
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_REQUEST_AGE_SECONDS) {
    return { ok: false, reason: 'STALE_TIMESTAMP' };
  }
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch reveals only the (public) format.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'BAD_SIGNATURE' };
  }
  return { ok: true };
}

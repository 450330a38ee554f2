/**
 * What a bench child may take from the parent's environment: what Node and
 * the OS need to run, nothing that configures a server. Everything else a
 * child gets is written out by the bench that starts it, so a variable set in
 * the shell (REDIS_URL, a CACHE_TTL_*, EXECUTOR) can never change what a
 * figure measures: a memory-cache gateway that inherited REDIS_URL served
 * its "cold" runs from Redis.
 */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'NODE_EXTRA_CA_CERTS'] as const;

/** Settings every bench server gets unless its bench says otherwise. */
const SERVER_DEFAULTS: Record<string, string> = {
  NODE_ENV: 'production',
  // A benchmark measures the gateway, not authentication.
  AUTH_MODE: 'none',
  // autocannon from one address would otherwise measure the rate limiter.
  RATE_LIMIT_PER_SECOND: '0',
  // A request line per call, written to this terminal, would measure the terminal.
  LOG_LEVEL: 'warn',
  // The SDK warns (in every process) that it will want a newer Node; it is noise here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The whole environment of a bench child: the inherited basics, the server defaults, then `env`. */
export function childEnv(env: Record<string, string>): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  return { ...inherited, ...SERVER_DEFAULTS, ...env };
}

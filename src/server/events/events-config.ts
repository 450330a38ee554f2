import { ConfigError, type Env, intVar } from '../env';

/** `POST /events`: CodePipeline's EventBridge events in, and polling that only reconciles. */
export interface EventsConfig {
  /** `EVENTS_API_KEY`: the API destination's key; absent, the endpoint is off (404) and polling alone detects. */
  apiKey?: string;
  /** `POLL_RECONCILE_SECONDS` (default 300) in ms: each watched pipeline's poll interval while events arrive. */
  reconcileMs: number;
  /** `EVENTS_QUIET_SECONDS` (default 60) in ms: no event of a target for this long and its events count as stopped. */
  quietMs: number;
}

/** The shortest key accepted: an API destination's key is a secret, not a password to type. */
const MIN_KEY_LENGTH = 16;

/** Reads the events settings; a short key fails start-up rather than guarding the endpoint weakly. */
export function parseEventsConfig(env: Env): EventsConfig {
  const apiKey = env.EVENTS_API_KEY === '' ? undefined : env.EVENTS_API_KEY;
  if (apiKey !== undefined && apiKey.length < MIN_KEY_LENGTH) {
    throw new ConfigError('EVENTS_API_KEY', `must be at least ${MIN_KEY_LENGTH} characters`);
  }
  return {
    apiKey,
    reconcileMs: intVar(env, 'POLL_RECONCILE_SECONDS', 300, 1, 86_400) * 1000,
    quietMs: intVar(env, 'EVENTS_QUIET_SECONDS', 60, 1, 86_400) * 1000,
  };
}

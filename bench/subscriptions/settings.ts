/** The Redis the bench gateway runs on. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0, got "${raw}"`);
  return value;
};

/** Seconds of each measured window. */
export const DURATION_S = num('BENCH_SUBS_DURATION_S', 60);
/** Subscribers of the big window. */
export const SUBSCRIBERS = num('BENCH_SUBS_SUBSCRIBERS', 5000);
/** Pipelines in the emulator fleet. */
export const PIPELINES = num('BENCH_SUBS_PIPELINES', 50);
/** Subscribers of the small window: one per pipeline. They stay for the big one. */
export const FEW = PIPELINES;
/** Processes the subscribers are spread over. */
export const CLIENT_PROCESSES = Math.max(1, num('BENCH_SUBS_CLIENT_PROCESSES', 2));
/** Each pipeline starts an execution this often, the pipelines staggered evenly over the period. */
export const EXEC_PERIOD_S = num('BENCH_SUBS_EXEC_PERIOD_S', 20);
/** Simulated duration of each action (two per execution). */
export const ACTION_MS = num('BENCH_SUBS_ACTION_MS', 3000);
/** The emulator's clock speed (1: real time). */
export const CLOCK_SPEED = num('BENCH_SUBS_CLOCK_SPEED', 1);
/** Seconds of workload before the first memory sample. */
export const WARMUP_S = num('BENCH_SUBS_WARMUP_S', 10);
/** Seconds to wait after opening or closing subscribers before measuring. */
export const SETTLE_S = num('BENCH_SUBS_SETTLE_S', 5);
/** Extra node flags for the gateway process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
export const GATEWAY_NODE_ARGS = (process.env.BENCH_SUBS_GATEWAY_NODE_ARGS ?? '')
  .split(' ')
  .filter((a) => a !== '');
/** After a window, how long deliveries of events detected in it may still take to arrive. */
export const GRACE_S = 3;

/** The gateway's settings that differ from its defaults. */
export const GATEWAY_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  // The bench measures delivery, not authentication; production mode requires saying so explicitly.
  AUTH_MODE: 'none',
  // One line per start mutation would be noise in the bench output.
  LOG_LEVEL: 'warn',
  // Thousands of subscribes from one address would otherwise meet the production rate limit.
  RATE_LIMIT_PER_SECOND: '0',
  // High enough never to bind here: with a binding budget the call rate would be flat by construction.
  POLL_CALLS_PER_SECOND: '100',
};

/** Waits `ms`: the bench paces windows, warm-up and settling by wall time. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

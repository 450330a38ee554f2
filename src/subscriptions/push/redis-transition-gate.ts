import { type Redis } from 'ioredis';
import { type Target, targetKey } from '../../aws/target';
import {
  DEFAULT_DEDUP_TTL_MS,
  POLL_CLAIM,
  type GateItem,
  type GateResult,
  type TransitionGate,
  type Verdict,
} from './transition-gate';

/**
 * KEYS[1]: the target's heard key; then per item KEYS[2i]: its transition key, KEYS[2i+1]: its item key.
 * ARGV[1]: the claim; ARGV[2]: TTL ms; ARGV[3]: heard at (ms, '' for a poll); ARGV[4]: heard TTL ms;
 * then per item ARGV[3+2i]: its order ('' for none), ARGV[4+2i]: its state.
 * Returns per item the verdict and the state known before. `allow-oom`: deduplication must hold even when
 * the cache has filled Redis, or a full cache would turn into duplicate deliveries.
 */
const ADMIT_SCRIPT = `#!lua flags=allow-oom
if ARGV[3] ~= '' then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) end
local out = {}
for i = 1, (#KEYS - 1) / 2 do
  local tkey = KEYS[2 * i]
  local okey = KEYS[2 * i + 1]
  local order = ARGV[3 + 2 * i]
  local held = redis.call('GET', tkey)
  local verdict = 'new'
  local before = ''
  if held then
    if held ~= ARGV[1] then
      verdict = 'duplicate'
      -- A push of what a poll claimed first: the poll's find was announced after all.
      if ARGV[3] ~= '' and string.sub(held, 1, 5) == 'poll-' then
        redis.call('SET', tkey, 'poll+announced', 'KEEPTTL')
      end
    end
  else
    if order ~= '' then
      local known = redis.call('GET', okey)
      if known then
        local bar = string.find(known, '|', 1, true)
        local knownOrder = tonumber(string.sub(known, 1, bar - 1))
        before = string.sub(known, bar + 1)
        if knownOrder > tonumber(order) then verdict = 'stale' end
      end
      if verdict == 'new' then
        redis.call('SET', okey, order .. '|' .. ARGV[4 + 2 * i], 'PX', ARGV[2])
      end
    end
    redis.call('SET', tkey, ARGV[1], 'PX', ARGV[2])
  end
  out[#out + 1] = verdict
  out[#out + 1] = before
end
return out
`;

/**
 * The gate shared by replicas: one script per batch, so a transition pushed
 * to two replicas at once, or pushed while the poller saw it, is claimed by
 * exactly one of them. Keys expire after the TTL.
 */
export class RedisTransitionGate implements TransitionGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: { ttlMs?: number; heardTtlMs?: number } = {},
  ) {}

  async admit(target: Target, items: GateItem[], claim: string, heardAtMs?: number): Promise<GateResult[]> {
    if (items.length === 0 && heardAtMs === undefined) return [];
    const keys = [this.heardKey(target)];
    const args: (string | number)[] = [
      claim,
      this.options.ttlMs ?? DEFAULT_DEDUP_TTL_MS,
      heardAtMs ?? '',
      this.options.heardTtlMs ?? 3_600_000,
    ];
    for (const item of items) {
      keys.push(`${this.prefix}transition:${item.dedupKey}`);
      // An item key even without an order: the script's keys come in pairs.
      keys.push(`${this.prefix}transition-order:${item.order?.itemKey ?? item.dedupKey}`);
      args.push(item.order?.value ?? '', item.order?.state ?? '');
    }
    const out = (await this.redis.eval(ADMIT_SCRIPT, keys.length, ...keys, ...args)) as string[];
    return items.map((_, i) => {
      const before = out[2 * i + 1];
      return { verdict: out[2 * i] as Verdict, previousState: before ? before : undefined };
    });
  }

  async lastHeard(target: Target): Promise<number | undefined> {
    const at = await this.redis.get(this.heardKey(target));
    return at === null ? undefined : Number(at);
  }

  async unannounced(_target: Target, dedupKeys: string[]): Promise<string[]> {
    if (dedupKeys.length === 0) return [];
    const held = await this.redis.mget(...dedupKeys.map((key) => `${this.prefix}transition:${key}`));
    return dedupKeys.filter((_, i) => held[i]?.startsWith(POLL_CLAIM) === true);
  }

  private heardKey(target: Target): string {
    return `${this.prefix}events:heard:${targetKey(target)}`;
  }
}

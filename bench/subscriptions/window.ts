import { loadavg } from 'node:os';
import { type Redis } from 'ioredis';
import { type CallCounts, type EmulatorAdmin } from '../lib/emulator-admin';
import { round } from '../lib/stats';
import { cpuPercent, cpuSeconds } from './proc';
import { DURATION_S, sleep } from './settings';
import { type Worker } from './workers';

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** Upstream calls and CPU of one measured window at a fixed number of subscribers. */
export interface Window {
  subscribers: number;
  fromMs: number;
  toMs: number;
  calls: CallCounts;
  /** Calls the bench itself caused (StartPipelineExecution, through the gateway's mutation). */
  startCalls: number;
  /** Every other call: what the gateway made on its own (the poller, and reads for the mutation, if any). */
  gatewayCallsPerMinute: number;
  gatewayCpuPercent: number;
  redisCpuPercent: number;
  clientsCpuPercent: number;
  loadAverage1m: number;
}

/** Measures one window of DURATION_S: the emulator's call counts and each process's CPU over it. */
export async function measureWindow(
  subscribers: number,
  admin: EmulatorAdmin,
  gateway: Worker,
  clients: Worker[],
  redis: Redis,
): Promise<Window> {
  await admin.resetStats();
  const fromMs = Date.now();
  const gatewayCpu0 = cpuSeconds(gateway.pid);
  const clientsCpu0 = clients.reduce((sum, c) => sum + cpuSeconds(c.pid), 0);
  const redisCpu0 = await redisCpuSeconds(redis);
  await sleep(DURATION_S * 1000);
  const calls = await admin.stats();
  const toMs = Date.now();
  const wallMs = toMs - fromMs;
  const startCalls = calls.calls.StartPipelineExecution ?? 0;
  return {
    subscribers,
    fromMs,
    toMs,
    calls,
    startCalls,
    gatewayCallsPerMinute: round(((calls.total - startCalls) * 60_000) / wallMs, 1),
    gatewayCpuPercent: round(cpuPercent(gatewayCpu0, cpuSeconds(gateway.pid), wallMs), 1),
    clientsCpuPercent: round(
      cpuPercent(
        clientsCpu0,
        clients.reduce((sum, c) => sum + cpuSeconds(c.pid), 0),
        wallMs,
      ),
      1,
    ),
    redisCpuPercent: round(cpuPercent(redisCpu0, await redisCpuSeconds(redis), wallMs), 1),
    loadAverage1m: round(loadavg()[0] ?? NaN, 2),
  };
}

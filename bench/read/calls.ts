import { type ChildServer } from '../lib/child';
import { dashboardSkeleton, type DashboardData } from '../lib/dashboard';
import { type CallCounts } from '../lib/emulator-admin';
import { startGatewayChild, startNaiveChild } from './children';
import { type Context } from './context';
import { countedDashboard } from './dashboard-query';

/** Upstream calls of one server's first (cold) and second (warm) dashboard. */
export interface CallsResult {
  cold: CallCounts;
  warm: CallCounts;
}

/**
 * 1. Upstream calls: each server's cold and warm dashboard, counted by the
 * emulator; also checks every server answers alike and captures the answer
 * the throughput baseline serves.
 */
export async function benchCalls(
  ctx: Context,
): Promise<{ results: Record<string, CallsResult>; data: DashboardData }> {
  const results: Record<string, CallsResult> = {};
  let captured: DashboardData | undefined;
  let reference: string | undefined;
  const subjects: [string, () => Promise<ChildServer>][] = [
    ['gateway (redis)', () => startGatewayChild(ctx, 'redis')],
    ['gateway (memory)', () => startGatewayChild(ctx, 'memory')],
    ['naive', () => startNaiveChild(ctx)],
  ];
  for (const [name, start] of subjects) {
    const server = await start();
    try {
      const cold = await countedDashboard(ctx, server.url);
      const warm = await countedDashboard(ctx, server.url);
      // A cold run served without a single upstream call read a cache it should not have (an inherited REDIS_URL did that).
      if (cold.calls.total === 0) throw new Error(`${name}: the cold dashboard made no upstream call`);
      results[name] = { cold: cold.calls, warm: warm.calls };
      const skeleton = dashboardSkeleton(warm.data);
      if (reference === undefined) reference = skeleton;
      else if (skeleton !== reference) throw new Error(`${name} answers differently from the gateway`);
      captured ??= warm.data;
    } finally {
      await server.stop();
    }
  }
  if (!captured) throw new Error('no dashboard answer captured');
  return { results, data: captured };
}

import { DASHBOARD, PIPELINES, type DashboardData } from '../lib/dashboard';
import { type CallCounts } from '../lib/emulator-admin';
import { postQuery } from '../lib/graphql';
import { type Context } from './context';

/** Runs the dashboard once and checks it saw the whole fleet, so no bench times a wrong answer. */
export async function dashboard(url: string): Promise<DashboardData> {
  const { data } = await postQuery<DashboardData>(url, DASHBOARD);
  if (data.pipelines.edges.length !== PIPELINES) {
    throw new Error(`${url} returned ${data.pipelines.edges.length} pipelines, expected ${PIPELINES}`);
  }
  return data;
}

/** Runs the dashboard once and returns the upstream calls it caused, from the emulator's counters. */
export async function countedDashboard(
  ctx: Context,
  url: string,
): Promise<{ calls: CallCounts; data: DashboardData }> {
  await ctx.admin.resetStats();
  const data = await dashboard(url);
  return { calls: await ctx.admin.stats(), data };
}

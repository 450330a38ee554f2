/** Upstream call counts as `/_emulator/stats` reports them. */
export interface CallCounts {
  total: number;
  calls: Record<string, number>;
}

/** The emulator's admin routes, over HTTP as any client would use them. */
export class EmulatorAdmin {
  constructor(private readonly baseUrl: string) {}

  private async request(path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json();
  }

  async stats(): Promise<CallCounts> {
    return (await this.request('/_emulator/stats')) as CallCounts;
  }

  async resetStats(): Promise<void> {
    await this.request('/_emulator/stats/reset', {});
  }

  /** Sets the latency of every API call; 0 clears all faults. */
  async setLatency(latencyMs: number): Promise<void> {
    await this.request('/_emulator/faults', latencyMs > 0 ? { latencyMs } : {});
  }
}

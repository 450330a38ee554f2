import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { round } from '../lib/stats';

/** The machine the bench ran on, memory included, for the results file: numbers mean little without it. */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    cores: cpus().length,
    cpu: model.trim(),
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: process.platform,
  };
}

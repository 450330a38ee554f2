import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** The machine the bench ran on, for the results file: numbers mean little without it. */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return { cores: cpus().length, cpu: model.trim(), node: process.version, platform: process.platform };
}

/**
 * The configuration keys the emulator reserves to script how an action or a
 * rule behaves. The engine reads them; validation checks their values so a
 * typo fails at CreatePipeline rather than silently mid-execution.
 */
export const EMULATOR_KEYS = ['EmulatorDurationMs', 'EmulatorOutcome', 'EmulatorFailureRate'] as const;

/** True when `key` is one of {@link EMULATOR_KEYS}: exempt from the action type's configuration schema. */
export function isEmulatorKey(key: string): boolean {
  return (EMULATOR_KEYS as readonly string[]).includes(key);
}

/**
 * The problem with the reserved keys of `configuration`, or undefined when
 * they are well formed (or absent). The caller raises it as the exception its
 * declaration level uses.
 */
export function emulatorKeyProblem(configuration: Record<string, string> | undefined): string | undefined {
  if (!configuration) return undefined;
  const duration = configuration.EmulatorDurationMs;
  if (duration !== undefined && !/^\d+$/.test(duration)) {
    return `EmulatorDurationMs must be a whole number of milliseconds, got '${duration}'`;
  }
  const outcome = configuration.EmulatorOutcome;
  if (outcome !== undefined && outcome !== 'Succeeded' && outcome !== 'Failed') {
    return `EmulatorOutcome must be Succeeded or Failed, got '${outcome}'`;
  }
  const rate = configuration.EmulatorFailureRate;
  if (rate !== undefined) {
    const n = /^\d+(\.\d+)?$/.test(rate) ? Number(rate) : NaN;
    if (!(n >= 0 && n <= 1)) return `EmulatorFailureRate must be a decimal from 0 to 1, got '${rate}'`;
  }
  return undefined;
}

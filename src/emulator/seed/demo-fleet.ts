import { type Emulator } from '../emulator';

/** Loads the demo fleet. (Skeleton.) */
export function seedDemoFleet(_emulator: Emulator): void {}

import { type Redis } from 'ioredis';
import { type CallChain } from '../lib/call-chain';
import { type EmulatorAdmin } from '../lib/emulator-admin';

/** What every part of the read bench shares: the emulator, its call chain, Redis, and prefixes to clean up. */
export interface Context {
  endpoint: string;
  admin: EmulatorAdmin;
  chain: CallChain;
  redis: Redis;
  prefixes: string[];
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { parseRole, parseScope, type Principal, type Role } from '../../schema/auth/principal';
import { ConfigError } from '../env';

/**
 * API keys: `Authorization: Bearer <key>`. Only SHA-256 digests are kept, from
 * the moment the configuration is parsed: a heap dump, a log line or a config
 * printout never holds a usable key. SHA-256 (not a slow password hash) is
 * right here because keys are long random strings, not guessable passwords;
 * the minimum length below enforces that.
 */

/** Raw keys shorter than this are refused at start-up: a short key could be guessed. */
export const MIN_KEY_LENGTH = 16;

/** One configured key, as its digest: the raw key is gone once this exists. */
export interface ApiKeyEntry {
  /** Lower-case hex SHA-256 of the key. */
  sha256: string;
  role: Role;
  pipelinePatterns: string[];
  /** Log-safe name, e.g. `ci-bot`; defaults to a prefix of the digest. */
  id: string;
}

/** The hex SHA-256 of a key, as stored and as compared. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

interface RawEntry {
  key?: unknown;
  sha256?: unknown;
  role?: unknown;
  pipelines?: unknown;
  id?: unknown;
}

function toEntry(raw: RawEntry, variable: string, where: string): ApiKeyEntry {
  let sha256: string;
  if (typeof raw.sha256 === 'string') {
    if (!/^[0-9a-fA-F]{64}$/.test(raw.sha256)) {
      throw new ConfigError(variable, `${where}: sha256 must be 64 hex digits`);
    }
    sha256 = raw.sha256.toLowerCase();
  } else if (typeof raw.key === 'string') {
    const prefixed = /^sha256:([0-9a-fA-F]{64})$/.exec(raw.key);
    if (prefixed?.[1]) sha256 = prefixed[1].toLowerCase();
    else if (raw.key.length < MIN_KEY_LENGTH) {
      throw new ConfigError(variable, `${where}: a key must be at least ${MIN_KEY_LENGTH} characters`);
    } else sha256 = hashApiKey(raw.key);
  } else {
    throw new ConfigError(variable, `${where}: needs a key (or its sha256)`);
  }
  const role = parseRole(raw.role);
  if (!role) throw new ConfigError(variable, `${where}: role must be viewer, operator or admin`);
  const patterns =
    raw.pipelines === undefined
      ? ['*']
      : typeof raw.pipelines === 'string'
        ? raw.pipelines.split(',')
        : raw.pipelines;
  if (
    !Array.isArray(patterns) ||
    patterns.length === 0 ||
    !patterns.every(
      (p): p is string =>
        typeof p === 'string' && /^[A-Za-z0-9.@\-_*?/]{1,130}$/.test(p) && parseScope(p) !== undefined,
    )
  ) {
    throw new ConfigError(
      variable,
      `${where}: pipelines must be globs of [A-Za-z0-9.@_*?-], bare or as account/region/glob`,
    );
  }
  if (raw.id !== undefined && (typeof raw.id !== 'string' || !/^[A-Za-z0-9.@\-_]{1,64}$/.test(raw.id))) {
    throw new ConfigError(variable, `${where}: id must be 1 to 64 characters of [A-Za-z0-9.@_-]`);
  }
  return { sha256, role, pipelinePatterns: patterns, id: raw.id ?? sha256.slice(0, 12) };
}

/** A line `<key> <role> [<pattern>,<pattern>...] [<id>]`; the key may be `sha256:<hex>`. */
function lineEntry(line: string, variable: string, where: string): ApiKeyEntry {
  const [key, role, pipelines, id, ...extra] = line.split(/\s+/);
  if (extra.length > 0) throw new ConfigError(variable, `${where}: expected <key> <role> [patterns] [id]`);
  return toEntry({ key, role, pipelines, id }, variable, where);
}

/**
 * Parses keys from JSON (an array of `{key | sha256, role, pipelines?, id?}`,
 * or `{keys: [...]}`) or from lines (`<key> <role> [patterns] [id]`, `#`
 * comments; in an environment variable `;` separates lines too). Throws a
 * ConfigError naming `variable` that never quotes a key.
 */
export function parseApiKeys(text: string, variable: string, lineSeparator: RegExp = /\n/): ApiKeyEntry[] {
  const trimmed = text.trim();
  let entries: ApiKeyEntry[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ConfigError(variable, 'is not valid JSON');
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown }).keys;
    if (!Array.isArray(list))
      throw new ConfigError(variable, 'must be a JSON array of keys or {"keys": [...]}');
    entries = list.map((raw: unknown, i) => {
      if (typeof raw !== 'object' || raw === null)
        throw new ConfigError(variable, `entry ${i + 1}: not an object`);
      return toEntry(raw as RawEntry, variable, `entry ${i + 1}`);
    });
  } else {
    entries = trimmed
      .split(lineSeparator)
      .map((line, i) => ({ line: line.trim(), where: `line ${i + 1}` }))
      .filter(({ line }) => line !== '' && !line.startsWith('#'))
      .map(({ line, where }) => lineEntry(line, variable, where));
  }
  const seen = new Set<string>();
  for (const [i, e] of entries.entries()) {
    if (seen.has(e.sha256)) throw new ConfigError(variable, `entry ${i + 1}: the same key is listed twice`);
    seen.add(e.sha256);
  }
  return entries;
}

interface StoredKey {
  readonly digest: Buffer;
  readonly principal: Principal;
}

/**
 * The configured keys, by digest. A lookup hashes the presented key and
 * compares it with every digest in constant time, with no early exit, so
 * neither a digest's bytes nor which entry matched shows in the timing.
 */
export class ApiKeyStore {
  private readonly keys: readonly StoredKey[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.keys = entries.map((e) => ({
      digest: Buffer.from(e.sha256, 'hex'),
      principal: { id: `apikey:${e.id}`, role: e.role, pipelinePatterns: [...e.pipelinePatterns] },
    }));
  }

  /** How many keys are configured. */
  get size(): number {
    return this.keys.length;
  }

  /** The stored digests (hex): all the store knows about the keys themselves. */
  digests(): string[] {
    return this.keys.map((k) => k.digest.toString('hex'));
  }

  /** The principal of a presented key, or undefined. */
  lookup(presented: string): Principal | undefined {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let found: Principal | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, digest)) found = key.principal;
    }
    return found;
  }
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore, hashApiKey, parseApiKeys } from '../../../src/server/auth/api-keys';
import { parseAuthConfig } from '../../../src/server/auth/auth-config';
import { createAuthenticator } from '../../../src/server/auth/authenticator';
import { ConfigError } from '../../../src/server/env';

const VIEWER_KEY = 'viewer-key-0123456789abcdef';
const OPERATOR_KEY = 'operator-key-0123456789abcdef';
const ADMIN_KEY = 'admin-key-0123456789abcdef';

/** Every string reachable from a value: what a heap dump of it would show. */
function stringsIn(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (Buffer.isBuffer(value))
    return [value.toString('utf8'), value.toString('hex'), value.toString('base64')];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  return Object.values(value as Record<string, unknown>).flatMap((v) => stringsIn(v, seen));
}

describe('parsing API keys', () => {
  it('reads lines of key, role, patterns and id, skipping comments and blank lines', () => {
    const entries = parseApiKeys(
      `# team keys\n${VIEWER_KEY} viewer team-a-*,shared dash\n\n${ADMIN_KEY} admin\n`,
      'API_KEYS_FILE',
    );
    expect(entries).toEqual([
      {
        sha256: hashApiKey(VIEWER_KEY),
        role: 'viewer',
        pipelinePatterns: ['team-a-*', 'shared'],
        id: 'dash',
      },
      {
        sha256: hashApiKey(ADMIN_KEY),
        role: 'admin',
        pipelinePatterns: ['*'],
        id: hashApiKey(ADMIN_KEY).slice(0, 12),
      },
    ]);
  });

  it('reads JSON, with raw keys or with their SHA-256 so the file need not hold a key at all', () => {
    const entries = parseApiKeys(
      JSON.stringify({
        keys: [
          { key: OPERATOR_KEY, role: 'operator', pipelines: ['team-a-*'], id: 'ci' },
          { sha256: hashApiKey(ADMIN_KEY).toUpperCase(), role: 'admin' },
        ],
      }),
      'API_KEYS_FILE',
    );
    expect(entries.map((e) => [e.sha256, e.role, e.id])).toEqual([
      [hashApiKey(OPERATOR_KEY), 'operator', 'ci'],
      [hashApiKey(ADMIN_KEY), 'admin', hashApiKey(ADMIN_KEY).slice(0, 12)],
    ]);
  });

  it.each([
    ['an unknown role', `${VIEWER_KEY} superuser`, /line 1: role must be viewer, operator or admin/],
    ['a short key', 'short viewer', /line 1: a key must be at least 16 characters/],
    ['a bad pattern', `${VIEWER_KEY} viewer team/a`, /line 1: pipelines must be globs/],
    ['a duplicate key', `${VIEWER_KEY} viewer\n${VIEWER_KEY} admin`, /entry 2: the same key is listed twice/],
    ['broken JSON', '[{"key": ', /is not valid JSON/],
    ['a bad digest', '[{"sha256": "abc", "role": "admin"}]', /entry 1: sha256 must be 64 hex digits/],
  ])(
    'refuses %s with a ConfigError naming the variable and never quoting the key',
    (_what, text, message) => {
      let error: unknown;
      try {
        parseApiKeys(text, 'API_KEYS_FILE');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('API_KEYS_FILE');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(VIEWER_KEY);
    },
  );
});

describe('the API key store', () => {
  const entries = parseApiKeys(
    `${VIEWER_KEY} viewer team-a-* dash\n${OPERATOR_KEY} operator team-a-* ci\n${ADMIN_KEY} admin * root`,
    'API_KEYS',
  );

  it('holds only SHA-256 digests: no raw key is reachable from it or from the parsed config', () => {
    const store = new ApiKeyStore(entries);
    const config = parseAuthConfig({ API_KEYS: `${VIEWER_KEY} viewer; ${ADMIN_KEY} admin` }, true);
    const held = [...stringsIn(store), ...stringsIn(config)];
    for (const key of [VIEWER_KEY, OPERATOR_KEY, ADMIN_KEY]) {
      expect(held.some((s) => s.includes(key))).toBe(false);
    }
    expect(store.digests()).toEqual([VIEWER_KEY, OPERATOR_KEY, ADMIN_KEY].map(hashApiKey));
    expect(store.size).toBe(3);
  });

  it('finds the principal of each key, and none for a wrong or truncated one', () => {
    const store = new ApiKeyStore(entries);
    expect(store.lookup(VIEWER_KEY)).toEqual({
      id: 'apikey:dash',
      role: 'viewer',
      pipelinePatterns: ['team-a-*'],
    });
    expect(store.lookup(OPERATOR_KEY)?.role).toBe('operator');
    expect(store.lookup(ADMIN_KEY)?.id).toBe('apikey:root');
    expect(store.lookup(ADMIN_KEY.slice(0, -1))).toBeUndefined();
    expect(store.lookup('')).toBeUndefined();
  });

  it('compares in constant time with every stored digest, with no early exit on a match', () => {
    const store = new ApiKeyStore(entries);
    // The module object itself (not an import wrapper), as api-keys.ts calls it.
    const compare = jest.spyOn(
      jest.requireActual<typeof import('node:crypto')>('node:crypto'),
      'timingSafeEqual',
    );
    try {
      store.lookup(VIEWER_KEY); // matches the first entry
      expect(compare).toHaveBeenCalledTimes(3);
      compare.mockClear();
      store.lookup('no-such-key-0123456789');
      expect(compare).toHaveBeenCalledTimes(3);
      // Digests, never the presented key, reach the comparison.
      for (const [a, b] of compare.mock.calls) {
        expect((a as Buffer).length).toBe(32);
        expect((b as Buffer).length).toBe(32);
      }
    } finally {
      compare.mockRestore();
    }
  });
});

describe('authenticating with API keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads keys from API_KEYS_FILE and API_KEYS together and authenticates bearer headers and WS params', async () => {
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify([{ key: OPERATOR_KEY, role: 'operator', pipelines: 'team-a-*' }]));
    const auth = createAuthenticator(
      parseAuthConfig({ API_KEYS_FILE: file, API_KEYS: `${VIEWER_KEY} viewer` }, false),
    );
    expect(auth.mode).toBe('api-key');
    expect(await auth.authenticate(`Bearer ${OPERATOR_KEY}`)).toMatchObject({
      ok: true,
      principal: { role: 'operator', pipelinePatterns: ['team-a-*'] },
    });
    expect(await auth.authenticate({ Authorization: `Bearer ${VIEWER_KEY}` })).toMatchObject({
      ok: true,
      principal: { role: 'viewer' },
    });
    expect(await auth.authenticate({ headers: { authorization: `bearer ${VIEWER_KEY}` } })).toMatchObject({
      ok: true,
    });
    expect(await auth.authenticate({ token: VIEWER_KEY })).toMatchObject({ ok: true });
  });

  it.each([
    ['no header', undefined, 'missing'],
    ['an empty header', '', 'missing'],
    ['another scheme', `Basic ${VIEWER_KEY}`, 'missing'],
    ['a wrong key', 'Bearer wrong-key-0123456789abcdef', 'invalid'],
    ['an oversized credential', `Bearer ${'k'.repeat(10_000)}`, 'invalid'],
  ])('refuses %s', async (_what, header, reason) => {
    const auth = createAuthenticator(parseAuthConfig({ API_KEYS: `${VIEWER_KEY} viewer` }, false));
    const outcome = await auth.authenticate(header);
    expect(outcome).toMatchObject({ ok: false, reason });
    expect(JSON.stringify(outcome)).not.toContain(VIEWER_KEY);
  });

  it('names API_KEYS_FILE when the file cannot be read', () => {
    expect(() => parseAuthConfig({ API_KEYS_FILE: join(dir, 'missing.json') }, false)).toThrow(
      /API_KEYS_FILE cannot be read \(ENOENT\): ".*missing\.json"/,
    );
  });
});

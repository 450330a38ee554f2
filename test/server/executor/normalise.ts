const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX = /\b[0-9a-f]{32,}\b/gi;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;

function normaliseString(value: string): unknown {
  // Global IDs and cursors are base64url JSON: compare what they hold, with its volatile parts masked.
  if (/^[A-Za-z0-9_-]{16,}$/.test(value)) {
    try {
      const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
      if (typeof decoded === 'object' && decoded !== null) return { base64json: normalise(decoded) };
    } catch {
      // Not base64 JSON: an ordinary string.
    }
  }
  return value.replace(UUID, '<uuid>').replace(HEX, '<hex>').replace(ISO_TIME, '<time>');
}

/**
 * A response with what differs between two emulators seeded alike masked:
 * generated IDs, commit SHAs, tokens and wall-clock times (the twins start a
 * few milliseconds apart), and stack traces. Everything else must be equal.
 */
export function normalise(value: unknown): unknown {
  if (typeof value === 'string') return normaliseString(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object' && value !== null) {
    // Stack traces (shown outside production) name the executor's own frames.
    const entries = Object.entries(value).filter(([k]) => k !== 'stacktrace');
    return Object.fromEntries(entries.map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

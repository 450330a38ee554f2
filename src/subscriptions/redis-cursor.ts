/**
 * Event cursors of the Redis bus: the stream entry id of an event, wrapped
 * with the target and pipeline it belongs to, so a cursor handed back by a
 * client can be checked before it reaches Redis (a cursor of another pipeline
 * would otherwise replay the wrong log from a meaningless position).
 *
 * Format: base64url of the JSON array `["r1", targetKey, pipelineName, entryId]`.
 * Clients must treat it as opaque; the version tag lets the format change.
 */

const VERSION = 'r1';
const MAX_ID_PART = 2n ** 64n - 1n;
const ENTRY_ID = /^(\d{1,20})-(\d{1,20})$/;

/** A cursor that is not one of ours or not of the pipeline asked about. Maps to BAD_USER_INPUT. */
export class InvalidCursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

/** What a cursor points at. */
export interface DecodedCursor {
  targetKey: string;
  pipelineName: string;
  /** The Redis stream entry id, `<ms>-<seq>`. */
  entryId: string;
}

/** The opaque cursor of one stream entry. */
export function encodeEventCursor(targetKey: string, pipelineName: string, entryId: string): string {
  return Buffer.from(JSON.stringify([VERSION, targetKey, pipelineName, entryId]), 'utf8').toString(
    'base64url',
  );
}

/**
 * Reads a cursor, throwing {@link InvalidCursorError} when it is malformed or,
 * if `expected` is given, when it belongs to another target or pipeline.
 */
export function decodeEventCursor(
  cursor: string,
  expected?: { targetKey: string; pipelineName: string },
): DecodedCursor {
  const decoded = parse(cursor);
  if (!decoded) throw new InvalidCursorError('Malformed event cursor: it was not issued by this gateway.');
  if (
    expected &&
    (decoded.targetKey !== expected.targetKey || decoded.pipelineName !== expected.pipelineName)
  ) {
    throw new InvalidCursorError(
      `Foreign event cursor: it belongs to another pipeline or target than ${expected.pipelineName}.`,
    );
  }
  return decoded;
}

/** Orders two stream entry ids (negative, zero or positive), as Redis orders them. */
export function compareEntryIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split('-').map(BigInt);
  const [bm = 0n, bs = 0n] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

function parse(cursor: string): DecodedCursor | undefined {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 2048) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 4 || !value.every((v) => typeof v === 'string')) {
    return undefined;
  }
  const [version, targetKey, pipelineName, entryId] = value as string[];
  if (version !== VERSION || !targetKey || !pipelineName || !entryId || !isEntryId(entryId)) return undefined;
  return { targetKey, pipelineName, entryId };
}

function isEntryId(id: string): boolean {
  const m = ENTRY_ID.exec(id);
  return !!m && BigInt(m[1] ?? '') <= MAX_ID_PART && BigInt(m[2] ?? '') <= MAX_ID_PART;
}

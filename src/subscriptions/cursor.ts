import { compareEntryIds, decodeEventCursor } from './redis-cursor';

/**
 * Event cursors. Every bus's cursor names one event of one pipeline's log;
 * a {@link CursorCodec} reads it for the live event source (which pipeline
 * to replay for `after`, and how to order events to drop duplicates).
 *
 * The memory bus's cursors are `<pipelineName>:<position>`. The position is the bus's own (a sequence
 * number in memory, a stream id such as `1700000000000-3` in Redis); what
 * both share is that positions of one pipeline compare as dot- or
 * dash-separated unsigned integers, oldest first.
 *
 * Carrying the pipeline in the cursor is what makes `after` work for a
 * subscriber of many pipelines: it resumes the pipeline its last event came
 * from. Pipeline names never contain `:` (AWS allows `[A-Za-z0-9.@_-]`), so
 * the last `:` splits a cursor unambiguously.
 */

/** A cursor taken apart. */
export interface ParsedCursor {
  pipelineName: string;
  position: string;
}

const POSITION = /^\d+(?:[-.]\d+)*$/;

/** The cursor of the event at `position` in `pipelineName`'s log. */
export function formatCursor(pipelineName: string, position: string | number): string {
  return `${pipelineName}:${position}`;
}

/** Takes a cursor apart; `undefined` when it is not one (a client's typo, a forged value). */
export function parseCursor(cursor: string): ParsedCursor | undefined {
  const at = cursor.lastIndexOf(':');
  if (at <= 0) return undefined;
  const pipelineName = cursor.slice(0, at);
  const position = cursor.slice(at + 1);
  if (!POSITION.test(position)) return undefined;
  return { pipelineName, position };
}

/** Orders two positions of one pipeline: negative when `a` came first, 0 when equal. */
export function comparePositions(a: string, b: string): number {
  const pa = a.split(/[-.]/);
  const pb = b.split(/[-.]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    // Compare as unsigned integers of any length: longer (without leading zeros) is larger.
    const nx = x.replace(/^0+(?=\d)/, '');
    const ny = y.replace(/^0+(?=\d)/, '');
    if (nx.length !== ny.length) return nx.length - ny.length;
    if (nx !== ny) return nx < ny ? -1 : 1;
  }
  return 0;
}

/** A cursor as a subscriber needs it: whose log it points into, and where. */
export interface CursorParts {
  pipelineName: string;
  /** The target's key, when the format carries one (the Redis bus's does). */
  targetKey?: string;
  position: string;
}

/**
 * How a bus's cursors read: each bus has its own format, and the live event
 * source must find the pipeline of `after` and order events to drop
 * duplicates without knowing which bus it talks to.
 */
export interface CursorCodec {
  /** The parts of a cursor; `undefined` when it is not a cursor of this bus. */
  parse(cursor: string): CursorParts | undefined;
  /** Orders two positions of one pipeline's log. */
  comparePositions(a: string, b: string): number;
}

/** The codec of {@link formatCursor} cursors (the memory bus). */
export const memoryCursorCodec: CursorCodec = { parse: parseCursor, comparePositions };

/** The codec of the Redis bus's opaque cursors. */
export const redisCursorCodec: CursorCodec = {
  parse(cursor) {
    try {
      const d = decodeEventCursor(cursor);
      return { pipelineName: d.pipelineName, targetKey: d.targetKey, position: d.entryId };
    } catch {
      return undefined;
    }
  },
  comparePositions: compareEntryIds,
};

import { readFileSync } from 'node:fs';
import { documentHash, parseManifest, type TrustedOperation } from './manifest';

/** A GraphQL request as the document gate sees it (an HTTP body or query string, or a graphql-ws payload). */
export interface DocumentRequest {
  query?: unknown;
  /** GraphQL over HTTP's id of a persisted document. */
  documentId?: unknown;
  extensions?: unknown;
}

/** What to do with a request's document. */
export type DocumentDecision =
  /** Run it as sent: no trusted documents, or an id they do not know while unlisted documents are allowed. */
  | { kind: 'as-sent' }
  /** Run this trusted operation's text instead of whatever the request carried. */
  | { kind: 'trusted'; operation: TrustedOperation }
  /** Refuse it with `ErrorCode.PERSISTED_QUERY_NOT_LISTED`. */
  | { kind: 'refused'; message: string };

/** The id a request names: `documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`. */
export function requestedId(request: DocumentRequest): string | undefined {
  if (typeof request.documentId === 'string' && request.documentId !== '') {
    // GraphQL over HTTP ids may carry a scheme prefix (`sha256:<hex>`); the manifest's are bare.
    return request.documentId.replace(/^sha256:/, '');
  }
  const persisted = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/**
 * The trusted documents (`TRUSTED_DOCUMENTS_FILE`, an Apollo persisted-query
 * manifest) and the rule applied to each request: a listed id runs its
 * listed text; with `TRUSTED_DOCUMENTS_ONLY`, nothing else runs, so a
 * production gateway executes only the operations its clients shipped.
 */
export class TrustedDocuments {
  private readonly byId = new Map<string, TrustedOperation>();

  constructor(
    operations: readonly TrustedOperation[],
    /** Refuse every document that is not listed. */
    readonly only: boolean,
  ) {
    for (const operation of operations) {
      this.byId.set(operation.id, operation);
      // The same text sent in full, or by its hash, is the same trusted document.
      this.byId.set(documentHash(operation.body), operation);
    }
  }

  /** Loads a manifest file; throws a message naming what is wrong (the config names the variable). */
  static fromFile(path: string, only: boolean): TrustedDocuments {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return new TrustedDocuments(parseManifest(text).operations, only);
  }

  /** How many operations are trusted. */
  get size(): number {
    return new Set(this.byId.values()).size;
  }

  decide(request: DocumentRequest): DocumentDecision {
    const id = requestedId(request);
    if (id !== undefined) {
      const operation = this.byId.get(id);
      if (operation) return { kind: 'trusted', operation };
      return this.only
        ? {
            kind: 'refused',
            message: `The document ${id.slice(0, 80)} is not in this gateway's trusted documents.`,
          }
        : { kind: 'as-sent' };
    }
    if (!this.only) return { kind: 'as-sent' };
    if (typeof request.query === 'string' && request.query !== '') {
      const operation = this.byId.get(documentHash(request.query));
      if (operation) return { kind: 'trusted', operation };
    }
    return {
      kind: 'refused',
      message:
        'This gateway runs trusted documents only: send a listed documentId or extensions.persistedQuery.sha256Hash.',
    };
  }
}

import { type Client, createClient } from 'graphql-ws';
import { authHeaders } from './session';

/** A GraphQL error as the page shows it: the gateway's message and its `extensions.code`. */
export class GraphQLFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * One of the dashboard's operations (web/dashboard/operations/*.graphql), as
 * its persisted-query manifest lists it: `id` is the SHA-256 of `body`.
 */
export interface Operation {
  name: string;
  id: string;
  body: string;
}

/**
 * A request for an operation: its id, which a gateway with the dashboard's
 * manifest as TRUSTED_DOCUMENTS_FILE (even TRUSTED_DOCUMENTS_ONLY) runs, and
 * its text, which any other gateway runs (Apollo checks it against the hash).
 */
function request(operation: Operation, variables?: Record<string, unknown>) {
  return {
    query: operation.body,
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } },
  };
}

interface GqlError {
  message: string;
  extensions?: { code?: string };
}

/** Runs a query or mutation over POST /graphql; the first error becomes a {@link GraphQLFailure}. */
export async function gql<T>(operation: Operation, variables?: Record<string, unknown>): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders() },
      body: JSON.stringify(request(operation, variables)),
    });
  } catch {
    throw new GraphQLFailure('The gateway cannot be reached', 'NETWORK', 0);
  }
  let body: { data?: T; errors?: GqlError[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new GraphQLFailure(`The gateway answered ${res.status} without JSON`, 'BAD_RESPONSE', res.status);
  }
  const first = body.errors?.[0];
  if (first) throw new GraphQLFailure(first.message, first.extensions?.code ?? 'ERROR', res.status);
  if (body.data === undefined)
    throw new GraphQLFailure('The gateway sent no data', 'BAD_RESPONSE', res.status);
  return body.data;
}

let client: Client | undefined;
const reconnectListeners = new Set<() => void>();

/**
 * The page's one graphql-ws connection, on the same path as queries. It
 * reconnects by itself; after a reconnection the views reload what they
 * show, since events may have been missed meanwhile.
 */
export function liveClient(): Client {
  if (!client) {
    let connectedBefore = false;
    client = createClient({
      url: new URL('/graphql', location.href).toString().replace(/^http/, 'ws'),
      connectionParams: () => authHeaders(),
      retryAttempts: Number.MAX_SAFE_INTEGER,
      shouldRetry: () => true,
      on: {
        connected: () => {
          if (connectedBefore) reconnectListeners.forEach((listener) => listener());
          connectedBefore = true;
        },
      },
    });
  }
  return client;
}

/** Calls `listener` whenever the live connection comes back after a drop. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/** Closes the live connection, e.g. when the credential changes. */
export function resetLiveClient(): void {
  client?.dispose();
  client = undefined;
}

/** Subscribes over graphql-ws; returns the unsubscribe. */
export function subscribe<T>(
  operation: Operation,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
  onError?: (failure: GraphQLFailure) => void,
): () => void {
  return liveClient().subscribe<T>(request(operation, variables), {
    next: (result) => {
      const first = result.errors?.[0];
      if (first) onError?.(new GraphQLFailure(first.message, String(first.extensions?.code ?? 'ERROR'), 0));
      else if (result.data) onData(result.data as T);
    },
    error: (err) =>
      onError?.(new GraphQLFailure(err instanceof Error ? err.message : 'Live updates stopped', 'LIVE', 0)),
    complete: () => undefined,
  });
}

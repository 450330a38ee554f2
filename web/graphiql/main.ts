/**
 * GraphiQL as the gateway serves it: bundled from the `graphiql` package, its Monaco workers loaded from this
 * origin, queries over POST to /graphql and subscriptions over graphql-ws on the same path. Nothing reaches
 * another host, and there is no telemetry.
 */
import 'graphiql/style.css';
import './page.css';
import { type Fetcher, type FetcherOpts, type FetcherParams } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createClient, type Client } from 'graphql-ws';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { CREDENTIAL_KEY } from '../dashboard/session-key';

const WORKERS: Record<string, string> = { json: 'json.worker.js', graphql: 'graphql.worker.js' };

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    return new Worker(`/assets/graphiql/${WORKERS[label] ?? 'editor.worker.js'}`);
  },
};

const httpUrl = new URL('/graphql', location.href).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');

/** One graphql-ws client per set of headers: they travel as the `connection_init` payload. */
const clients = new Map<string, Client>();
function wsClient(headers: Record<string, unknown>): Client {
  const key = JSON.stringify(headers);
  let client = clients.get(key);
  if (!client) {
    client = createClient({ url: wsUrl, connectionParams: headers, lazy: true });
    clients.set(key, client);
  }
  return client;
}

function isSubscription(params: FetcherParams): boolean {
  const source = params.query.replace(/#[^\n]*/g, '');
  if (params.operationName) {
    return new RegExp(`subscription\\s+${params.operationName}\\b`).test(source);
  }
  return /^\s*subscription\b/.test(source);
}

const fetcher: Fetcher = (params: FetcherParams, opts?: FetcherOpts) => {
  const headers = (opts?.headers ?? {}) as Record<string, string>;
  if (isSubscription(params)) {
    // graphql-ws yields formatted results, which is what GraphiQL renders.
    return wsClient(headers).iterate({
      query: params.query,
      variables: params.variables ?? undefined,
      operationName: params.operationName ?? undefined,
    }) as ReturnType<Fetcher>;
  }
  return fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(params),
  }).then((res) => res.json());
};

const credential = sessionStorage.getItem(CREDENTIAL_KEY);
const defaultHeaders = credential
  ? JSON.stringify({ Authorization: `Bearer ${credential}` }, null, 2)
  : '{\n  "Authorization": "Bearer <API key or JWT>"\n}';

const root = document.getElementById('graphiql');
if (root) {
  root.textContent = '';
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher,
      defaultHeaders,
      shouldPersistHeaders: false,
      defaultQuery: '{\n  gateway {\n    version\n  }\n}\n',
    }),
  );
}

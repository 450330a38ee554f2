import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Emulator, type EmulatorOptions } from './emulator';
import { AwsError } from './core/errors';
import { newRequestId, readBody, sendJson } from './core/protocol';
import { handleAdmin } from './http/admin-route';
import { handleCodePipeline } from './http/codepipeline-route';
import { handleSts, isStsRequest } from './http/sts-route';
import { worldOfRequest } from './http/world-of-request';
import { sigV4Scope } from './sts/sigv4';
import { seedDemoEstate } from './seed/demo-estate';
import { type EmulatorEventsOptions } from './events/delivery';
import { EventPublisher } from './events/publisher';

/** Where and how to serve an emulator. */
export interface EmulatorServerOptions extends Partial<EmulatorOptions> {
  port?: number;
  host?: string;
  /**
   * `demo` loads the running demo estate (the demo fleet in the default world,
   * plus a small second region and a small second account); `none` starts empty.
   */
  seed?: 'demo' | 'none';
  /**
   * Send every execution, stage and action state change as CodePipeline's
   * EventBridge event to `events.url`, with `x-api-key: events.apiKey`, as an
   * API destination would (`EMULATOR_EVENTS_URL`, `EMULATOR_EVENTS_API_KEY`).
   * Event faults (`eventLossRate`, `eventDuplicateRate`, `eventDelayMs`,
   * `eventReorder`) are set with `POST /_emulator/faults`. Off when absent.
   */
  events?: EmulatorEventsOptions;
}

/** A running emulator server. */
export interface RunningEmulator {
  emulator: Emulator;
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:4599`, to use as the SDK's `endpoint` (CodePipeline and STS alike). */
  url: string;
  close(): Promise<void>;
}

/** Routes one request: admin routes, STS (Query protocol) or CodePipeline (JSON 1.1). */
async function route(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const body = await readBody(req);
  if (path.startsWith('/_emulator/')) return handleAdmin(emulator, req, res, path, body);
  const scope = sigV4Scope(req);
  if (isStsRequest(req, scope)) return handleSts(emulator, scope, req, res, body);
  return handleCodePipeline(emulator, worldOfRequest(emulator, scope), req, res, body);
}

/**
 * Starts an emulator on HTTP. Port 0 picks a free port. CodePipeline and STS
 * answer on the same port; each signed request acts in the world of its
 * account (from the access key) and region (from the SigV4 credential scope).
 */
export async function startEmulatorServer(options: EmulatorServerOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', seed = 'none', events, ...emulatorOptions } = options;
  const emulator = new Emulator(emulatorOptions);
  if (seed === 'demo') seedDemoEstate(emulator);
  // Attached after the seed, so its hour of history counts as already sent.
  if (events) emulator.events = new EventPublisher(emulator, events);
  const server = createServer((req, res) => {
    route(emulator, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        const status = err instanceof AwsError ? err.status : 500;
        sendJson(res, status, newRequestId(), { message: err instanceof Error ? err.message : 'error' });
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    emulator,
    server,
    url,
    close: async () => {
      emulator.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

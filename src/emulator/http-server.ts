import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Emulator, type EmulatorOptions } from './emulator';
import { AwsError } from './core/errors';
import { parseFaultConfig } from './core/faults';
import { newRequestId, parseJsonBody, readBody, sendError, sendJson, TARGET_PREFIX } from './core/protocol';
import { seedDemoFleet } from './seed/demo-fleet';

/** Where and how to serve an emulator. */
export interface EmulatorServerOptions extends Partial<EmulatorOptions> {
  port?: number;
  host?: string;
  /** `demo` loads the running demo fleet; `none` starts empty. */
  seed?: 'demo' | 'none';
}

/** A running emulator server. */
export interface RunningEmulator {
  emulator: Emulator;
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:4599`, to use as the SDK's `endpoint`. */
  url: string;
  close(): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handleAdmin(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const requestId = newRequestId();
  const route = `${req.method ?? 'GET'} ${path}`;
  const body = req.method === 'POST' ? parseJsonBody(await readBody(req)) : {};
  switch (route) {
    case 'GET /_emulator/stats':
      return sendJson(res, 200, requestId, emulator.stats.snapshot());
    case 'POST /_emulator/stats/reset':
      emulator.stats.reset();
      return sendJson(res, 200, requestId, emulator.stats.snapshot());
    case 'GET /_emulator/faults':
      return sendJson(res, 200, requestId, emulator.faults.current);
    case 'POST /_emulator/faults':
      try {
        emulator.faults.set(parseFaultConfig(body));
      } catch (err) {
        return sendJson(res, 400, requestId, { message: (err as Error).message });
      }
      return sendJson(res, 200, requestId, emulator.faults.current);
    case 'POST /_emulator/reset':
      emulator.reset();
      if (body.seed === 'demo') seedDemoFleet(emulator);
      return sendJson(res, 200, requestId, { ok: true });
    case 'GET /_emulator/clock':
      return sendJson(res, 200, requestId, { now: emulator.clock.now(), speed: emulator.clock.speed });
    case 'POST /_emulator/clock': {
      try {
        if (body.speed !== undefined) emulator.clock.setSpeed(Number(body.speed));
        if (body.advanceMs !== undefined) emulator.advance(Number(body.advanceMs));
        emulator.engine.tick();
      } catch (err) {
        return sendJson(res, 400, requestId, { message: (err as Error).message });
      }
      return sendJson(res, 200, requestId, { now: emulator.clock.now(), speed: emulator.clock.speed });
    }
    default:
      return sendJson(res, 404, requestId, { message: `No admin route ${route}` });
  }
}

async function handleApi(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  try {
    if (req.method !== 'POST') {
      throw new AwsError('UnknownOperationException', 'The API accepts only POST /');
    }
    const target = req.headers['x-amz-target'];
    if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
      throw new AwsError('UnknownOperationException', 'Missing or foreign x-amz-target header');
    }
    const operation = target.slice(TARGET_PREFIX.length);
    if (!emulator.hasOperation(operation)) {
      throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    }
    emulator.stats.record(operation);
    const body = await readBody(req);
    const verdict = emulator.faults.judge(operation);
    // A hanging call is left open; the client's timeout or the server's close ends it.
    if (verdict.kind === 'hang') return;
    if (verdict.delayMs > 0) await sleep(verdict.delayMs);
    if (verdict.kind === 'fail') {
      if (verdict.error.type === 'ThrottlingException') emulator.stats.recordThrottled(operation);
      throw verdict.error;
    }
    const result = emulator.invoke(operation, parseJsonBody(body), requestId);
    sendJson(res, 200, requestId, result);
  } catch (err) {
    if (err instanceof AwsError) return sendError(res, requestId, err);
    console.error(`[emulator] internal error in request ${requestId}:`, err);
    sendError(
      res,
      requestId,
      new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', 500),
    );
  }
}

/** Starts an emulator on HTTP. Port 0 picks a free port. */
export async function startEmulatorServer(options: EmulatorServerOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', seed = 'none', ...emulatorOptions } = options;
  const emulator = new Emulator(emulatorOptions);
  if (seed === 'demo') seedDemoFleet(emulator);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const work = path.startsWith('/_emulator/')
      ? handleAdmin(emulator, req, res, path)
      : handleApi(emulator, req, res);
    work.catch((err: unknown) => {
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

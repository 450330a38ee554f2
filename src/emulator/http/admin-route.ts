import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Emulator } from '../emulator';
import { parseFaultConfig } from '../core/faults';
import { newRequestId, parseJsonBody, sendJson } from '../core/protocol';
import { seedDemoEstate } from '../seed/demo-estate';
import { worldOfQuery } from './world-of-request';

/**
 * `GET /_emulator/stats`: with `?account=&region=` one world's counters, else
 * the total over all worlds with each world's counters under `worlds`, and
 * STS calls under `sts`.
 */
function statsOf(emulator: Emulator, req: IncomingMessage): unknown {
  const world = worldOfQuery(emulator, req);
  if (world)
    return {
      account: world.target.accountId,
      region: world.target.region,
      ...emulator.stats.snapshot(world.key),
    };
  const worlds: Record<string, unknown> = {};
  for (const key of emulator.stats.worlds()) worlds[key] = emulator.stats.snapshot(key);
  return {
    ...emulator.stats.snapshot(),
    worlds,
    sts: emulator.stsStats.snapshot().calls,
    events: emulator.events?.delivery.stats(),
  };
}

/** The worlds that exist, with how many pipelines and executions each holds. */
function worldsOf(emulator: Emulator): unknown {
  return {
    default: emulator.world().key,
    staticAccount: emulator.staticAccount,
    worlds: emulator.worlds().map((w) => ({
      account: w.target.accountId,
      region: w.target.region,
      pipelines: w.state.pipelines.size,
      executions: w.state.executions.size,
    })),
  };
}

/** Answers the emulator's own admin routes under `/_emulator/`. */
export async function handleAdmin(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: string,
): Promise<void> {
  const requestId = newRequestId();
  const route = `${req.method ?? 'GET'} ${path}`;
  const input = req.method === 'POST' ? parseJsonBody(body) : {};
  switch (route) {
    case 'GET /_emulator/stats':
      return sendJson(res, 200, requestId, statsOf(emulator, req));
    case 'POST /_emulator/stats/reset':
      emulator.stats.reset();
      emulator.stsStats.reset();
      return sendJson(res, 200, requestId, statsOf(emulator, req));
    case 'GET /_emulator/worlds':
      return sendJson(res, 200, requestId, worldsOf(emulator));
    case 'GET /_emulator/faults':
      return sendJson(res, 200, requestId, emulator.faults.current);
    case 'POST /_emulator/faults':
      try {
        emulator.faults.set(parseFaultConfig(input));
      } catch (err) {
        return sendJson(res, 400, requestId, { message: (err as Error).message });
      }
      return sendJson(res, 200, requestId, emulator.faults.current);
    case 'POST /_emulator/reset':
      emulator.reset();
      if (input.seed === 'demo') emulator.quietly(() => seedDemoEstate(emulator));
      return sendJson(res, 200, requestId, { ok: true });
    case 'GET /_emulator/clock':
      return sendJson(res, 200, requestId, { now: emulator.clock.now(), speed: emulator.clock.speed });
    case 'POST /_emulator/clock': {
      try {
        if (input.speed !== undefined) emulator.clock.setSpeed(Number(input.speed));
        if (input.advanceMs !== undefined) emulator.advance(Number(input.advanceMs));
        emulator.tick();
      } catch (err) {
        return sendJson(res, 400, requestId, { message: (err as Error).message });
      }
      return sendJson(res, 200, requestId, { now: emulator.clock.now(), speed: emulator.clock.speed });
    }
    default:
      return sendJson(res, 404, requestId, { message: `No admin route ${route}` });
  }
}

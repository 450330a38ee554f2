import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Emulator } from '../emulator';
import { AwsError } from '../core/errors';
import { newRequestId, parseJsonBody, sendError, sendJson, TARGET_PREFIX } from '../core/protocol';
import { type World } from '../world/world';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Answers one CodePipeline call (AWS JSON 1.1, `x-amz-target`) in the world the request acts in. */
export async function handleCodePipeline(
  emulator: Emulator,
  world: World,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
): Promise<void> {
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
    emulator.stats.record(operation, world.key);
    const verdict = emulator.faults.judge(operation, world.key);
    // A hanging call is left open; the client's timeout or the server's close ends it.
    if (verdict.kind === 'hang') return;
    if (verdict.delayMs > 0) await sleep(verdict.delayMs);
    if (verdict.kind === 'fail') {
      if (verdict.error.type === 'ThrottlingException') emulator.stats.recordThrottled(operation, world.key);
      throw verdict.error;
    }
    const result = world.invoke(operation, parseJsonBody(body), requestId);
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

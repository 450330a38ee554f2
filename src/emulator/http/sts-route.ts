import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Emulator } from '../emulator';
import { newRequestId } from '../core/protocol';
import { queryParameters, sendStsError, sendStsResult, StsError } from '../sts/query-protocol';
import { type SigV4Scope } from '../sts/sigv4';
import { answerSts } from '../sts/sts';

/**
 * True when a request is for STS rather than CodePipeline: no `x-amz-target`
 * (CodePipeline's JSON 1.1 always sends one), and either a SigV4 scope for
 * the `sts` service, a form body, or a query string naming an `Action`.
 */
export function isStsRequest(req: IncomingMessage, scope: SigV4Scope | undefined): boolean {
  if (req.headers['x-amz-target'] !== undefined) return false;
  if (scope?.service === 'sts') return true;
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return true;
  return new URL(req.url ?? '/', 'http://emulator').searchParams.has('Action');
}

/** Answers one STS Query protocol request with XML, as the SDK parses it. */
export function handleSts(
  emulator: Emulator,
  scope: SigV4Scope | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
): void {
  const requestId = newRequestId();
  try {
    const answer = answerSts(queryParameters(body, req.url), scope?.accessKeyId, emulator.identities);
    emulator.stsStats.record(answer.action);
    sendStsResult(res, requestId, answer.action, answer.result);
  } catch (err) {
    if (err instanceof StsError) return sendStsError(res, requestId, err);
    console.error(`[emulator] internal STS error in request ${requestId}:`, err);
    sendStsError(
      res,
      requestId,
      new StsError('InternalFailure', 'An internal error occurred.', 500, 'Receiver'),
    );
  }
}

import { type IncomingMessage } from 'node:http';

/** What the emulator reads from a SigV4 signature: who signed, and for which region and service. */
export interface SigV4Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/**
 * The credential scope of a request signed with SigV4, from its
 * `Authorization` header (`AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/codepipeline/aws4_request, ...`)
 * or from a presigned URL's `X-Amz-Credential`. Undefined when the request is
 * not signed. The signature itself is not checked: the emulator trusts its callers.
 */
export function sigV4Scope(req: IncomingMessage): SigV4Scope | undefined {
  const header = req.headers.authorization;
  let match = typeof header === 'string' ? CREDENTIAL.exec(header) : null;
  if (!match) {
    const query = new URL(req.url ?? '/', 'http://emulator').searchParams.get('X-Amz-Credential');
    match = query ? CREDENTIAL.exec(`Credential=${query}`) : null;
  }
  if (!match) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = ''] = match;
  return { accessKeyId, date, region, service };
}

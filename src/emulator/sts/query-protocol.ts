import { type ServerResponse } from 'node:http';

/** The STS XML namespace, on every answer. */
const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An STS error, answered as the Query protocol's `ErrorResponse`. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

/** Escapes text for an XML element. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An XML element tree: a string is text, an object is child elements in order. */
export type XmlNode = string | { [name: string]: XmlNode };

function render(node: XmlNode): string {
  if (typeof node === 'string') return xmlText(node);
  return Object.entries(node)
    .map(([name, child]) => `<${name}>${render(child)}</${name}>`)
    .join('');
}

function send(res: ServerResponse, status: number, requestId: string, xml: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

/** Writes `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>...` as STS does. */
export function sendStsResult(res: ServerResponse, requestId: string, action: string, result: XmlNode): void {
  send(
    res,
    200,
    requestId,
    `<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${render(result)}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

/** Writes an STS error exactly as the SDK's Query protocol deserializer reads it. */
export function sendStsError(res: ServerResponse, requestId: string, err: StsError): void {
  send(
    res,
    err.status,
    requestId,
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${err.type}</Type><Code>${xmlText(err.code)}</Code>` +
      `<Message>${xmlText(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

/** The parameters of a Query protocol request: the form body, or the URL's query on a GET. */
export function queryParameters(body: string, url: string | undefined): URLSearchParams {
  const params = new URLSearchParams(new URL(url ?? '/', 'http://emulator').search);
  for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  return params;
}

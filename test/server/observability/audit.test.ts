import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { createClient } from 'graphql-ws';
import { exportJWK, generateKeyPair, type KeyLike, SignJWT } from 'jose';
import WebSocket from 'ws';
import { parseConfig } from '../../../src/server/config';
import { type RunningGateway, startGateway } from '../../../src/server/gateway';
import { createLogger } from '../../../src/server/observability/logger';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';

/**
 * The audit trail (AUDIT_LOG=file:<path>) of a gateway authenticating JWTs
 * against a real JWKS: the audit line of a mutation made with a JWT, the
 * request log line that names its principal and operation, and the lines of
 * a refused WebSocket and of an accepted one with its subscription.
 */

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'codepipeline-gateway';
const START = `mutation Start($input: StartPipelineExecutionInput!) {
  startPipelineExecution(input: $input) { pipelineExecutionId }
}`;

type Line = Record<string, unknown>;

describe('the audit trail', () => {
  let jwks: Server;
  let emu: TestEmulator;
  let gateway: RunningGateway;
  let signingKey: KeyLike;
  let dir: string;
  let auditFile: string;
  const logLines: Line[] = [];

  const token = (sub: string, role: string, pipelines = ['payments-*']): Promise<string> =>
    new SignJWT({ role, pipelines })
      .setProtectedHeader({ alg: 'RS256', kid: 'main' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signingKey);

  const auditLines = (): Line[] =>
    readFileSync(auditFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Line);

  async function post(bearer: string, query: string, variables: Record<string, unknown>) {
    const res = await fetch(`http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  }

  async function eventually<T>(find: () => T | undefined, what: string): Promise<T> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no ${what} in time`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'main', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    emu = await startTestEmulator();
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline('payments-api') }));
    emu.advance(120_000);
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    auditFile = join(dir, 'audit.log');
    const config = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      CODEPIPELINE_ENDPOINT: emu.url,
      AWS_MAX_ATTEMPTS: '1',
      AUTH_MODE: 'jwt',
      JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      AUDIT_LOG: `file:${auditFile}`,
    });
    const logger = createLogger('info', {
      write: (line: string) => void logLines.push(JSON.parse(line) as Line),
    });
    gateway = await startGateway(config, { logger });
  });

  afterAll(async () => {
    await gateway?.close();
    await emu?.close();
    jwks?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes one audit line for a JWT's mutation: principal, operation, masked input, target, outcome, upstream request id", async () => {
    const answer = await post(await token('u-operator', 'operator'), START, {
      input: { name: 'payments-api', clientRequestToken: 'do-not-log-me-0123456789' },
    });
    expect(answer.errors).toBeUndefined();
    const mutations = auditLines().filter((l) => l.event === 'mutation');
    expect(mutations).toHaveLength(1);
    expect(mutations[0]).toMatchObject({
      msg: 'audit',
      level: 'info',
      principal: 'jwt:u-operator',
      operation: 'Start',
      field: 'startPipelineExecution',
      input: { input: { name: 'payments-api', clientRequestToken: '[redacted]' } },
      target: '123456789012:us-east-1',
      outcome: 'OK',
      reqId: expect.any(String),
    });
    expect(JSON.stringify(mutations)).not.toContain('do-not-log-me');
    const [write] = mutations[0]?.upstream as { operation: string; requestId: string | null }[];
    expect(write).toEqual({
      operation: 'StartPipelineExecution',
      requestId: expect.stringMatching(/\S{8,}/),
    });
    // The request log line of the same request names the principal and the operation.
    const requestLine = logLines.find((l) => l.msg === 'graphql request' && l.reqId === mutations[0]?.reqId);
    expect(requestLine).toMatchObject({
      principal: 'jwt:u-operator',
      operation: 'Start',
      operationType: 'mutation',
      fields: ['startPipelineExecution'],
    });
  });

  it('records a refused mutation with its outcome code, and an anonymous one by its field', async () => {
    const viewer = await token('u-viewer', 'viewer');
    const answer = await post(viewer, START.replace('mutation Start', 'mutation'), {
      input: { name: 'payments-api' },
    });
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const line = auditLines().find((l) => l.event === 'mutation' && l.principal === 'jwt:u-viewer');
    expect(line).toMatchObject({
      operation: null,
      field: 'startPipelineExecution',
      outcome: 'FORBIDDEN',
      upstream: [],
    });
    const requestLine = logLines.find((l) => l.msg === 'graphql request' && l.principal === 'jwt:u-viewer');
    expect(requestLine).toMatchObject({ operation: 'anonymous', fields: ['startPipelineExecution'] });
  });

  it('records a refused WebSocket with its close code, no principal, and the connection id its close line carries', async () => {
    const closed = await new Promise<number>((resolve) => {
      const client = createClient({
        url: gateway.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: 'Bearer not-a-jwt' },
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      client.subscribe(
        { query: '{ __typename }' },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
    });
    expect(closed).toBe(4401);
    const refused = await eventually(
      () => auditLines().find((l) => l.event === 'ws.connection.refused'),
      'refusal line',
    );
    expect(refused).toMatchObject({
      principal: null,
      code: 4401,
      reason: expect.any(String),
      connection: expect.any(String),
      msg: 'audit',
    });
    const close = await eventually(
      () =>
        auditLines().find((l) => l.event === 'ws.connection.closed' && l.connection === refused.connection),
      'close line',
    );
    expect(close).toMatchObject({ principal: null, code: 4401 });
  });

  it('records an accepted WebSocket, its subscription started and ended, and its close, with the principal and one connection id', async () => {
    const bearer = await token('u-watcher', 'viewer');
    const client = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${bearer}` },
    });
    const stop = client.subscribe(
      { query: 'subscription Watch { pipelineStateChanged(name: "payments-api") { name } }' },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    const mine = () => auditLines().filter((l) => l.principal === 'jwt:u-watcher');
    await eventually(() => mine().find((l) => l.event === 'subscription.started'), 'subscription start');
    stop();
    await eventually(() => mine().find((l) => l.event === 'subscription.ended'), 'subscription end');
    await client.dispose();
    await eventually(() => mine().find((l) => l.event === 'ws.connection.closed'), 'close line');
    expect(mine().map((l) => l.event)).toEqual([
      'ws.connection.opened',
      'subscription.started',
      'subscription.ended',
      'ws.connection.closed',
    ]);
    expect(mine().find((l) => l.event === 'subscription.started')).toMatchObject({
      operation: 'Watch',
      id: expect.any(String),
    });
    // One id pairs the four lines of this socket, and no other socket's.
    const connections = new Set(mine().map((l) => l.connection));
    expect(connections.size).toBe(1);
    const [connection] = [...connections];
    expect(connection).toEqual(expect.any(String));
    expect(auditLines().filter((l) => l.connection === connection)).toHaveLength(4);
  });
});

import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { createClient } from 'graphql-ws';
import { exportJWK, generateKeyPair, type JWTPayload, type KeyLike, SignJWT } from 'jose';
import WebSocket from 'ws';
import { parseAuthConfig } from '../../../src/server/auth/auth-config';
import { createAuthenticator } from '../../../src/server/auth/authenticator';
import { createJwtVerifier, type JwtConfig } from '../../../src/server/auth/jwt';
import { failureCodes } from '../../../src/server/auth/outcome';
import { simplePipeline } from '../../support/declarations';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { codeOf, gql } from './support';

/**
 * JWTs verified against a real JWKS, served by a tiny HTTP server on port 0
 * with a key pair made here: what a platform's identity provider would do.
 */

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'codepipeline-gateway';
const API_KEY = 'an-api-key-for-mixed-mode-0123456789';

let emu: TestEmulator;
let gateway: TestGateway;
let jwks: Server;
let jwksUrl: string;
let jwksRequests = 0;
let signingKey: KeyLike;
let strangerKey: KeyLike;

async function token(
  claims: JWTPayload,
  options: {
    key?: KeyLike;
    kid?: string;
    expiresIn?: string | number;
    issuer?: string;
    audience?: string;
  } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'main' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject(typeof claims.sub === 'string' ? claims.sub : 'alice')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(options.key ?? signingKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'main', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    jwksRequests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;

  emu = await startTestEmulator();
  for (const name of ['team-a-api', 'team-b-api']) {
    await emu.client.send(new CreatePipelineCommand({ pipeline: simplePipeline(name) }));
  }
  emu.advance(120_000);
  gateway = await startTestGateway(emu.url, {
    env: { AUTH_MODE: 'jwt', JWT_JWKS_URL: jwksUrl, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
  });
});

afterAll(async () => {
  await gateway.close();
  await emu.close();
  await new Promise<void>((resolve) => jwks.close(() => resolve()));
});

const NAMES = '{ pipelines { nodes { name } } }';
const START = `mutation Start($name: String!) { startPipelineExecution(input: { name: $name }) { pipelineExecutionId } }`;

describe('JWT authentication against a JWKS', () => {
  it('takes the role and the pipeline patterns from the token', async () => {
    const viewer = await token({ role: 'viewer', pipelines: ['team-a-*'] });
    const res = await gql<{ pipelines: { nodes: { name: string }[] } }>(gateway, viewer, NAMES);
    expect(res.errors).toBeUndefined();
    expect(res.data?.pipelines.nodes.map((n) => n.name)).toEqual(['team-a-api']);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('lets an operator token start a run in its scope and refuses one outside it', async () => {
    const operator = await token({ role: 'operator', pipelines: 'team-a-*' });
    const ok = await gql(gateway, operator, START, { name: 'team-a-api' });
    expect(ok.errors).toBeUndefined();
    const refused = await gql(gateway, operator, START, { name: 'team-b-api' });
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it.each([
    [
      'an expired token',
      () => token({ role: 'admin', pipelines: ['*'] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
      /expired/,
    ],
    [
      'a token for another audience',
      () => token({ role: 'admin', pipelines: ['*'] }, { audience: 'another-app' }),
      /aud/,
    ],
    [
      'a token from another issuer',
      () => token({ role: 'admin', pipelines: ['*'] }, { issuer: 'https://evil.test/' }),
      /iss/,
    ],
    [
      'a token signed by a key not in the JWKS',
      () => token({ role: 'admin', pipelines: ['*'] }, { key: strangerKey }),
      /not valid/,
    ],
    [
      'a token with an unknown key id',
      () => token({ role: 'admin', pipelines: ['*'] }, { key: strangerKey, kid: 'other' }),
      /not valid/,
    ],
    [
      'a token whose payload was changed after signing',
      async () => {
        const [header, , signature] = (await token({ role: 'viewer', pipelines: ['team-a-*'] })).split('.');
        const forged = Buffer.from(
          JSON.stringify({ role: 'admin', pipelines: ['*'], iss: ISSUER, aud: AUDIENCE }),
        ).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
      /not valid/,
    ],
    [
      'an unsigned token (alg none)',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
        const payload = Buffer.from(JSON.stringify({ role: 'admin', iss: ISSUER, aud: AUDIENCE })).toString(
          'base64url',
        );
        return `${header}.${payload}.`;
      },
      /not valid/,
    ],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_what, make, message) => {
    const res = await gql(gateway, await make(), NAMES);
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(res.data).toBeUndefined();
  });

  it('refuses a genuine token that carries no known role with 403 FORBIDDEN', async () => {
    const res = await gql(gateway, await token({ role: 'superuser', pipelines: ['*'] }), NAMES);
    expect(res.status).toBe(403);
    expect(codeOf(res)).toBe('FORBIDDEN');
  });

  it('gives a token without a pipelines claim no pipelines at all', async () => {
    const res = await gql<{ pipelines: { nodes: unknown[] } }>(
      gateway,
      await token({ role: 'admin' }),
      NAMES,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.pipelines.nodes).toEqual([]);
  });
});

describe('JWTs over graphql-ws', () => {
  function connect(credential: string) {
    let closeCode: number | undefined;
    const client = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { Authorization: `Bearer ${credential}` },
      on: { closed: (event) => (closeCode = (event as { code: number }).code) },
      onNonLazyError: () => undefined,
    });
    return { client, closeCode: () => closeCode };
  }

  it('accepts a valid token in connection_init and runs subscriptions in its scope', async () => {
    const { client } = connect(await token({ role: 'viewer', pipelines: ['team-a-*'] }));
    try {
      const first = await new Promise<unknown>((resolve, reject) => {
        const stop = client.subscribe(
          { query: 'subscription { pipelineStateChanged(name: "team-a-api") { name } }' },
          {
            next: (value) => {
              stop();
              resolve(value);
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      expect(first).toEqual({ data: { pipelineStateChanged: { name: 'team-a-api' } } });
    } finally {
      await client.dispose();
    }
  });

  it('closes the socket with 4403 for a genuine token without a known role', async () => {
    const { client, closeCode } = connect(await token({ role: 'nobody', pipelines: ['*'] }));
    try {
      await waitFor(() => closeCode() !== undefined);
      expect(closeCode()).toBe(4403);
    } finally {
      await client.dispose();
    }
  });

  it('closes the socket with 4401 for an expired token', async () => {
    const expired = await token({ role: 'admin' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const { client, closeCode } = connect(expired);
    try {
      await waitFor(() => closeCode() !== undefined);
      expect(closeCode()).toBe(4401);
    } finally {
      await client.dispose();
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the verifier on its own', () => {
  const config = (): JwtConfig => ({
    jwksUrl,
    issuer: ISSUER,
    audience: AUDIENCE,
    roleClaim: 'realm_access.roles',
    scopeClaim: 'scope_pipelines',
    clockToleranceSeconds: 0,
  });

  it('reads nested role claims, keeps the highest known role and splits a scope string', async () => {
    const verify = createJwtVerifier(config());
    const outcome = await verify(
      await token({
        sub: 'bob',
        realm_access: { roles: ['offline', 'viewer', 'operator'] },
        scope_pipelines: 'team-a-* shared',
      }),
    );
    expect(outcome).toEqual({
      ok: true,
      principal: { id: 'jwt:bob', role: 'operator', pipelinePatterns: ['team-a-*', 'shared'] },
    });
  });

  it('reports an unreachable JWKS as unavailable, answered with 503, not as a bad token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const verify = createJwtVerifier({ ...config(), jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
    expect(await verify(await token({ role: 'admin' }))).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(failureCodes('unavailable')).toEqual({ status: 503, code: 'UPSTREAM_UNAVAILABLE', close: 1013 });
  });

  it('accepts both API keys and JWTs in api-key+jwt mode', async () => {
    const auth = createAuthenticator(
      parseAuthConfig(
        {
          API_KEYS: `${API_KEY} viewer team-a-*`,
          JWT_JWKS_URL: jwksUrl,
          JWT_ISSUER: ISSUER,
          JWT_AUDIENCE: AUDIENCE,
        },
        true,
      ),
    );
    expect(auth.mode).toBe('api-key+jwt');
    expect(await auth.authenticate(`Bearer ${API_KEY}`)).toMatchObject({
      ok: true,
      principal: { role: 'viewer' },
    });
    expect(
      await auth.authenticate(`Bearer ${await token({ role: 'admin', pipelines: ['*'] })}`),
    ).toMatchObject({
      ok: true,
      principal: { role: 'admin', id: 'jwt:alice' },
    });
    expect(await auth.authenticate('Bearer a.b.c')).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

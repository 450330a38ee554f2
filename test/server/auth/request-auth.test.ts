import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { parseAuthConfig } from '../../../src/server/auth/auth-config';
import { createAuthenticator } from '../../../src/server/auth/authenticator';
import { RequestAuthenticator } from '../../../src/server/auth/request-auth';

const KEY = 'viewer-key-0123456789abcdef';

function request(): IncomingMessage {
  return new IncomingMessage(new Socket());
}

describe('authenticating once per request', () => {
  const real = createAuthenticator(parseAuthConfig({ API_KEYS: `${KEY} viewer` }, false));
  let calls = 0;
  const counted = {
    authenticate: (source: Parameters<typeof real.authenticate>[0]) => {
      calls += 1;
      return real.authenticate(source);
    },
  };

  beforeEach(() => {
    calls = 0;
  });

  it('verifies a credential once however often the same request asks', async () => {
    const auth = new RequestAuthenticator(counted);
    const req = request();
    const first = await auth.authenticate(req, `Bearer ${KEY}`);
    const second = await auth.authenticate(req, `Bearer ${KEY}`);
    expect(first).toMatchObject({ ok: true, principal: { role: 'viewer' } });
    expect(second).toBe(first);
    expect(calls).toBe(1);
  });

  it('verifies each new request afresh, so a refused credential is never reused for another', async () => {
    const auth = new RequestAuthenticator(counted);
    await expect(auth.authenticate(request(), 'Bearer wrong-key-0123456789abcdef')).resolves.toMatchObject({
      ok: false,
    });
    await expect(auth.authenticate(request(), `Bearer ${KEY}`)).resolves.toMatchObject({ ok: true });
    expect(calls).toBe(2);
  });
});

import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { ensureBuilt, type GatewayProcess, startGatewayProcess } from '../support/processes';

/**
 * `node dist/server/main.js` as an operator meets it: one log format from the
 * first line (the start-up banner is a log line too), a human-readable form
 * with LOG_FORMAT=pretty, and one clear line when the port is taken.
 */

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../..');
const MAIN = resolve(ROOT, 'dist/server/main.js');

/** Runs the gateway until it exits, with its whole output. */
function runToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolvePromise) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    }),
  );
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe('the gateway process', () => {
  const started: GatewayProcess[] = [];
  beforeAll(() => ensureBuilt(), 120_000);
  afterAll(async () => {
    for (const p of started) p.kill('SIGKILL');
    await Promise.all(started.map((p) => p.stopped));
  });

  it('says "PORT <n> is in use; set PORT" in one line, with no stack trace, and exits 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stdout, stderr } = await runToExit({ PORT: String(port), HOST: '127.0.0.1' });
      expect(code).toBe(1);
      expect(stderr).toBe('');
      expect(lines(stdout)).toHaveLength(1);
      expect(JSON.parse(lines(stdout)[0] ?? '')).toMatchObject({
        level: 'fatal',
        msg: `PORT ${port} is in use; set PORT`,
        port,
      });
      expect(stdout).not.toMatch(/WebSocket| {4}at /);
    } finally {
      blocker.close();
    }
  });

  it('writes JSON from the very first line, the banner included, and a bad variable as one JSON line too', async () => {
    const gateway = await startGatewayProcess({ REDIS_URL: '' });
    started.push(gateway);
    await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const out = lines(gateway.output());
    for (const line of out) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const entries = out.map((line) => JSON.parse(line) as { msg: string; summary?: string[] });
    const first = entries.find((e) => e.msg.startsWith('CodePipeline GraphQL gateway')) ?? {
      msg: '',
      summary: [],
    };
    expect(first.msg).toBe(
      `CodePipeline GraphQL gateway ${process.env.npm_package_version ?? '0.1.0'} serving ${gateway.url}`,
    );
    expect(first.summary).toContain('cache: in-process memory (set REDIS_URL to share it between replicas)');

    const bad = await runToExit({ PORT: 'abc' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('');
    expect(lines(bad.stdout).map((l) => JSON.parse(l) as { level: string; variable: string })).toEqual([
      expect.objectContaining({ level: 'fatal', variable: 'PORT' }),
    ]);
  });

  it('prints its banner (and so its URL) whatever LOG_LEVEL says, and nothing else at warn', async () => {
    const gateway = await startGatewayProcess({ LOG_LEVEL: 'warn' });
    started.push(gateway);
    const out = lines(gateway.output()).map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(out).toEqual([
      expect.objectContaining({ level: 'info', msg: expect.stringContaining(gateway.url) }),
    ]);
  });

  it('prints the same lines for people with LOG_FORMAT=pretty', async () => {
    const gateway = await startGatewayProcess({ LOG_FORMAT: 'pretty', REDIS_URL: '' });
    started.push(gateway);
    await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Hello { __typename }' }),
    });
    await new Promise((r) => setTimeout(r, 200));
    const out = lines(gateway.output());
    expect(out.filter((line) => line.startsWith('{'))).toEqual([]);
    expect(out.find((line) => line.includes('CodePipeline GraphQL gateway'))).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}CodePipeline GraphQL gateway \S+ serving http:\/\/\S+\/graphql /,
    );
    expect(out).toContain('    cache: in-process memory (set REDIS_URL to share it between replicas)');
    expect(out.find((line) => line.includes('graphql request'))).toMatch(/ operation=Hello /);
  });
});

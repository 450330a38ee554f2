import { builtinModules } from 'node:module';
import { parseConfig } from '../../src/server/config';
import { readText, sourcesUnder } from './load';

/**
 * The Dockerfile, read as instructions (no Docker engine is needed): its
 * stages, what the runtime stage ships and runs, as whom, and how it is
 * health-checked, checked against package.json, the TypeScript build and the
 * gateway's config.
 */

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions: comments dropped, continuation lines joined. */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: rest.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') {
      const [, from = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args) ?? [];
      stages.push({ name, from, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [name = '', value = ''] = instruction.args.split('=');
      args[name] = value;
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(readText('Dockerfile'));
const stage = (name: string): Stage => {
  const found = dockerfile.stages.find((s) => s.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage "${name}"`);
  return found;
};
const all = (s: Stage, keyword: string): string[] =>
  s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const last = (s: Stage, keyword: string): string | undefined => all(s, keyword).at(-1);

const runtime = stage('runtime');
const pkg = JSON.parse(readText('package.json')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  engines: { node: string };
};

describe('the Dockerfile', () => {
  it('builds in stages and ships the last one, on a Node LTS base image pinned by tag and digest', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    const base = dockerfile.stages[0]?.from ?? '';
    // Every stage on one image, written out in FROM so scanners and readers see the base itself.
    for (const s of dockerfile.stages) expect(s.from).toBe(base);
    expect(base).toMatch(/^node:\d+\.\d+\.\d+-[\w-]+@sha256:[0-9a-f]{64}$/);
    // Node 24 LTS (even majors are the LTS lines), which satisfies package.json's engines.
    const engines = pkg.engines.node;
    const major = Number(/^node:(\d+)/.exec(base)?.[1]);
    expect(major).toBe(24);
    expect(major).toBeGreaterThanOrEqual(Number(/>=(\d+)/.exec(engines)?.[1]));
    expect(engines).toBe('>=22');
  });

  it('compiles against the type definitions of the oldest Node the engines allow', () => {
    const devDependencies = (
      JSON.parse(readText('package.json')) as { devDependencies: Record<string, string> }
    ).devDependencies;
    expect(devDependencies['@types/node']).toMatch(/^22\./);
  });

  it('compiles with npm run build, which writes the dist/server/main.js that npm start runs', () => {
    const build = stage('build');
    expect(all(build, 'RUN')).toContain('npm ci --no-audit --no-fund');
    expect(last(build, 'RUN')).toBe('npm run build');
    // The server's TypeScript, then the browser assets (dashboard, GraphiQL) bundled by esbuild into dist/web.
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && npm run build:web');
    expect(pkg.scripts['build:web']).toBe('node scripts/build-web.mjs');
    const tsconfig = JSON.parse(readText('tsconfig.build.json')) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    expect(all(build, 'COPY')).toEqual([
      'package.json package-lock.json ./',
      'tsconfig.json tsconfig.build.json ./',
      'src ./src',
      'scripts ./scripts',
      'web ./web',
      'schema.graphql ./',
    ]);
    expect(pkg.scripts.start).toBe('node dist/server/main.js');
    expect(JSON.parse(last(runtime, 'CMD') ?? '[]')).toEqual(pkg.scripts.start?.split(' '));
  });

  it('ships only production dependencies, exactly as locked, and the compiled code', () => {
    expect(all(stage('deps'), 'RUN')).toEqual([
      'npm ci --omit=dev --no-audit --no-fund && npm cache clean --force',
    ]);
    expect(all(runtime, 'COPY')).toEqual([
      'package.json ./',
      '--from=deps /app/node_modules ./node_modules',
      '--from=build /app/dist ./dist',
    ]);
    expect(all(runtime, 'RUN')).toEqual([]);
  });

  it('needs no development dependency at run time: every package src imports is a production dependency', () => {
    // Type-only imports (`import type ...`, `import { type A, type B } from`) are erased by the compiler.
    const typeOnly =
      /import\s+(?:type\s+[^;]*?|\{\s*(?:type\s+\w+(?:\s+as\s+\w+)?\s*,?\s*)+\})\s*from\s*'[^']*'/g;
    const imported = new Set(
      [
        ...sourcesUnder('src')
          .replace(typeOnly, '')
          .matchAll(/(?:from|import|require\()\s*'([^'.][^']*)'/g),
      ]
        .map((m) => m[1] ?? '')
        .filter((spec) => !spec.startsWith('node:') && !builtinModules.includes(spec))
        .map((spec) =>
          spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec),
        ),
    );
    const missing = [...imported].filter((name) => !(name in pkg.dependencies));
    expect(missing).toEqual([]);
  });

  it('runs in production mode as an unprivileged user', () => {
    expect(all(runtime, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
    const user = last(runtime, 'USER') ?? 'root';
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    // The user is set before the command, so nothing in the image runs as root.
    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.lastIndexOf('CMD'));
  });

  it("exposes the gateway's default port and health-checks /healthz on the configured one", () => {
    const env = Object.fromEntries(
      all(runtime, 'ENV')
        .join(' ')
        .split(' ')
        .map((pair) => pair.split('=') as [string, string]),
    );
    // PORT defaults the same in the image and in the config.
    expect(Number(env.PORT)).toBe(parseConfig({ AUTH_MODE: 'none' }).port);
    expect(all(runtime, 'EXPOSE')).toEqual([env.PORT]);
    const healthcheck = last(runtime, 'HEALTHCHECK') ?? '';
    expect(healthcheck).toMatch(/--interval=\d+s --timeout=\d+s --start-period=\d+s --retries=\d+ CMD /);
    const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    expect(command[2]).toContain("'http://127.0.0.1:'+(process.env.PORT||" + env.PORT + ")+'/healthz'");
    expect(sourcesUnder('src/server')).toContain("'/healthz'");
  });

  it('keeps secrets, local builds and dependencies out of the build context', () => {
    const ignored = readText('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

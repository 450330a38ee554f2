import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildManifest, documentHash, parseManifest } from '../../../src/server/documents/manifest';
import { ensureBuilt } from '../../support/processes';

/**
 * The trusted-documents manifest: Apollo's persisted-query format, built from
 * .graphql files (`npm run documents:manifest`) and read at start-up.
 */

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = resolve(ROOT, 'test/fixtures/documents');
const run = promisify(execFile);

describe('the trusted-documents manifest', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manifest-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists each named operation with the fragments it uses, identified by the SHA-256 of its text', () => {
    const manifest = buildManifest([
      { path: 'a.graphql', text: 'query A { pipelines(first: 1) { edges { node { ...N } } } }' },
      { path: 'b.graphql', text: 'fragment N on Pipeline { name }\nmutation B { __typename }' },
    ]);
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.version).toBe(1);
    expect(manifest.operations.map((o) => [o.name, o.type])).toEqual([
      ['A', 'query'],
      ['B', 'mutation'],
    ]);
    const [a, b] = manifest.operations;
    expect(a?.body).toContain('fragment N on Pipeline');
    expect(b?.body).not.toContain('fragment');
    for (const op of manifest.operations) expect(op.id).toBe(documentHash(op.body));
    // What is written can be read back.
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
  });

  it('refuses anonymous operations, a name used twice and a fragment that is not defined', () => {
    expect(() => buildManifest([{ path: 'x.graphql', text: '{ __typename }' }])).toThrow(/needs a name/);
    expect(() =>
      buildManifest([
        { path: 'x.graphql', text: 'query Q { __typename }' },
        { path: 'y.graphql', text: 'query Q { __typename }' },
      ]),
    ).toThrow(/Q is used twice/);
    expect(() => buildManifest([{ path: 'x.graphql', text: 'query Q { ...Missing }' }])).toThrow(
      /fragment Missing is spread but not defined/,
    );
  });

  it('reads only a well-formed Apollo manifest, naming what is wrong', () => {
    expect(() => parseManifest('nope')).toThrow(/is not JSON/);
    expect(() => parseManifest('{"format":"other","version":1,"operations":[]}')).toThrow(
      /apollo-persisted-query-manifest/,
    );
    const op = { id: 'x', name: 'Q', type: 'query', body: 'query Q { __typename }' };
    expect(() =>
      parseManifest(
        JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [op, op] }),
      ),
    ).toThrow(/repeats the id x/);
    expect(() =>
      parseManifest(
        JSON.stringify({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [{ ...op, type: 'read' }],
        }),
      ),
    ).toThrow(/operations\[0\] has type "read"/);
    expect(() =>
      parseManifest(
        JSON.stringify({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [{ ...op, body: 'query {' }],
        }),
      ),
    ).toThrow(/does not parse/);
  });

  describe('npm run documents:manifest', () => {
    const cli = join(ROOT, 'dist/server/documents/manifest-cli.js');
    beforeAll(() => ensureBuilt(), 120_000);

    it('writes the manifest of a folder of .graphql files, checked against schema.graphql', async () => {
      const out = join(dir, 'manifest.json');
      const { stderr } = await run(process.execPath, [cli, FIXTURES, '--out', out], { cwd: ROOT });
      expect(stderr).toMatch(/2 operations from 2 files written to/);
      const written = parseManifest(readFileSync(out, 'utf8'));
      expect(written.operations.map((o) => o.name)).toEqual(['Pipelines', 'Watch']);
      expect(package_().scripts['documents:manifest']).toContain('dist/server/documents/manifest-cli.js');
    });

    it('refuses an operation the gateway would refuse, naming it, and writes nothing', async () => {
      const folder = mkdtempSync(join(dir, 'bad-'));
      writeFileSync(join(folder, 'bad.graphql'), 'query Typo { pipelinez { name } }');
      const out = join(dir, 'never.json');
      await expect(run(process.execPath, [cli, folder, '--out', out], { cwd: ROOT })).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/Typo: Cannot query field "pipelinez"/),
      });
      expect(() => readFileSync(out)).toThrow();
    });
  });
});

function package_(): { scripts: Record<string, string> } {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
}

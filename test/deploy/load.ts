import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * Readers of the deployment files for the tests that check them: the YAML
 * under k8s/, docker-compose.yml, deploy/nginx.conf, the Dockerfile and the
 * gateway's own sources (to see which variables and paths it really uses).
 */

export const ROOT = resolve(__dirname, '..', '..');

export function readText(path: string): string {
  return readFileSync(resolve(ROOT, path), 'utf8');
}

/** Parsed YAML, which the tests index into freely (a wrong path fails the assertion that reads it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Parsed = any;

/** A Kubernetes object as parsed. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string } & Record<string, Parsed>;
} & Record<string, Parsed>;

/** Every object in every YAML file under k8s/, with the file it came from. Throws on a YAML error. */
export function loadK8s(): { file: string; object: K8sObject }[] {
  const out: { file: string; object: K8sObject }[] = [];
  for (const file of readdirSync(resolve(ROOT, 'k8s')).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of parseAllDocuments(readText(join('k8s', file)))) {
      if (doc.errors.length > 0)
        throw new Error(`k8s/${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const object = doc.toJS({ maxAliasCount: -1 }) as K8sObject | null;
      if (object !== null) out.push({ file, object });
    }
  }
  return out;
}

/** A compose service, as far as the tests read it. */
export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
  read_only?: boolean;
}

export function loadCompose(): { services: Record<string, ComposeService> } {
  return parse(readText('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
}

/** The text of every TypeScript file under a source folder, recursively. */
export function sourcesUnder(dir: string): string {
  const walk = (path: string): string[] =>
    readdirSync(resolve(ROOT, path), { withFileTypes: true }).flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return walk(child);
      return entry.name.endsWith('.ts') ? [readText(child)] : [];
    });
  return walk(dir).join('\n');
}

/**
 * The environment variables a body of source reads by a literal name:
 * `env.NAME`, `env['NAME']`, and the typed readers' `(env, 'NAME'`.
 */
export function variablesRead(source: string): Set<string> {
  const names = new Set<string>();
  const patterns = [
    /\benv\.([A-Z][A-Z0-9_]*)\b/g,
    /\benv\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g,
    /\(\s*env\s*,\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) if (m[1]) names.add(m[1]);
  return names;
}

/** The seconds in a duration such as `15s`, `1m30s` or `90` (compose and nginx style). */
export function durationSeconds(raw: string): number {
  if (/^\d+$/.test(raw)) return Number(raw);
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?$/.exec(raw);
  if (!match || raw === '') throw new Error(`not a duration: "${raw}"`);
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/** The image reference split into name and tag (no tag: undefined). */
export function imageTag(image: string): { name: string; tag?: string } {
  const at = image.lastIndexOf(':');
  if (at <= image.lastIndexOf('/')) return { name: image };
  return { name: image.slice(0, at), tag: image.slice(at + 1) };
}

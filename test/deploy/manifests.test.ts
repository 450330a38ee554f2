import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { parseConfig } from '../../src/server/config';

const ROOT = resolve(__dirname, '..', '..');

/** Every variable the gateway's config reads (kept in step with src/server/config.ts by the first test). */
const GATEWAY_VARIABLES = [
  'PORT',
  'HOST',
  'NODE_ENV',
  'CODEPIPELINE_MODE',
  'CODEPIPELINE_ENDPOINT',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCOUNT_ID',
  'AWS_MAX_ATTEMPTS',
  'EMULATOR_SEED',
  'EMULATOR_CLOCK_SPEED',
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'UPSTREAM_CONCURRENCY',
  'CACHE_STALE_SECONDS',
  'MEMORY_CACHE_ENTRIES',
  'MAX_PAGE_SIZE',
  'NEAR_CACHE_ENTRIES',
  'UPSTREAM_TIMEOUT_MS',
];

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
}

describe('the deployment files', () => {
  it('list only variables the gateway config really reads', () => {
    const source = ['config.ts', 'env.ts', 'live-config.ts']
      .map((f) => readFileSync(resolve(ROOT, 'src/server', f), 'utf8'))
      .join('\n');
    const unread = GATEWAY_VARIABLES.filter(
      (name) => !source.includes(`'${name}'`) && !source.includes(`env.${name}`),
    );
    expect(unread).toEqual([]);
  });

  it('compose runs the emulator and a gateway that reads it over HTTP', () => {
    const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, ComposeService>;
    };
    const { emulator, gateway } = compose.services;
    expect(emulator?.command).toEqual(['node', 'dist/emulator/main.js']);
    expect(emulator?.ports).toContain(`${emulator?.environment?.EMULATOR_PORT}:4599`);
    const env = gateway?.environment ?? {};
    for (const key of Object.keys(env)) expect(GATEWAY_VARIABLES).toContain(key);
    expect(env.CODEPIPELINE_ENDPOINT).toBe(`http://emulator:${emulator?.environment?.EMULATOR_PORT}`);
    expect(gateway?.ports).toContain(`${env.PORT}:${env.PORT}`);
    // The compose environment is a valid gateway configuration.
    expect(() => parseConfig(env)).not.toThrow();
  });

  it('k8s wires the gateway port, probes, labels and config consistently', () => {
    const docs = parseAllDocuments(readFileSync(resolve(ROOT, 'k8s/gateway.yaml'), 'utf8')).map((d) =>
      d.toJS(),
    );
    const byKind = (kind: string) => docs.find((d) => d.kind === kind);
    const configMap = byKind('ConfigMap');
    const deployment = byKind('Deployment');
    const service = byKind('Service');
    for (const key of Object.keys(configMap.data)) expect(GATEWAY_VARIABLES).toContain(key);
    // REDIS_URL names the in-cluster Redis service, on its port.
    const redisDocs = parseAllDocuments(readFileSync(resolve(ROOT, 'k8s/redis.yaml'), 'utf8')).map((d) =>
      d.toJS(),
    );
    const redisService = redisDocs.find((d) => d.kind === 'Service');
    expect(configMap.data.REDIS_URL).toBe(
      `redis://${redisService.metadata.name}:${redisService.spec.ports[0].port}`,
    );
    expect(() => parseConfig(configMap.data)).not.toThrow();
    const container = deployment.spec.template.spec.containers[0];
    expect(container.ports[0].containerPort).toBe(Number(configMap.data.PORT));
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.envFrom[0].configMapRef.name).toBe(configMap.metadata.name);
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(service.spec.selector).toEqual(labels);
    expect(service.spec.ports[0].targetPort).toBe(container.ports[0].name);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as codepipeline from '@aws-sdk/client-codepipeline';
import { parseConfig } from '../../src/server/config';
import {
  type ComposeService,
  durationSeconds,
  imageTag,
  type K8sObject,
  loadCompose,
  loadK8s,
  readText,
  sourcesUnder,
  variablesRead,
} from './load';

/**
 * The deployment files (docker-compose.yml, deploy/nginx.conf, k8s/) checked
 * against each other and against the code: variable names, ports, probe
 * paths, images and labels. The Dockerfile has its own test.
 */

/**
 * Every variable the gateway's config reads. The first test keeps it exact: add a variable here when the
 * config (anything under src/server) starts reading it.
 */
const GATEWAY_VARIABLES = [
  'PORT',
  'HOST',
  'NODE_ENV',
  'CODEPIPELINE_MODE',
  'CODEPIPELINE_ENDPOINT',
  'AWS_REGION',
  'AWS_ACCOUNT_ID',
  'TARGETS_FILE',
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
  'RESPONSE_CACHE_ENTRIES',
  'UPSTREAM_TIMEOUT_MS',
  // Subscriptions (live-config.ts).
  'POLL_FAST_INTERVAL_MS',
  'POLL_IDLE_INTERVAL_MS',
  'POLL_CALLS_PER_SECOND',
  'LEASE_TTL_MS',
  'EVENT_LOG_LENGTH',
  'WATCH_HEARTBEAT_MS',
  'WATCH_TTL_MS',
  'SUBSCRIBER_BUFFER',
  'WS_CONNECTION_INIT_TIMEOUT_MS',
  'WS_KEEPALIVE_MS',
  'WS_MAX_SUBSCRIPTIONS',
  'WS_MAX_MESSAGE_BYTES',
  // Pushed events and reconciliation (events/events-config.ts).
  'EVENTS_API_KEY',
  'POLL_RECONCILE_SECONDS',
  'EVENTS_QUIET_SECONDS',
  // Delivery insights: the execution ledger (insights-config.ts).
  'REVISION_INDEX_DAYS',
  'DELIVERY_HISTORY_DAYS',
  'INSIGHTS_SCAN_CALLS',
  'INSIGHTS_FRESH_SECONDS',
  // Authentication (auth/auth-config.ts).
  'AUTH_MODE',
  'API_KEYS',
  'API_KEYS_FILE',
  'JWT_JWKS_URL',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_ROLE_CLAIM',
  'JWT_SCOPE_CLAIM',
  'JWT_CLOCK_TOLERANCE_SECONDS',
  // Limits (limits/limits-config.ts).
  'MAX_QUERY_COST',
  'MAX_QUERY_DEPTH',
  'MAX_BODY_BYTES',
  'RATE_LIMIT_PER_SECOND',
  'RATE_LIMIT_BURST',
  'INTROSPECTION',
  // Browsers (web/web-config.ts).
  'CORS_ORIGINS',
  'CORS_CREDENTIALS',
  'GRAPHIQL',
  // The upstream budget, the executor and error detail (others' settings, listed so this list stays exact).
  'UPSTREAM_CALLS_PER_SECOND',
  'EXECUTOR',
  'EXPOSE_ERRORS',
  // Slack (integrations/slack).
  'SLACK_API_URL',
  'SLACK_RULES_FILE',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  // Trusted documents (documents/documents-config.ts).
  'TRUSTED_DOCUMENTS_FILE',
  'TRUSTED_DOCUMENTS_ONLY',
  // Observability and shutdown.
  'LOG_LEVEL',
  'LOG_FORMAT',
  'AUDIT_LOG',
  // Tracing (observability/tracing.ts): the endpoint turns it on; the SDK reads its other OTEL_* itself.
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'OTEL_METRICS_EXPORTER',
  'OTEL_LOGS_EXPORTER',
  'SHUTDOWN_TIMEOUT_MS',
];

/** Variables the runtime reads, not the gateway's config: allowed in the Deployment's own `env`. */
const RUNTIME_VARIABLES = ['NODE_OPTIONS'];

const PACKAGE_VERSION = (JSON.parse(readText('package.json')) as { version: string }).version;
const SERVER_SOURCES = sourcesUnder('src/server');

/** True when the gateway serves `path` (its HTTP routes are literal strings in src/server). */
const serves = (path: string): boolean => SERVER_SOURCES.includes(`'${path}'`);

const k8s = loadK8s();
const objectsOf = (kind: string, name?: string): K8sObject[] =>
  k8s.map((e) => e.object).filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const one = (kind: string, name = 'codepipeline-gateway'): K8sObject => {
  const found = objectsOf(kind, name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name} under k8s/, found ${found.length}`);
  return found[0] as K8sObject;
};

describe('the gateway variables', () => {
  it('are exactly the ones the gateway config reads', () => {
    const read = variablesRead(SERVER_SOURCES);
    const listedButUnread = GATEWAY_VARIABLES.filter((name) => !read.has(name));
    const readButUnlisted = [...read].filter((name) => !GATEWAY_VARIABLES.includes(name));
    expect(listedButUnread).toEqual([]);
    expect(readButUnlisted).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  const { services } = loadCompose();
  const replicas = ['gateway-1', 'gateway-2'].map((name) => services[name] ?? {});
  const [first] = replicas as [ComposeService, ComposeService];
  const env = first.environment ?? {};
  const port = String(parseConfig(env).port);

  it('runs the emulator on its published port, reachable from the gateways by service name', () => {
    const emulator = services.emulator ?? {};
    const emulatorPort = emulator.environment?.EMULATOR_PORT;
    expect(emulator.command).toEqual(['node', 'dist/emulator/main.js']);
    expect(emulator.environment?.EMULATOR_HOST).toBe('0.0.0.0');
    expect(emulator.ports).toContain(`${emulatorPort}:${emulatorPort}`);
    expect(env.CODEPIPELINE_ENDPOINT).toBe(`http://emulator:${emulatorPort}`);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(services.redis).toBeDefined();
  });

  it('runs two replicas of one image with one configuration, differing only by name', () => {
    expect(replicas[1]).toEqual(first);
    expect(first.image).toBe(services.emulator?.image);
    for (const key of Object.keys(env)) expect(GATEWAY_VARIABLES).toContain(key);
    const config = parseConfig(env);
    expect(config.upstream).toEqual({ kind: 'endpoint', endpoint: env.CODEPIPELINE_ENDPOINT });
    // Production mode, so the stack behaves as deployed; open access is asked for, not defaulted to.
    expect(config.production).toBe(true);
    expect(env.AUTH_MODE).toBe('none');
    expect(config.auth.mode).toBe('none');
    // Only the load balancer publishes a gateway port.
    expect(first.ports).toBeUndefined();
    expect(first.read_only).toBe(true);
  });

  it('health-checks each replica on its readiness path and port, and outlasts its drain on stop', () => {
    const probe = (first.healthcheck?.test ?? []).join(' ');
    expect(probe).toContain(`http://127.0.0.1:${port}/readyz`);
    expect(serves('/readyz')).toBe(true);
    expect(first.depends_on?.redis?.condition).toBe('service_healthy');
    expect(first.depends_on?.emulator?.condition).toBe('service_healthy');
    const drainMs = parseConfig(env).shutdownTimeoutMs;
    expect(env.SHUTDOWN_TIMEOUT_MS).toBe(String(drainMs));
    expect(durationSeconds(first.stop_grace_period ?? '10s') * 1000).toBeGreaterThan(drainMs);
  });

  it('publishes both replicas on one port through nginx, WebSockets included', () => {
    const lb = services.lb ?? {};
    expect(lb.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    const nginx = readText('deploy/nginx.conf');
    const listen = /^\s*listen\s+(\d+);/m.exec(nginx)?.[1];
    expect(lb.ports).toEqual([`${port}:${listen}`]);
    expect(lb.depends_on?.['gateway-1']?.condition).toBe('service_healthy');
    expect(lb.depends_on?.['gateway-2']?.condition).toBe('service_healthy');

    const upstream = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(nginx);
    const servers = [...(upstream?.[2] ?? '').matchAll(/^\s*server\s+([\w.-]+:\d+)/gm)].map((m) => m[1]);
    expect(servers).toEqual([`gateway-1:${port}`, `gateway-2:${port}`]);
    expect(nginx).toContain(`proxy_pass http://${upstream?.[1]};`);
    // The WebSocket upgrade (graphql-ws on /graphql) is passed through.
    expect(nginx).toMatch(/proxy_http_version 1\.1;/);
    expect(nginx).toMatch(/map \$http_upgrade \$connection_upgrade \{\s*default upgrade;/);
    expect(nginx).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(nginx).toContain('proxy_set_header Connection $connection_upgrade;');
    // An idle subscription socket is kept alive by the gateway's pings, inside nginx's read timeout.
    const readTimeout = durationSeconds(/proxy_read_timeout\s+(\w+);/.exec(nginx)?.[1] ?? '60s');
    expect(readTimeout * 1000).toBeGreaterThan(parseConfig(env).live.keepAliveMs);
    // /metrics is per replica, never through the shared port.
    expect(nginx).toMatch(/location = \/metrics \{\s*return 404;/);
  });

  it('pins every image to a release tag', () => {
    for (const [name, service] of Object.entries(services)) {
      const { tag } = imageTag(service.image ?? '');
      expect({ name, tag }).toEqual({ name, tag: expect.stringMatching(/^\d+\.\d+\.\d+(-[\w.]+)?$/) });
    }
  });
});

describe('k8s/', () => {
  const deployment = one('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const labels = deployment.spec.template.metadata.labels as Record<string, string>;
  const configMap = one('ConfigMap');
  const secret = one('Secret', 'codepipeline-gateway-auth');
  // The ConfigMap as the pod sees it: API_KEYS_FILE is the example Secret's file, written where the test can read it.
  const keysDir = mkdtempSync(join(tmpdir(), 'k8s-secret-'));
  const keysFile = basename(configMap.data.API_KEYS_FILE);
  writeFileSync(join(keysDir, keysFile), secret.stringData[keysFile] ?? '');
  afterAll(() => rmSync(keysDir, { recursive: true, force: true }));
  const config = parseConfig({ ...configMap.data, API_KEYS_FILE: join(keysDir, keysFile) });

  it('parses, and the kustomization applies every manifest but the example Secret', () => {
    const kustomization = k8s.find((e) => e.object.kind === 'Kustomization')?.object;
    const files = new Set(k8s.filter((e) => e.object.kind !== 'Kustomization').map((e) => e.file));
    expect(files).toContain('ingress.yaml');
    files.delete('secret.example.yaml');
    expect([...(kustomization?.resources as string[])].sort()).toEqual([...files].sort());
  });

  it('selects the gateway pods by the same labels in the Deployment, Service, HPA, PDB and NetworkPolicy', () => {
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(one('Service').spec.selector).toEqual(labels);
    expect(one('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    expect(one('NetworkPolicy').spec.podSelector.matchLabels).toEqual(labels);
    expect(one('HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    for (const spread of pod.topologySpreadConstraints)
      expect(spread.labelSelector.matchLabels).toEqual(labels);
    // Redis admits exactly these pods.
    const redisPolicy = one('NetworkPolicy', 'codepipeline-gateway-redis');
    expect(redisPolicy.spec.ingress[0].from[0].podSelector.matchLabels).toEqual(labels);
  });

  it('holds a valid production gateway configuration in the ConfigMap, wired to the in-cluster Redis', () => {
    for (const key of Object.keys(configMap.data)) expect(GATEWAY_VARIABLES).toContain(key);
    expect(config.production).toBe(true);
    expect(config.upstream).toEqual({ kind: 'aws' });
    expect(config.limits).toMatchObject({ introspection: false });
    expect(config.limits.rateLimit).toBeDefined();
    expect(configMap.data.REDIS_URL).toBeUndefined();
    expect(container.envFrom).toContainEqual({ configMapRef: { name: configMap.metadata.name } });
    // The Deployment's own env: runtime settings, and gateway variables read from a Secret.
    for (const entry of container.env ?? []) {
      if (entry.valueFrom) expect(GATEWAY_VARIABLES).toContain(entry.name);
      else expect(RUNTIME_VARIABLES).toContain(entry.name);
    }
  });

  it('reads REDIS_URL from the Secret that also holds the in-cluster Redis password', () => {
    const redisSecret = one('Secret', 'codepipeline-gateway-redis');
    const redisService = one('Service', 'codepipeline-gateway-redis');
    const fromSecret = (container.env as K8sObject[]).find((e) => e.name === 'REDIS_URL');
    expect(fromSecret?.valueFrom).toEqual({
      secretKeyRef: { name: redisSecret.metadata.name, key: 'REDIS_URL' },
    });
    const url = new URL(redisSecret.stringData.REDIS_URL);
    expect(`${url.hostname}:${url.port}`).toBe(
      `${redisService.metadata.name}:${redisService.spec.ports[0].port}`,
    );
    expect(decodeURIComponent(url.password)).toBe(redisSecret.stringData.REDIS_PASSWORD);
    expect(
      parseConfig({ ...configMap.data, REDIS_URL: url.href, API_KEYS_FILE: join(keysDir, keysFile) })
        .redisUrl,
    ).toBe(url.href);
    // Redis requires that password, from the same Secret, and its probe authenticates with it.
    const redis = one('Deployment', 'codepipeline-gateway-redis').spec.template.spec.containers[0];
    const args = redis.args as string[];
    expect(args[args.indexOf('--requirepass') + 1]).toBe('$(REDIS_PASSWORD)');
    for (const name of ['REDIS_PASSWORD', 'REDISCLI_AUTH']) {
      expect((redis.env as K8sObject[]).find((e) => e.name === name)?.valueFrom).toEqual({
        secretKeyRef: { name: redisSecret.metadata.name, key: 'REDIS_PASSWORD' },
      });
    }
    // Only the API keys file is mounted from the auth Secret.
    const auth = pod.volumes.find((v: K8sObject) => v.secret?.secretName === secret.metadata.name);
    expect(auth.secret.items).toEqual([{ key: keysFile, path: keysFile }]);
  });

  it('runs Redis without eviction, so the lease, event logs and rate-limit buckets are never dropped for room', () => {
    const args = one('Deployment', 'codepipeline-gateway-redis').spec.template.spec.containers[0]
      .args as string[];
    expect(args[args.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(args[args.indexOf('--maxmemory') + 1]).toMatch(/^\d+mb$/);
  });

  it('routes /graphql only through ingress-nginx, with WebSocket timeouts above the keepalive and no affinity', () => {
    const ingress = one('Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    const paths = ingress.spec.rules.flatMap((r: K8sObject) => r.http.paths);
    expect(paths).toEqual([
      {
        path: '/graphql',
        pathType: 'Exact',
        backend: { service: { name: one('Service').metadata.name, port: { name: 'http' } } },
      },
    ]);
    expect(serves('/graphql')).toBe(true);
    const annotations = ingress.metadata.annotations as Record<string, string>;
    for (const name of ['proxy-read-timeout', 'proxy-send-timeout']) {
      const seconds = Number(annotations[`nginx.ingress.kubernetes.io/${name}`]);
      expect(seconds * 1000).toBeGreaterThan(config.live.keepAliveMs);
    }
    // Sticky-free: no session affinity of any kind.
    expect(
      Object.keys(annotations).filter((k) => /affinity|upstream-hash-by|session-cookie/.test(k)),
    ).toEqual([]);
    expect(one('Service').spec.sessionAffinity).toBeUndefined();
    // The NetworkPolicy admits the controller this Ingress is for.
    expect(
      one('NetworkPolicy').spec.ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/name'],
    ).toBe('ingress-nginx');
  });

  it("sets the gateway image through kustomization.yaml's images, at the tag the Deployment names", () => {
    const kustomization = k8s.find((e) => e.object.kind === 'Kustomization')?.object;
    const { name, tag } = imageTag(container.image);
    expect(kustomization?.images).toEqual([{ name, newTag: tag }]);
  });

  it('authenticates with the API keys of the example Secret, mounted where API_KEYS_FILE points', () => {
    expect(config.auth.mode).toBe('api-key');
    expect(config.auth.apiKeys.map((k) => k.role)).toEqual(['viewer', 'operator', 'admin']);
    const volume = pod.volumes.find((v: K8sObject) => v.secret?.secretName === secret.metadata.name);
    const mount = container.volumeMounts.find((m: K8sObject) => m.name === volume?.name);
    expect(mount).toMatchObject({ readOnly: true });
    expect(configMap.data.API_KEYS_FILE).toBe(`${mount?.mountPath}/${keysFile}`);
    // An example, said so, whose digests no real key can match: applied as is, it lets nobody in.
    expect(secret.metadata.annotations['codepipeline-gateway/example']).toMatch(/^true/);
    for (const key of config.auth.apiKeys) expect(key.sha256).toMatch(/^(.)\1{63}$/);
    expect(readText('k8s/secret.example.yaml')).toMatch(/^# EXAMPLE ONLY/);
  });

  it('serves on the configured port, probes paths the gateway serves, and exposes it as port 80', () => {
    expect(container.ports).toEqual([{ name: 'http', containerPort: config.port, protocol: 'TCP' }]);
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    for (const path of ['/healthz', '/readyz', '/metrics'])
      expect({ path, served: serves(path) }).toEqual({ path, served: true });
    const annotations = deployment.spec.template.metadata.annotations;
    expect(annotations['prometheus.io/port']).toBe(String(config.port));
    expect(annotations['prometheus.io/path']).toBe('/metrics');
    expect(one('Service').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    ]);
  });

  it('rolls without losing capacity and drains before the kill: grace > preStop + SHUTDOWN_TIMEOUT_MS', () => {
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    const preStop = container.lifecycle.preStop.exec.command as string[];
    expect(preStop[0]).toBe('sleep');
    const drainSeconds = config.shutdownTimeoutMs / 1000;
    expect(configMap.data.SHUTDOWN_TIMEOUT_MS).toBe(String(config.shutdownTimeoutMs));
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(preStop[1]) + drainSeconds);
  });

  it('runs every container unprivileged, read-only, with every capability dropped and resources bounded', () => {
    for (const d of objectsOf('Deployment')) {
      const spec = d.spec.template.spec;
      expect(spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
      for (const c of spec.containers) {
        expect(c.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      }
    }
    // The Dockerfile's user is the one the pod runs as.
    expect(/^USER (\d+)/m.exec(readText('Dockerfile'))?.[1]).toBe(String(pod.securityContext.runAsUser));
  });

  it('scales on CPU from two replicas and never lets a disruption take the last one', () => {
    const hpa = one('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toContainEqual({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } },
    });
    expect(deployment.spec.replicas).toBe(hpa.spec.minReplicas);
    expect(one('PodDisruptionBudget').spec.minAvailable).toBe(1);
  });

  it('admits only the ingress controller and Prometheus, and lets out only Redis, DNS and HTTPS', () => {
    const policy = one('NetworkPolicy').spec;
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.ingress).toHaveLength(2);
    for (const rule of policy.ingress) expect(rule.ports).toEqual([{ protocol: 'TCP', port: 'http' }]);
    const peers = policy.ingress.map(
      (r: K8sObject) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name'],
    );
    expect(peers).toEqual(['ingress-nginx', 'prometheus']);
    const egressPorts = policy.egress.map((r: K8sObject) =>
      r.ports.map((p: K8sObject) => `${p.protocol}/${p.port}`),
    );
    const redisService = one('Service', 'codepipeline-gateway-redis');
    expect(egressPorts).toEqual([
      [`TCP/${redisService.spec.ports[0].port}`],
      ['UDP/53', 'TCP/53'],
      ['TCP/443'],
    ]);
    expect(policy.egress[0].to[0].podSelector.matchLabels).toEqual(
      one('Deployment', 'codepipeline-gateway-redis').spec.template.metadata.labels,
    );
  });

  it('runs one pinned gateway image, the one docker-compose.yml builds, tagged with the package version', () => {
    const images = objectsOf('Deployment').flatMap((d) =>
      d.spec.template.spec.containers.map((c: K8sObject) => c.image as string),
    );
    for (const image of images) expect(imageTag(image).tag).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(container.image).toBe(loadCompose().services['gateway-1']?.image);
    expect(imageTag(container.image).tag).toBe(PACKAGE_VERSION);
  });

  it('gets AWS credentials through IRSA, with an IAM policy granting exactly the calls the gateway makes', () => {
    const account = one('ServiceAccount');
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    expect(account.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(
      /^arn:aws:iam::\d{12}:role\/.+/,
    );
    const policy = JSON.parse(readText('k8s/iam-policy.json')) as {
      Statement: { Action: string | string[] }[];
    };
    const granted = policy.Statement.flatMap((s) => [s.Action].flat()).filter((a) =>
      a.startsWith('codepipeline:'),
    );
    const gatewaySources = ['src/aws', 'src/loaders', 'src/schema', 'src/subscriptions', 'src/server']
      .map(sourcesUnder)
      .join('\n');
    const called = new Set(
      [...gatewaySources.matchAll(/\b([A-Z][A-Za-z]+)Command\b/g)]
        .filter((m) => `${m[1]}Command` in codepipeline)
        .map((m) => `codepipeline:${m[1]}`),
    );
    expect([...granted].sort()).toEqual([...called].sort());
    expect(new Set(granted).size).toBe(granted.length);
  });
});

import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { type K8sObject, loadK8s, readText, ROOT } from './load';

/**
 * Every Kubernetes manifest, validated against the Kubernetes JSON schema of
 * its kind and apiVersion (test/fixtures/k8s-schemas/, standalone and strict:
 * an unknown or misspelt field fails), as kubeconform would in CI: the base
 * (k8s/), the example Secrets, and the production overlay as kustomize renders
 * it (namespace, image override and JSON 6902 patches applied).
 */

const SCHEMAS = resolve(ROOT, 'test/fixtures/k8s-schemas');

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();

/** yannh/kubernetes-json-schema's file name for a kind: `deployment-apps-v1.json`, `service-v1.json`. */
function schemaFile(object: K8sObject): string {
  const [group, version] = object.apiVersion.includes('/')
    ? (object.apiVersion.split('/') as [string, string])
    : ['', object.apiVersion];
  const groupPart = group === '' ? '' : `-${group.split('.')[0]}`;
  return `${object.kind.toLowerCase()}${groupPart}-${version}.json`;
}

function validatorFor(object: K8sObject): ValidateFunction {
  const file = schemaFile(object);
  let validate = validators.get(file);
  if (!validate) {
    if (!readdirSync(SCHEMAS).includes(file)) {
      throw new Error(`no schema for ${object.apiVersion} ${object.kind}: add ${file} to ${SCHEMAS}`);
    }
    validate = ajv.compile(JSON.parse(readText(join('test/fixtures/k8s-schemas', file))) as object);
    validators.set(file, validate);
  }
  return validate;
}

/** Schema errors of one object, as `path: message` lines (empty when it is valid). */
function problems(object: K8sObject): string[] {
  const validate = validatorFor(object);
  if (validate(object)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}

interface Kustomization {
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { path: string; target: { kind: string; name: string } }[];
}

type JsonPatch = { op: 'replace' | 'add'; path: string; value: unknown }[];

/** Applies `replace`/`add` operations of a JSON 6902 patch (all the overlays use) to a copy of `object`. */
function applyPatch(object: K8sObject, patch: JsonPatch): K8sObject {
  const copy = structuredClone(object);
  for (const op of patch) {
    const steps = op.path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = steps.pop() ?? '';
    let node = copy as Record<string, unknown>;
    for (const step of steps) {
      const next = node[step];
      if (typeof next !== 'object' || next === null) throw new Error(`patch path ${op.path} does not exist`);
      node = next as Record<string, unknown>;
    }
    if (op.op === 'replace' && !(last in node)) throw new Error(`patch replaces missing ${op.path}`);
    node[last] = op.value;
  }
  return copy;
}

/** The image reference `images:` turns `image` into (kustomize's rules for newName, newTag and digest). */
function overrideImage(image: string, images: Kustomization['images'] = []): string {
  const name = image.replace(/[@:][^/]*$/, '');
  const rule = images.find((i) => i.name === name);
  if (!rule) return image;
  const newName = rule.newName ?? name;
  if (rule.digest) return `${newName}@${rule.digest}`;
  const tag = rule.newTag ?? /:([^/@]+)$/.exec(image)?.[1];
  return tag ? `${newName}:${tag}` : newName;
}

/** Renders a kustomization folder as `kubectl apply -k` would, for the features this repository uses. */
function render(dir: string): K8sObject[] {
  const kustomization = parse(readText(join(dir, 'kustomization.yaml'))) as Kustomization;
  let objects: K8sObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    if (resource.endsWith('.yaml')) {
      for (const doc of parseAllDocuments(readText(path))) {
        const object = doc.toJS() as K8sObject | null;
        if (object) objects.push(object);
      }
    } else {
      objects.push(...render(path));
    }
  }
  for (const patch of kustomization.patches ?? []) {
    const ops = parse(readText(join(dir, patch.path))) as JsonPatch;
    let matched = 0;
    objects = objects.map((o) => {
      if (o.kind !== patch.target.kind || o.metadata.name !== patch.target.name) return o;
      matched += 1;
      return applyPatch(o, ops);
    });
    if (matched !== 1) throw new Error(`${dir}: patch ${patch.path} matched ${matched} objects`);
  }
  return objects.map((o) => {
    const out = structuredClone(o);
    if (kustomization.namespace) out.metadata.namespace = kustomization.namespace;
    for (const c of out.spec?.template?.spec?.containers ?? [])
      c.image = overrideImage(c.image, kustomization.images);
    return out;
  });
}

const label = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;

describe('the Kubernetes manifests against the Kubernetes JSON schemas', () => {
  const base = render('k8s');
  const production = render('k8s/overlays/production');
  const examples = loadK8s()
    .filter((e) => e.file === 'secret.example.yaml')
    .map((e) => e.object);

  it('has a schema for every kind and apiVersion the manifests use', () => {
    const used = new Set([...base, ...production, ...examples].map(schemaFile));
    const vendored = new Set(readdirSync(SCHEMAS).filter((f) => f.endsWith('.json')));
    expect([...used].filter((f) => !vendored.has(f))).toEqual([]);
    // The schemas are those of exactly the kinds in use: none is vendored for nothing.
    expect([...vendored].filter((f) => !used.has(f))).toEqual([]);
  });

  it('validates every object the base kustomization applies', () => {
    expect(base.map(label)).toEqual(
      expect.arrayContaining(['Deployment/codepipeline-gateway', 'Ingress/codepipeline-gateway']),
    );
    for (const object of base)
      expect({ object: label(object), problems: problems(object) }).toEqual({
        object: label(object),
        problems: [],
      });
  });

  it('validates the example Secrets the Deployments read', () => {
    expect(examples.map(label)).toEqual([
      'Secret/codepipeline-gateway-auth',
      'Secret/codepipeline-gateway-redis',
    ]);
    for (const object of examples) expect(problems(object)).toEqual([]);
  });

  it('validates the production overlay as rendered: its namespace, image digest and patches applied', () => {
    expect(production.map(label).sort()).toEqual(base.map(label).sort());
    for (const object of production) {
      expect({ object: label(object), problems: problems(object) }).toEqual({
        object: label(object),
        problems: [],
      });
      expect(object.metadata.namespace).toBe('codepipeline-gateway');
    }
    const gateway = production.find((o) => label(o) === 'Deployment/codepipeline-gateway');
    expect(gateway?.spec.template.spec.containers[0].image).toMatch(
      /^[\w.-]+\/codepipeline-gateway@sha256:[0-9a-f]{64}$/,
    );
    const ingress = production.find((o) => o.kind === 'Ingress');
    expect(ingress?.spec.rules[0].host).toBe(ingress?.spec.tls[0].hosts[0]);
    expect(ingress?.spec.rules[0].host).not.toBe(base.find((o) => o.kind === 'Ingress')?.spec.rules[0].host);
  });

  it('catches what kubeconform catches: a misspelt field, a wrong type, a missing required field', () => {
    const deployment = base.find((o) => label(o) === 'Deployment/codepipeline-gateway') as K8sObject;
    const misspelt = structuredClone(deployment);
    misspelt.spec.replica = 2;
    expect(problems(misspelt).join('\n')).toMatch(/\/spec: must NOT have additional properties.*replica/);
    const wrongType = structuredClone(deployment);
    wrongType.spec.template.spec.containers[0].ports[0].containerPort = '4000';
    expect(problems(wrongType).join('\n')).toMatch(/containerPort: must be integer/);
    const noSelector = structuredClone(deployment);
    delete noSelector.spec.selector;
    expect(problems(noSelector).join('\n')).toMatch(/must have required property 'selector'/);
  });
});

import { createHash } from 'node:crypto';
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';

/** One trusted operation of a manifest: its id, its name, its type and its text. */
export interface TrustedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/**
 * Apollo's persisted-query manifest, the format Apollo's tooling, GraphOS
 * and Rover read and write, so a client's build can produce the list the
 * gateway trusts.
 */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: TrustedOperation[];
}

const TYPES = new Set(['query', 'mutation', 'subscription']);

/** The id Apollo's tooling gives a body: its SHA-256, in hex (what `persistedQuery.sha256Hash` carries). */
export function documentHash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Reads a manifest, naming the first thing wrong with it (the caller says which file). */
export function parseManifest(text: string): PersistedQueryManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`is not JSON (${(err as Error).message})`);
  }
  const manifest = raw as Partial<PersistedQueryManifest> | null;
  if (manifest?.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1) {
    throw new Error(
      'is not an Apollo persisted-query manifest: want format "apollo-persisted-query-manifest", version 1',
    );
  }
  if (!Array.isArray(manifest.operations)) throw new Error('has no "operations" list');
  const ids = new Set<string>();
  manifest.operations.forEach((op: Partial<TrustedOperation>, i) => {
    const where = `operations[${i}]`;
    for (const field of ['id', 'name', 'body'] as const) {
      if (typeof op?.[field] !== 'string' || op[field] === '') throw new Error(`${where} has no "${field}"`);
    }
    if (!TYPES.has(String(op.type)))
      throw new Error(`${where} has type "${op.type}", not query, mutation or subscription`);
    try {
      parse(op.body as string);
    } catch (err) {
      throw new Error(`${where} (${op.name}) does not parse: ${(err as Error).message}`);
    }
    if (ids.has(op.id as string)) throw new Error(`${where} repeats the id ${op.id}`);
    ids.add(op.id as string);
  });
  return manifest as PersistedQueryManifest;
}

/** The fragments an operation spreads, directly or through other fragments. */
function fragmentsUsed(
  root: DefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode): void => {
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`fragment ${name} is spread but not defined`);
        if (used.has(name)) return;
        used.set(name, fragment);
        walk(fragment);
      },
    });
  };
  walk(root);
  return [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

/**
 * A manifest of every named operation in some GraphQL documents, each with
 * the fragments it uses, printed canonically and identified by the SHA-256 of
 * that text, as Apollo's generator does. Fragments may live in any of the
 * documents; an anonymous operation or a name used twice is refused.
 */
export function buildManifest(sources: { path: string; text: string }[]): PersistedQueryManifest {
  const documents = sources.map(({ path, text }) => {
    try {
      return { path, document: parse(text) };
    } catch (err) {
      throw new Error(`${path}: ${(err as Error).message}`);
    }
  });
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: { path: string; node: OperationDefinitionNode }[] = [];
  for (const { path, document } of documents) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      if (definition.kind === Kind.OPERATION_DEFINITION) operations.push({ path, node: definition });
    }
  }
  const names = new Set<string>();
  const out = operations.map(({ path, node }): TrustedOperation => {
    const name = node.name?.value;
    if (!name) throw new Error(`${path}: every trusted operation needs a name`);
    if (names.has(name)) throw new Error(`${path}: the operation name ${name} is used twice`);
    names.add(name);
    const document: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [node, ...fragmentsUsed(node, fragments)],
    };
    const body = print(document);
    return { id: documentHash(body), name, type: node.operation, body };
  });
  out.sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: out };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type DocumentNode, Kind, parse } from 'graphql';
import ts from 'typescript';

/** A GraphQL document found in a test file, and where. */
export interface TestDocument {
  file: string;
  source: string;
  document: DocumentNode;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function asOperations(text: string): DocumentNode | undefined {
  if (!/^\s*(query|mutation|subscription|\{)/.test(text) || !text.includes('{')) return undefined;
  try {
    const document = parse(text);
    return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION) ? document : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every GraphQL operation written as a string or template literal in the
 * test files under `dir` (those that parse; templates with substitutions are
 * counted in `skipped`, since their text is only known at run time). The
 * tests are the corpus: whatever the suite asks the gateway, the executors
 * are compared on.
 */
export function collectTestDocuments(
  dir: string,
  root: string,
): { documents: TestDocument[]; skipped: number } {
  const documents: TestDocument[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const file of testFiles(dir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        const document = asOperations(node.text);
        if (document && !seen.has(node.text)) {
          seen.add(node.text);
          documents.push({ file: relative(root, file), source: node.text, document });
        }
      } else if (
        ts.isTemplateExpression(node) &&
        /^\s*(query|mutation|subscription)\b/.test(node.head.text)
      ) {
        skipped += 1;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { documents, skipped };
}

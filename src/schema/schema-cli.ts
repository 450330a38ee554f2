import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printGatewaySchema } from './build-schema';

/**
 * `npm run schema:emit` writes `schema.graphql`; `npm run schema:check` fails
 * when the checked-in file differs from what the classes emit, so the SDL
 * clients read can never drift from the code.
 */
function main(): void {
  const file = resolve(__dirname, '..', '..', 'schema.graphql');
  const sdl = printGatewaySchema();
  if (process.argv[2] === 'check') {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // A missing file is drift too.
    }
    if (current !== sdl) {
      console.error('schema.graphql is stale: run `npm run schema:emit` and commit the result.');
      process.exit(1);
    }
    console.log('schema.graphql is current.');
    return;
  }
  writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
}

main();

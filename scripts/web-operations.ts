import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The web app's GraphQL operation names, written to server/web-operations.json (part of
// `npm run schema:print`): the server always labels these in its metrics, and pools the names other
// clients send beyond a bound (server/request-log.ts). tests/ops/observability.test.ts checks it is current.
const WEB = new URL('../web/src', import.meta.url).pathname;

/** `query Name` / `mutation Name` in the web app's sources (operations are named in PascalCase). */
export function webOperationNames(dir = WEB): string[] {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const source = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const m of source.matchAll(/\b(?:query|mutation|subscription)\s+([A-Z]\w*)/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const names = webOperationNames();
  writeFileSync(new URL('../server/web-operations.json', import.meta.url), `${JSON.stringify(names, null, 2)}\n`);
  console.log(`wrote server/web-operations.json (${names.length} operations)`);
}

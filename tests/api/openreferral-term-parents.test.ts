import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { STANDARD_DIR } from '../oruk/schemas';
import { termsOf } from '../oruk/term-feed';
import { startServer, type TestServer } from '../setup/server';

// Audit 61 F7: a published term's parent_id must lead somewhere. The standard's service_full.json
// names a parent (0bc248fa…) that is not in the file: we do not hold it, so no parent_id is
// published. A parent we hold (another zone's import brought it) is published with its child.

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

const EXAMPLE_TERM = '3f7b145d-84af-42d7-8fae-eaca714b02b2';
const EXAMPLE_PARENT = '0bc248fa-dc27-4650-9ba4-8f1a24ef16a2';
const TAXONOMY = crypto.randomUUID();
const PARENT = crypto.randomUUID();
const CHILD = crypto.randomUUID();
const term = termsOf(TAXONOMY, 'Parents list');

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  const { zone: a } = await createZone(s.db, 'term-parents', []);
  const { zone: b } = await createZone(s.db, 'term-parents-b', []);
  const example = JSON.parse(readFileSync(`${STANDARD_DIR}/examples/service_full.json`, 'utf8'));
  const [child, parent] = generateFeed(2, { prefix: 'term-parents', brokenEvery: 1000 }).services as Json[];
  Object.assign(child, {
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term: term(CHILD, 'Child term', PARENT) }],
  });
  Object.assign(parent, {
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term: term(PARENT, 'Parent term') }],
  });
  for (const [zoneId, records] of [
    [b.id, [parent]],
    [a.id, [example, child]],
  ] as const) {
    const summary = await runImport(s.db, memoryFeed([...records]), { zoneId, location: `term-parents-${zoneId}` });
    expect(summary.problems).toEqual([]);
  }
});
afterAll(() => s.close());

async function get(path: string) {
  const res = await fetch(`${s.url}/openreferral/term-parents/${path}`);
  return { status: res.status, body: (await res.json()) as Json };
}

describe('published taxonomy terms’ parents', () => {
  it('resolve by id for every term in the list; a parent we do not hold is not named', async () => {
    const list = await get('taxonomy_terms?per_page=100');
    expect(list.status).toBe(200);
    const terms = list.body.contents as Json[];
    const byId = new Map(terms.map((t) => [t.id, t]));
    expect(byId.get(CHILD)?.parent_id).toBe(PARENT);
    expect(byId.has(PARENT)).toBe(true);
    expect(byId.get(EXAMPLE_TERM)).toBeDefined();
    expect(byId.get(EXAMPLE_TERM).parent_id).toBeUndefined();
    for (const t of terms.filter((t) => t.parent_id)) {
      expect(byId.has(t.parent_id), `${t.id} → ${t.parent_id}`).toBe(true);
      expect((await get(`taxonomy_terms/${t.parent_id}`)).status, t.parent_id).toBe(200);
    }
    expect((await get(`taxonomy_terms/${EXAMPLE_TERM}`)).body.parent_id).toBeUndefined();
    expect((await get(`taxonomy_terms/${EXAMPLE_PARENT}`)).status).toBe(404);
  });

  it('are left out of a term within a taxonomy and within a service when we do not hold them', async () => {
    const taxonomies = (await get('taxonomies?per_page=100')).body.contents as Json[];
    const terms: Json[] = [];
    for (const x of taxonomies) terms.push(...(await get(`taxonomies/${x.id}`)).body.taxonomy_terms);
    const services = (await get('services?full_service=true&per_page=100')).body.contents as Json[];
    for (const service of services) terms.push(...service.attributes.map((a: Json) => a.taxonomy_term));
    expect(terms.find((t) => t.id === EXAMPLE_TERM)).toBeDefined();
    expect(terms.find((t) => t.id === CHILD)?.parent_id).toBe(PARENT);
    for (const t of terms.filter((t) => t.parent_id))
      expect((await get(`taxonomy_terms/${t.parent_id}`)).status, `${t.id} → ${t.parent_id}`).toBe(200);
  });
});

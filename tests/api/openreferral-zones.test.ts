import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_TAXONOMY } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// Zone isolation of the Open Referral feed's taxonomies: a taxonomy imported into one zone is
// published by that zone only; our own categories (the built-in national taxonomy) by every zone.
let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-zones-'));
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
async function get(p: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.url}/openreferral/${p}`);
  return { status: res.status, body: await res.json() };
}

const TAXONOMY = { id: 'c1a1c1a1-0000-4000-a000-000000000001', name: 'Zone A local tags' };
const PARENT = 'c1a1c1a1-0000-4000-a000-0000000000aa';
const CHILD = 'c1a1c1a1-0000-4000-a000-0000000000ab';

describe("a zone's taxonomies", () => {
  it('are published by that zone only; our categories by every zone', async () => {
    const [record] = generateFeed(1, { brokenEvery: 1_000_000, prefix: 'zone-a' }).services;
    const term = (id: string, name: string, parent?: string) => ({
      id,
      name,
      description: name,
      taxonomy: TAXONOMY.name,
      taxonomy_id: TAXONOMY.id,
      ...(parent ? { parent_id: parent } : {}),
    });
    // The parent term arrives on an inactive (unpublished) record; the child on a published one.
    const inactive = { ...generateFeed(1, { brokenEvery: 1_000_000, prefix: 'zone-a2' }).services[0]! };
    inactive.status = 'inactive';
    inactive.attributes = [{ id: crypto.randomUUID(), taxonomy_term_id: PARENT, taxonomy_term: term(PARENT, 'Top') }];
    record!.attributes = [
      { id: crypto.randomUUID(), taxonomy_term_id: CHILD, taxonomy_term: term(CHILD, 'Below', PARENT) },
    ];
    const file = path.join(dir, 'a.json');
    await writeFile(file, JSON.stringify([inactive, record]));
    const { zone: a } = await createZone(s.db, 'zone-a', []);
    await createZone(s.db, 'zone-b', []);
    const summary = await runImport(s.db, fileReader(file), { zoneId: a.id, location: `file:${file}` });
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ created: 2, skipped: 0 });

    // Zone A publishes its taxonomy, the term its listing carries and that term's parent.
    const aTaxonomies = (await get('zone-a/taxonomies')).body.contents.map((t: { id: string }) => t.id);
    expect(aTaxonomies).toEqual([PORTAL_TAXONOMY.id, TAXONOMY.id]);
    // (Filtering by another taxonomy than ours was a 500: the empty half of the union had no column names.)
    const aTermsRes = await get(`zone-a/taxonomy_terms?taxonomy_id=${TAXONOMY.id}`);
    expect(aTermsRes.status).toBe(200);
    const aTerms = aTermsRes.body.contents;
    expect(aTerms.map((t: { id: string }) => t.id).sort()).toEqual([PARENT, CHILD].sort());
    expect((await get(`zone-a/taxonomies/${TAXONOMY.id}`)).status).toBe(200);
    expect((await get(`zone-a/taxonomy_terms/${CHILD}`)).status).toBe(200);

    // Zone B (nothing imported) and the demo zone publish only the built-in categories of it.
    for (const zone of ['zone-b', 'demo']) {
      const taxonomies = (await get(`${zone}/taxonomies?per_page=100`)).body.contents;
      expect(taxonomies.map((t: { id: string }) => t.id)).toContain(PORTAL_TAXONOMY.id);
      expect(taxonomies.map((t: { id: string }) => t.id)).not.toContain(TAXONOMY.id);
      const terms = (await get(`${zone}/taxonomy_terms?per_page=100`)).body;
      expect(terms.total_items).toBeGreaterThan(30);
      expect(terms.contents.every((t: { taxonomy_id: string }) => t.taxonomy_id !== TAXONOMY.id)).toBe(true);
      expect((await get(`${zone}/taxonomy_terms?taxonomy_id=${TAXONOMY.id}`)).body.total_items).toBe(0);
      expect((await get(`${zone}/taxonomies/${TAXONOMY.id}`)).status).toBe(404);
      expect((await get(`${zone}/taxonomy_terms/${CHILD}`)).status).toBe(404);
      expect((await get(`${zone}/taxonomy_terms/${PARENT}`)).status).toBe(404);
    }
    expect((await get('zone-b/taxonomies')).body.total_items).toBe(1);
  }, 120_000);
});

import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader, urlReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { embedding, termFeed, termsOf } from '../oruk/term-feed';
import { startServer, type TestServer } from '../setup/server';

// A term's parent the feed has but no service names (a URL feed's /taxonomy_terms/{id}, a CSV
// package's taxonomy_terms.csv row no attribute uses) is held, so the published child's parent_id
// resolves: each asked once a run, up the chain, a loop stopped (and not held: term-loops.ts).

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

const term = termsOf(crypto.randomUUID(), 'Held parents list');

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

async function get(slug: string, path: string) {
  const res = await fetch(`${s.url}/openreferral/${slug}/${path}`);
  return { status: res.status, body: (await res.json()) as Json };
}

describe('a URL feed whose terms name parents no service uses', () => {
  const [child, parent, grand, loopA, loopB, loopChild] = Array.from({ length: 6 }, () => crypto.randomUUID());
  const answers: Record<string, Json> = {
    [parent!]: term(parent!, 'Parent term', grand),
    [grand!]: term(grand!, 'Grandparent term'),
    [loopA!]: term(loopA!, 'Loop A', loopB),
    [loopB!]: term(loopB!, 'Loop B', loopA),
  };
  const records = [
    embedding('held-url-a', [term(child!, 'Child term', parent)]),
    embedding('held-url-b', [term(child!, 'Child term', parent), term(loopChild!, 'Loop child', loopA)]),
  ];
  let feed: Awaited<ReturnType<typeof termFeed>>;
  beforeAll(async () => {
    feed = await termFeed(records, answers);
  });
  afterAll(() => feed.close());

  it('holds the parent and its parent, each asked once, and the published parent_id resolves', async () => {
    const { zone } = await createZone(s.db, 'held-url', []);
    const summary = await runImport(s.db, urlReader(feed.url), { zoneId: zone.id, location: feed.url });
    expect(summary, JSON.stringify(summary.problems)).toMatchObject({ created: 2, skipped: 0 });
    expect([...feed.asked].sort()).toEqual([parent, grand, loopA, loopB].sort());
    expect((await get('held-url', `taxonomy_terms/${child}`)).body.parent_id).toBe(parent);
    const held = await get('held-url', `taxonomy_terms/${parent}`);
    expect(held).toMatchObject({ status: 200, body: { name: 'Parent term', parent_id: grand } });
    expect(await get('held-url', `taxonomy_terms/${grand}`)).toMatchObject({ status: 200 });
    // A loop is followed once round, not for ever.
    expect((await get('held-url', `taxonomy_terms/${loopChild}`)).body.parent_id).toBe(loopA);
    expect((await get('held-url', `taxonomy_terms/${loopA}`)).status).toBe(200);
    // ... and the link that would close it (B's, held after A) is not held, noted for the record.
    expect((await get('held-url', `taxonomy_terms/${loopA}`)).body.parent_id).toBe(loopB);
    expect(summary.notes).toContainEqual({
      id: records[1].id,
      reason: `taxonomy term ${loopB}: its parent ${loopA} leads back to it, so it is held with no parent`,
    });
  });
});

describe('a CSV package whose taxonomy_terms.csv holds a parent no service uses', () => {
  const PACKAGE = path.join(import.meta.dirname, '../fixtures/oruk-tabular');
  const CHILD = '5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c6b01';
  const PARENT = '5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c6b02';
  const TAX = '5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c6c01';

  it('holds the parent row, so the published child’s parent_id resolves', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-held-parent-'));
    await cp(PACKAGE, dir, { recursive: true });
    await writeFile(
      path.join(dir, 'taxonomy_terms.csv'),
      'id,name,description,taxonomy_id,term,parent_id\n' +
        `${CHILD},Youth clubs,Clubs for young people,${TAX},youth-clubs,${PARENT}\n` +
        `${PARENT},Young people,Services for young people,${TAX},young-people,\n`,
    );
    const { zone } = await createZone(s.db, 'held-csv', []);
    const summary = await runImport(s.db, fileReader(dir), { zoneId: zone.id, location: 'file:held-csv' });
    expect(summary).toMatchObject({ read: 1, created: 1, skipped: 0, problems: [] });
    expect((await get('held-csv', `taxonomy_terms/${CHILD}`)).body.parent_id).toBe(PARENT);
    const parent = await get('held-csv', `taxonomy_terms/${PARENT}`);
    expect(parent).toMatchObject({ status: 200, body: { name: 'Young people', taxonomy: 'Riverside activities' } });
  });
});

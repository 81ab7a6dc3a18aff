import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taxonomies, taxonomyTerms } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader, urlReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { embedding, recordWith, termFeed, termsOf } from '../oruk/term-feed';
import { startServer, type TestServer } from '../setup/server';

// Terms whose parents lead back to them (A's parent B and B's parent A, A its own parent, or a
// loop closed through a term held from an earlier run, or through the feed's /taxonomy_terms):
// the link that would close the loop is not held, the run's notes say so, and our feed's
// parent_id chains end. The service goes in with its attributes.

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

const term = termsOf(crypto.randomUUID(), 'Looping list');
const note = (id: string, parent: string) =>
  `taxonomy term ${id}: its parent ${parent} leads back to it, so it is held with no parent`;

let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-term-loops-'));
});
afterAll(() => s.close());

async function get(slug: string, at: string) {
  const res = await fetch(`${s.url}/openreferral/${slug}/${at}`);
  return { status: res.status, body: (await res.json()) as Json };
}

/** Imports `records` from a file under the zone's one file source. */
async function importFile(zoneId: number, name: string, records: Json[]) {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(records));
  const summary = await runImport(s.db, fileReader(file), { zoneId, location: 'file:export' });
  expect(summary, JSON.stringify(summary.problems)).toMatchObject({ skipped: 0, problems: [] });
  return summary;
}

/** Every term the zone publishes ends its walk up parent_id within a few steps; the links it publishes. */
async function parentsEnd(slug: string): Promise<Map<string, string | undefined>> {
  const { body } = await get(slug, 'taxonomy_terms?per_page=100');
  const parentOf = new Map<string, string | undefined>(body.contents.map((t: Json) => [t.id, t.parent_id]));
  for (const start of parentOf.keys()) {
    let at: string | undefined = start;
    let steps = 0;
    while (at && parentOf.has(at) && steps < 10) {
      at = parentOf.get(at);
      steps++;
    }
    expect(steps, `walking up from ${start}`).toBeLessThan(10);
  }
  return parentOf;
}

/** The service as published: its attributes' terms, with their parent_id. */
async function publishedTerms(slug: string, id: string) {
  const { status, body } = await get(slug, `services/${id}`);
  expect(status).toBe(200);
  return body.attributes.map((a: Json) => ({ id: a.taxonomy_term.id, parent_id: a.taxonomy_term.parent_id }));
}

describe('a file whose terms loop', () => {
  it('A’s parent B and B’s parent A in one record: B is held with no parent, noted', async () => {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const { zone } = await createZone(s.db, 'loop-pair', []);
    const r = embedding('loop-pair', [term(a, 'Loop A', b), term(b, 'Loop B', a)]);
    const summary = await importFile(zone.id, 'pair', [r]);
    expect(summary.created).toBe(1);
    expect(summary.notes).toContainEqual({ id: r.id, reason: note(b, a) });
    const parents = await parentsEnd('loop-pair');
    expect(parents.get(a)).toBe(b);
    expect(parents.get(b)).toBeUndefined();
    expect(await publishedTerms('loop-pair', r.id)).toEqual([
      { id: a, parent_id: b },
      { id: b, parent_id: undefined },
    ]);
  });

  it('a term its own parent is held with no parent, noted', async () => {
    const self = crypto.randomUUID();
    const { zone } = await createZone(s.db, 'loop-self', []);
    const r = embedding('loop-self', [term(self, 'Own parent', self)]);
    const summary = await importFile(zone.id, 'self', [r]);
    expect(summary.created).toBe(1);
    expect(summary.notes).toContainEqual({ id: r.id, reason: note(self, self) });
    expect((await parentsEnd('loop-self')).get(self)).toBeUndefined();
    expect(await publishedTerms('loop-self', r.id)).toEqual([{ id: self, parent_id: undefined }]);
  });

  it('a loop closed through a term held from an earlier run: the new term’s link is left out, the held one kept', async () => {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const { zone } = await createZone(s.db, 'loop-runs', []);
    // B held with parent A, a term the feed has not sent yet.
    const first = embedding('loop-runs-b', [term(b, 'Held B', a)]);
    expect((await importFile(zone.id, 'runs-1', [first])).notes).toEqual([]);
    const second = embedding('loop-runs-a', [term(a, 'New A', b)]);
    const summary = await importFile(zone.id, 'runs-2', [first, second]);
    expect(summary.created).toBe(1);
    expect(summary.notes).toContainEqual({ id: second.id, reason: note(a, b) });
    const parents = await parentsEnd('loop-runs');
    expect(parents.get(b)).toBe(a);
    expect(parents.get(a)).toBeUndefined();
    expect(await publishedTerms('loop-runs', second.id)).toEqual([{ id: a, parent_id: undefined }]);
  });
});

describe('a URL feed whose /taxonomy_terms answer a loop', () => {
  const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
  const answers: Record<string, Json> = { [a]: term(a, 'Asked A', b), [b]: term(b, 'Asked B', a) };
  const r = recordWith('loop-url', [{ taxonomy_term_id: a }]);
  let feed: Awaited<ReturnType<typeof termFeed>>;
  beforeAll(async () => {
    feed = await termFeed([r], answers);
  });
  afterAll(() => feed.close());

  it('holds the parent asked for, and the service’s term with no parent, noted', async () => {
    const { zone } = await createZone(s.db, 'loop-url', []);
    const summary = await runImport(s.db, urlReader(feed.url), { zoneId: zone.id, location: feed.url });
    expect(summary, JSON.stringify(summary.problems)).toMatchObject({ created: 1, skipped: 0 });
    expect(summary.notes).toContainEqual({ id: r.id, reason: note(a, b) });
    // B was held first (a parent asked for), with A as its parent; A, stored after it, closes the
    // loop. B is then no published term's parent, so this zone does not publish it.
    const parents = await parentsEnd('loop-url');
    expect(parents.has(a)).toBe(true);
    expect(parents.get(a)).toBeUndefined();
    expect(parents.has(b)).toBe(false);
    expect((await get('loop-url', `taxonomy_terms/${b}`)).status).toBe(404);
    expect(await publishedTerms('loop-url', r.id)).toEqual([{ id: a, parent_id: undefined }]);
  });
});

describe('loops held before the import stopped them', () => {
  it('the migration drops one link of each loop, the last stored one’s, and keeps every other', async () => {
    const [taxonomy] = await s.db
      .insert(taxonomies)
      .values({ uuid: crypto.randomUUID(), name: 'Old loops' })
      .returning({ id: taxonomies.id });
    const [a, b, into, self, x, y, z] = Array.from({ length: 7 }, () => crypto.randomUUID());
    // Stored one by one, in this order (ids ascending), as an older import could have.
    const given: [string, string][] = [
      [a!, b!],
      [b!, a!],
      [into!, a!],
      [self!, self!],
      [x!, y!],
      [y!, z!],
      [z!, x!],
    ];
    for (const [uuid, parentUuid] of given)
      await s.db.insert(taxonomyTerms).values({ uuid, parentUuid, name: uuid, taxonomyId: taxonomy!.id });
    const file = new URL(
      '../../drizzle/migrations/20261207072132_term_parent_loops_broken/migration.sql',
      import.meta.url,
    );
    await s.db.execute(sql.raw(readFileSync(file, 'utf8')));
    const rows = await s.db
      .select({ uuid: taxonomyTerms.uuid, parent: taxonomyTerms.parentUuid })
      .from(taxonomyTerms)
      .where(
        inArray(
          taxonomyTerms.uuid,
          given.map(([uuid]) => uuid),
        ),
      );
    expect(new Map(rows.map((r) => [r.uuid, r.parent]))).toEqual(
      new Map([
        [a, b],
        [b, null],
        [into, a],
        [self, null],
        [x, y],
        [y, z],
        [z, null],
      ]),
    );
  });
});

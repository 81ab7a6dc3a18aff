import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../drizzle/client';
import {
  importSources,
  organisations,
  serviceAttributes,
  services,
  taxonomies,
  taxonomyTerms,
} from '../../drizzle/schema';
import { type FeedReader, runImport } from '../../schema/domain/openreferral/importer';
import { rowsOf } from '../../schema/domain/rows';
import type { Tx } from '../../schema/domain/transaction';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase, TEST_DB, TEST_PGBOUNCER } from '../setup/database';

// Two imports of different sources at the same moment (each source has its own lock) bring the
// same feed ids. Each takes a feed's id as our UUID when no row has it, so both may see it free:
// the second waits on the first's uncommitted row, and when that commits must neither fail its
// page nor skip the record. A service or organisation gets a UUID of its own; a taxonomy term (its
// UUID is its identity) is the one the first inserted. The first import is held open, the second
// started, seen waiting on the unique index, and only then the first committed.

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

let handle: DbHandle;
/** The second import's own pool on the same database, its statements recorded. */
let second: DbHandle;
const statements: string[] = [];
beforeAll(async () => {
  if (TEST_DB !== 'postgres') return;
  const fresh = await freshDatabase();
  handle = fresh;
  second = await createDb({
    databaseUrl: fresh.url,
    maxConnections: 4,
    pgbouncer: TEST_PGBOUNCER,
    logger: { logQuery: (query) => void statements.push(query) },
  });
});
afterAll(async () => {
  await second?.close();
  await handle?.close();
});

/** One page of `records`; a term named by id is answered from `terms`, as a URL feed's would be. */
const readerOf = (records: Json[], terms: Record<string, Json> = {}): FeedReader => ({
  incremental: false,
  async *pages() {
    yield { number: 1, totalPages: 1, totalItems: records.length, records };
  },
  term: async (id) => {
    if (terms[id]) return terms[id];
    throw new Error('not found');
  },
});

const term = (id: string, taxonomyId: string, name: string, parent?: string) => ({
  id,
  name,
  description: name,
  taxonomy: 'Race list',
  taxonomy_id: taxonomyId,
  ...(parent ? { parent_id: parent } : {}),
});

function feed(prefix: string, embedded: Json): Json[] {
  return generateFeed(3, { prefix, brokenEvery: 1_000_000 }).services.map((r) => ({
    ...r,
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term: embedded }],
  }));
}

/** Resolves once some connection to this database waits on a lock (the unique index's row). */
async function someoneWaits() {
  for (let i = 0; i < 200; i++) {
    const rows = rowsOf(
      await handle.db.execute(
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      ),
    );
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the second import never waited on the first');
}

/** `first` run in a transaction held open while source B's import runs; committed once B waits. */
async function race<T>(first: (tx: Tx) => Promise<T>, zoneB: number, reader: FeedReader) {
  let commit!: () => void;
  const gate = new Promise<void>((r) => {
    commit = r;
  });
  let written!: () => void;
  const firstWritten = new Promise<void>((r) => {
    written = r;
  });
  const held = handle.db.transaction(async (tx) => {
    const result = await first(tx);
    written();
    await gate;
    return result;
  });
  await Promise.race([firstWritten, held]);
  statements.length = 0;
  const other = runImport(second.db, reader, { zoneId: zoneB, location: 'race:b' });
  await Promise.race([someoneWaits(), other]);
  commit();
  return { a: await held, b: await other };
}

/** Source A's import of the same feed, in the held transaction. */
const importing = (zoneId: number, reader: FeedReader) => (tx: Tx) =>
  runImport(handle.db, reader, { zoneId, location: 'race:a', tx });

/** How many times the second import inserted services: once for the page, once more for ids taken
 * meanwhile, never record by record. */
const serviceInserts = () => statements.filter((q) => q.startsWith('insert into "services"')).length;

const sourceOf = async (zoneId: number) =>
  (
    await handle.db
      .select()
      .from(importSources)
      .where(and(eq(importSources.zoneId, zoneId), eq(importSources.location, 'race:b')))
  )[0]!;

describe.runIf(TEST_DB === 'postgres')('two sources importing the same ids at once', () => {
  it('the second gets new UUIDs for the services and organisations, shares the term, and fails nothing', async () => {
    const [taxonomyId, termId] = [crypto.randomUUID(), crypto.randomUUID()];
    const records = feed(`race-${crypto.randomUUID()}`, term(termId!, taxonomyId!, 'Race term'));
    const { zone: a } = await createZone(handle.db, 'race-a', []);
    const { zone: b } = await createZone(handle.db, 'race-b', []);

    const { a: first, b: second } = await race(importing(a.id, readerOf(records)), b.id, readerOf(records));

    expect(first).toMatchObject({ created: 3, skipped: 0, problems: [] });
    expect(second).toMatchObject({ created: 3, skipped: 0, problems: [], notes: [], interrupted: null });
    expect((await sourceOf(b.id)).lastStatus).toBe('finished');
    const ids = records.map((r) => r.id as string);
    const rows = await handle.db
      .select({
        uuid: services.uuid,
        zoneId: services.zoneId,
        externalId: services.externalId,
        org: organisations.uuid,
      })
      .from(services)
      .innerJoin(organisations, eq(organisations.id, services.organisationId))
      .where(inArray(services.externalId, ids));
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      const own = records.find((x) => x.id === r.externalId)!;
      // The first keeps the feed's ids; the second has ids of its own.
      if (r.zoneId === a.id) expect([r.uuid, r.org]).toEqual([own.id, own.organization_id]);
      else expect([r.uuid === own.id, r.org === own.organization_id]).toEqual([false, false]);
    }
    // One term and one taxonomy, both sources' services under it.
    const terms = await handle.db.select().from(taxonomyTerms).where(eq(taxonomyTerms.uuid, termId!));
    expect(terms).toHaveLength(1);
    expect(await handle.db.$count(taxonomies, eq(taxonomies.uuid, taxonomyId!))).toBe(1);
    expect(await handle.db.$count(serviceAttributes, eq(serviceAttributes.taxonomyTermId, terms[0]!.id))).toBe(6);
    expect(serviceInserts()).toBeLessThanOrEqual(2);
  });

  it('a parent term both feeds are answered for is held once, the second using the first’s', async () => {
    const [taxonomyId, childId, parentId] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const records = feed(`race-${crypto.randomUUID()}`, term(childId!, taxonomyId!, 'Race child', parentId));
    const answers = { [parentId!]: term(parentId!, taxonomyId!, 'Race parent') };
    const { zone: a } = await createZone(handle.db, 'race-parent-a', []);
    const { zone: b } = await createZone(handle.db, 'race-parent-b', []);

    const { a: first, b: second } = await race(
      importing(a.id, readerOf(records, answers)),
      b.id,
      readerOf(records, answers),
    );

    expect(first).toMatchObject({ created: 3, skipped: 0, problems: [] });
    expect(second).toMatchObject({ created: 3, skipped: 0, problems: [], notes: [], interrupted: null });
    expect((await sourceOf(b.id)).lastStatus).toBe('finished');
    for (const uuid of [parentId!, childId!])
      expect(await handle.db.$count(taxonomyTerms, eq(taxonomyTerms.uuid, uuid))).toBe(1);
    expect(await handle.db.$count(taxonomies, eq(taxonomies.uuid, taxonomyId!))).toBe(1);
  });

  it('a service another writer creates meanwhile under the feed’s id: the import’s gets a new UUID', async () => {
    const records = feed(`race-${crypto.randomUUID()}`, term(crypto.randomUUID(), crypto.randomUUID(), 'Race own'));
    const { zone: a, orgs } = await createZone(handle.db, 'race-writer-a');
    const { zone: b } = await createZone(handle.db, 'race-writer-b', []);
    // Not an import: rows under the same UUIDs, as any other writer's (the organisations are free).
    const creating = (tx: Tx) =>
      tx.insert(services).values(
        records.map((r) => ({
          uuid: r.id as string,
          zoneId: a.id,
          organisationId: orgs[0]!.id,
          name: 'Taken first',
          description: 'Created while the import ran',
        })),
      );

    const { b: summary } = await race(creating, b.id, readerOf(records));

    expect(summary).toMatchObject({ created: 3, skipped: 0, problems: [], notes: [], interrupted: null });
    expect((await sourceOf(b.id)).lastStatus).toBe('finished');
    const imported = await handle.db
      .select({ uuid: services.uuid, org: organisations.uuid, orgExternal: organisations.externalId })
      .from(services)
      .innerJoin(organisations, eq(organisations.id, services.organisationId))
      .where(eq(services.zoneId, b.id));
    expect(imported).toHaveLength(3);
    for (const r of imported) {
      expect(records.some((x) => x.id === r.uuid)).toBe(false);
      expect(r.org).toBe(r.orgExternal); // its organisation's id was free: kept
    }
    expect(serviceInserts()).toBe(2);
  });
});

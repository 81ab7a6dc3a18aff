import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, asc, count, eq, inArray, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources, organisations, serviceLocations, services } from '../../drizzle/schema';
import { type FeedReader, runImport } from '../../schema/domain/openreferral/importer';
import { fileReader, urlReader } from '../../server/openreferral/readers';
import { createZone, generatedZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// Importing other directories' Open Referral feeds: a generated 5,000-service feed with broken
// records, a second run, an incremental run, a dry run, withdrawal, resuming, and a round trip.
let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-'));
});
afterAll(() => s.close());

// In id order: without one, a plan change after autovacuum analyses the table reorders the rows.
const servicesOf = async (zoneId: number) =>
  s.db.select().from(services).where(eq(services.zoneId, zoneId)).orderBy(asc(services.id));
// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
const getJson = async (p: string): Promise<any> => (await fetch(`${s.url}/openreferral/${p}`)).json();

describe('a generated feed of 5,000 services with broken records', () => {
  const feed = generateFeed(5000);
  let zoneId: number;
  let file: string;

  it('imports the good records, reports each bad one with its id and reason, half-writes nothing', async () => {
    file = path.join(dir, 'feed.json');
    await writeFile(file, JSON.stringify({ total_items: feed.services.length, contents: feed.services }));
    ({
      zone: { id: zoneId },
    } = await createZone(s.db, 'imported', []));
    const summary = await runImport(s.db, fileReader(file), { zoneId, location: `file:${file}` });
    expect(summary).toMatchObject({
      read: 5000,
      created: feed.goodIds.length,
      updated: 0,
      skipped: feed.broken.length,
      full: false,
      keptOthers: true,
    });
    expect(summary.problems).toHaveLength(feed.broken.length);
    for (const b of feed.broken) {
      const reported = summary.problems.find((p) => p.id === b.id);
      expect(reported, `${b.kind} ${b.id}`).toBeDefined();
      expect(reported!.reason).toMatch(
        { schema: /not a valid/, organisation: /not in the feed/, duplicate: /twice/ }[b.kind],
      );
    }
    // A term named by id only that no one knows: the record goes in without it, noted (audit 61 F2).
    expect(feed.unknownTerms.length).toBeGreaterThan(10);
    for (const u of feed.unknownTerms)
      expect(summary.notes).toContainEqual({
        id: u.id,
        reason: `taxonomy term ${u.term} not imported: the feed names it by id only and it is not known here`,
      });
    const rows = await servicesOf(zoneId);
    expect(rows).toHaveLength(feed.goodIds.length);
    expect(new Set(rows.map((r) => r.externalId))).toEqual(new Set(feed.goodIds));
    // Nothing of a refused record: no organisation for the missing one, no listing, no venue.
    const orgs = await s.db.select().from(organisations).where(eq(organisations.zoneId, zoneId));
    // The first record with each good id (a later duplicate is refused).
    const firsts = new Map(feed.services.map((x) => [x.id, x] as const).reverse());
    const goodOrgs = new Set(feed.goodIds.map((id) => firsts.get(id)!.organization_id));
    expect(orgs.map((o) => o.externalId).sort()).toEqual([...goodOrgs].sort());
    const [venues] = await s.db
      .select({ n: count() })
      .from(serviceLocations)
      .innerJoin(services, eq(services.id, serviceLocations.serviceId))
      .where(eq(services.zoneId, zoneId));
    expect(venues!.n).toBe(feed.goodIds.length);
    // Active in the feed = published; imported listings are marked with their source.
    expect(rows.filter((r) => r.status === 'PUBLISHED').length).toBeGreaterThan(4000);
    expect(rows.every((r) => r.sourceId != null && !r.commissionable)).toBe(true);
    // The zone's feed republishes them, valid (checked in the publish tests): here just present.
    const page = await getJson('imported/services?per_page=1');
    expect(page.total_items).toBe(rows.filter((r) => r.status === 'PUBLISHED').length);
  }, 600_000);

  it('a second run changes nothing', async () => {
    const [before] = await s.db
      .select({ at: max(services.updatedAt) })
      .from(services)
      .where(eq(services.zoneId, zoneId));
    const summary = await runImport(s.db, fileReader(file), { zoneId, location: `file:${file}` });
    expect(summary).toMatchObject({ created: 0, updated: 0, withdrawn: 0, unchanged: feed.goodIds.length });
    const [after] = await s.db
      .select({ at: max(services.updatedAt) })
      .from(services)
      .where(eq(services.zoneId, zoneId));
    expect(after!.at).toEqual(before!.at);
  }, 600_000);

  it('a dry run prints the diff and writes nothing; the real run then archives what disappeared', async () => {
    const changed = structuredClone(feed.services.slice(0, 4000));
    (changed[1] as { name: string }).name = 'Renamed in the feed';
    const kept = new Set(changed.map((c) => c.id));
    // Listings still live (not archived as inactive) that the smaller feed no longer has.
    const gone = (await servicesOf(zoneId))
      .filter((r) => r.status !== 'ARCHIVED' && !kept.has(r.externalId))
      .map((r) => r.externalId!);
    expect(gone.length).toBeGreaterThan(500);
    const smaller = path.join(dir, 'smaller.json');
    await writeFile(smaller, JSON.stringify(changed));
    const snapshot = async () => JSON.stringify(await servicesOf(zoneId));
    const before = await snapshot();
    const sourcesBefore = await s.db.select().from(importSources).orderBy(asc(importSources.id));
    const dry = await runImport(s.db, fileReader(smaller), {
      zoneId,
      location: `file:${file}`,
      dryRun: true,
      full: true,
    });
    expect(dry).toMatchObject({ updated: 1, withdrawn: gone.length, created: 0 });
    expect(dry.diff).toContain(
      `~ update   "Renamed in the feed" (${changed[1]!.id}): name "${feed.services[1]!.name}" → "Renamed in the feed"`,
    );
    expect(dry.diff.filter((d) => d.startsWith('- withdraw'))).toHaveLength(gone.length);
    expect(await snapshot()).toBe(before);
    expect(await s.db.select().from(importSources).orderBy(asc(importSources.id))).toEqual(sourcesBefore);

    const real = await runImport(s.db, fileReader(smaller), { zoneId, location: `file:${file}`, full: true });
    expect(real).toMatchObject({ updated: 1, withdrawn: gone.length });
    const archived = await s.db
      .select()
      .from(services)
      .where(and(eq(services.zoneId, zoneId), inArray(services.externalId, gone)));
    expect(archived).toHaveLength(gone.length);
    expect(archived.every((a) => a.status === 'ARCHIVED')).toBe(true);
  }, 600_000);
});

describe('importing from a URL', () => {
  it('resumes an interrupted run where it stopped', async () => {
    const feed = generateFeed(450, { prefix: 'resume', brokenEvery: 1000 });
    const { zone } = await createZone(s.db, 'resumed', []);
    const pages = (fail: boolean): FeedReader => ({
      incremental: false,
      async *pages({ startPage }) {
        for (let n = startPage; n <= 5; n++) {
          if (fail && n === 3) throw new Error('connection reset');
          yield { number: n, totalPages: 5, totalItems: 450, records: feed.services.slice((n - 1) * 100, n * 100) };
        }
      },
    });
    const first = await runImport(s.db, pages(true), { zoneId: zone.id, location: 'test:resume' });
    expect(first).toMatchObject({ read: 200, created: 200, interrupted: 'connection reset' });
    const second = await runImport(s.db, pages(false), { zoneId: zone.id, location: 'test:resume' });
    expect(second).toMatchObject({ resumedAtPage: 3, read: 250, created: 250, withdrawn: 0, interrupted: null });
    expect(await servicesOf(zone.id)).toHaveLength(450);
  }, 300_000);

  it('incremental after the first run (modified_after), and the round trip: our feed imported matches', async () => {
    const source = await generatedZone(s.db, 'origin', 120);
    const { zone } = await createZone(s.db, 'copy', []);
    const url = `${s.url}/openreferral/origin/`;
    const first = await runImport(s.db, urlReader(url), { zoneId: zone.id, location: url });
    expect(first).toMatchObject({ read: 120, created: 120, skipped: 0, full: true });

    // Round trip: the copy's feed says what the origin's does, but for ids and dates.
    const strip = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(strip)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([k]) => !/(^|_)id$/.test(k) && k !== 'last_modified')
                .map(([k, x]) => [k, strip(x)]),
            )
          : v;
    const a = await getJson('origin/services?per_page=100&page=1');
    const b = await getJson('copy/services?per_page=100&page=1');
    expect(b.total_items).toBe(a.total_items);
    expect(strip(b.contents)).toEqual(strip(a.contents));

    // Incremental: one listing changes at the origin; only it is read and written.
    const [one] = await servicesOf(source.id);
    await s.db
      .update(services)
      .set({ name: 'Changed at the origin', updatedAt: new Date(Date.now() + 60_000) })
      .where(eq(services.id, one!.id));
    const second = await runImport(s.db, urlReader(url), { zoneId: zone.id, location: url });
    // modified_after is "on or after": the newest record of the last run comes again, untouched.
    expect(second).toMatchObject({ full: false, updated: 1, created: 0, withdrawn: 0 });
    expect(second.read).toBeLessThanOrEqual(2);
    const copy = await servicesOf(zone.id);
    expect(copy.filter((c) => c.name === 'Changed at the origin')).toHaveLength(1);
  }, 300_000);

  it('a null where a record should be is reported; a full run restarts an interrupted one; no date from the future is kept', async () => {
    const feed = generateFeed(4, { prefix: 'odd', brokenEvery: 1000 });
    const { zone } = await createZone(s.db, 'odd-records', []);
    const records = [null, ...feed.services.slice(0, 3)] as unknown[];
    (records[1] as { last_modified: string }).last_modified = '9999-12-31T23:59:59Z';
    const reader = (failAt: number | null): FeedReader => ({
      incremental: true,
      async *pages({ startPage }) {
        for (let n = startPage; n <= 2; n++) {
          if (n === failAt) throw new Error('connection reset');
          yield { number: n, totalPages: 2, totalItems: 4, records: records.slice((n - 1) * 2, n * 2) };
        }
      },
    });
    const location = 'test:odd';
    const interrupted = await runImport(s.db, reader(2), { zoneId: zone.id, location });
    expect(interrupted).toMatchObject({ read: 2, created: 1, skipped: 1, interrupted: 'connection reset' });
    expect(interrupted.problems[0]).toMatchObject({ id: null, reason: expect.stringMatching(/not a valid/) });
    // Asked for a full run, it does not resume the interrupted one: it reads everything again.
    const full = await runImport(s.db, reader(null), { zoneId: zone.id, location, full: true });
    expect(full).toMatchObject({ resumedAtPage: null, read: 4, created: 2, unchanged: 1, interrupted: null });
    const [source] = await s.db.select().from(importSources).where(eq(importSources.location, location));
    expect(source!.resumePage).toBeNull();
    // The record dated 9999 does not become the next run's modified_after.
    expect(new Date(source!.lastModifiedSeen!).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('a feed that cannot be read at all is an error; nothing is written', async () => {
    const { zone } = await createZone(s.db, 'unreadable', []);
    await expect(
      runImport(s.db, urlReader(`${s.url}/openreferral/no-such-zone/`), { zoneId: zone.id, location: 'x' }),
    ).rejects.toThrow(/HTTP 404/);
    await expect(
      runImport(s.db, fileReader(path.join(dir, 'missing.json')), { zoneId: zone.id, location: 'y' }),
    ).rejects.toThrow();
    expect(await servicesOf(zone.id)).toHaveLength(0);
    // Nothing was read, so there is no run to resume: the next one starts afresh.
    const left = await s.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(left.map((r) => r.resumePage)).toEqual([null, null]);
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { serviceAttributes, services, taxonomies, taxonomyTerms } from '../../drizzle/schema';
import { readOrukRecord } from '../../schema/domain/openreferral/from-oruk';
import { type Lookups, resolveReferences } from '../../schema/domain/openreferral/import-write';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader, urlReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { recordWith } from '../oruk/term-feed';
import { freshDatabase } from '../setup/database';

// Schema-valid ways to name a taxonomy term (audit 61 F2): by id only, which an ORUK API's
// /taxonomy_terms/{id} answers for, or embedded with no taxonomy at all. Neither costs the
// service: a term that cannot be had is left out, said in the run's notes.
let handle: DbHandle;
let dir: string;
beforeAll(async () => {
  handle = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-term-lookup-'));
});
afterAll(() => handle.close());

const record = recordWith;
const termsOf = async (externalId: string) =>
  handle.db
    .select({ term: taxonomyTerms.name, taxonomy: taxonomies.name })
    .from(services)
    .innerJoin(serviceAttributes, eq(serviceAttributes.serviceId, services.id))
    .innerJoin(taxonomyTerms, eq(taxonomyTerms.id, serviceAttributes.taxonomyTermId))
    .innerJoin(taxonomies, eq(taxonomies.id, taxonomyTerms.taxonomyId))
    .where(eq(services.externalId, externalId));

describe('a file naming terms in ways the standard allows', () => {
  it('a term by id only that no one knows: the service goes in without it, noted with the id', async () => {
    const { zone } = await createZone(handle.db, 'lookup-file', []);
    const term = crypto.randomUUID();
    const byId = record('lookup-file-id', [{ taxonomy_term_id: term }]);
    const file = path.join(dir, 'by-id.json');
    await writeFile(file, JSON.stringify([byId]));
    const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: `file:${file}` });
    expect(summary, JSON.stringify(summary.problems)).toMatchObject({ created: 1, skipped: 0 });
    expect(summary.notes).toContainEqual({
      id: byId.id,
      reason: `taxonomy term ${term} not imported: the feed names it by id only and it is not known here`,
    });
    expect(await termsOf(byId.id as string)).toEqual([]);
  });

  it('a term with no taxonomy and no taxonomy_id goes in under an unnamed taxonomy, as one with a taxonomy_id alone', async () => {
    const { zone } = await createZone(handle.db, 'lookup-loose', []);
    const loose = record('lookup-loose', [
      { taxonomy_term: { id: crypto.randomUUID(), name: 'Loose term', description: 'd' } },
    ]);
    const taxonomyIdOnly = record('lookup-taxid', [
      {
        taxonomy_term: {
          id: crypto.randomUUID(),
          name: 'Term of an unnamed list',
          description: 'd',
          taxonomy_id: crypto.randomUUID(),
        },
      },
    ]);
    const file = path.join(dir, 'loose.json');
    await writeFile(file, JSON.stringify([loose, taxonomyIdOnly]));
    const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: `file:${file}` });
    expect(summary, JSON.stringify(summary.problems)).toMatchObject({ created: 2, skipped: 0 });
    expect(await termsOf(loose.id as string)).toEqual([{ term: 'Loose term', taxonomy: 'Unnamed taxonomy' }]);
    expect(await termsOf(taxonomyIdOnly.id as string)).toEqual([
      { term: 'Term of an unnamed list', taxonomy: 'Unnamed taxonomy' },
    ]);
  });
});

describe('a URL feed naming terms by id only', () => {
  let server: http.Server;
  let url: string;
  const asked: string[] = [];
  const known = crypto.randomUUID();
  const missing = crypto.randomUUID();
  const records = [
    record('lookup-url-a', [{ taxonomy_term_id: known }]),
    record('lookup-url-b', [{ taxonomy_term_id: known }, { taxonomy_term_id: missing }]),
  ];
  beforeAll(async () => {
    // An ORUK API: one page of services, and the one term it knows at /taxonomy_terms/{id}.
    server = http.createServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      asked.push(u.pathname);
      res.setHeader('content-type', 'application/json');
      if (u.pathname === '/services')
        return res.end(JSON.stringify({ total_items: 2, total_pages: 1, page: 1, last_page: true, contents: records }));
      if (u.pathname === `/taxonomy_terms/${known}`)
        return res.end(
          JSON.stringify({ id: known, name: 'Fetched term', description: 'Asked for', taxonomy: 'Source list' }),
        );
      res.statusCode = 404;
      res.end('{"message":"not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('asks the feed for each unknown term once a run, uses what it answers, and notes what it does not', async () => {
    const { zone } = await createZone(handle.db, 'lookup-url', []);
    const summary = await runImport(handle.db, urlReader(url), { zoneId: zone.id, location: url });
    expect(summary, JSON.stringify(summary.problems)).toMatchObject({ created: 2, skipped: 0 });
    expect(asked.filter((p) => p.startsWith('/taxonomy_terms/')).sort()).toEqual(
      [`/taxonomy_terms/${known}`, `/taxonomy_terms/${missing}`].sort(),
    );
    const fetched = { term: 'Fetched term', taxonomy: 'Source list' };
    expect(await termsOf(records[0]!.id as string)).toEqual([fetched]);
    expect(await termsOf(records[1]!.id as string)).toEqual([fetched]);
    expect(summary.notes).toEqual([
      {
        id: records[1]!.id,
        reason: `taxonomy term ${missing} not imported: the feed names it by id only and it is not known here (${url}taxonomy_terms/${missing} answered HTTP 404)`,
      },
    ]);
  });
});

describe('resolveReferences', () => {
  it('says what it changed: the term it dropped from the record, noted', () => {
    const term = crypto.randomUUID();
    const { service, org } = readOrukRecord(record('resolve-refs', [{ taxonomy_term_id: term }]));
    if (typeof service === 'string') throw new Error(service);
    const none = new Map();
    const l: Lookups = {
      categoryByUuid: none,
      termByUuid: none,
      zoneTerms: new Set(),
      orgByExternalId: none,
      orgFields: none,
    };
    const note = `taxonomy term ${term} not imported: the feed names it by id only and it is not known here`;
    expect(resolveReferences(service, org, l)).toEqual([note]);
    expect(service.terms).toEqual([]);
    expect(service.notes).toContain(note);
  });
});

describe('a URL feed naming many terms by id only', () => {
  let server: http.Server;
  let base: string;
  const ids: string[] = Array.from({ length: 7 }, () => crypto.randomUUID());
  const records = [
    record(
      'lookup-many-a',
      ids.slice(0, 4).map((id) => ({ taxonomy_term_id: id })),
    ),
    record(
      'lookup-many-b',
      ids.map((id) => ({ taxonomy_term_id: id })),
    ),
  ];
  const asked: Record<string, string[]> = { up: [], down: [] };
  let inFlight = 0;
  let mostAtOnce = 0;
  beforeAll(async () => {
    // /up/ answers every term after 50 ms; /down/ answers 503 (down) for every term.
    server = http.createServer((req, res) => {
      const [, feed, what, id] = new URL(req.url!, 'http://x').pathname.split('/');
      res.setHeader('content-type', 'application/json');
      if (what === 'services')
        return res.end(JSON.stringify({ total_items: 2, total_pages: 1, page: 1, last_page: true, contents: records }));
      asked[feed!]!.push(id!);
      if (feed === 'down') {
        res.statusCode = 503;
        return res.end('{}');
      }
      mostAtOnce = Math.max(mostAtOnce, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.end(JSON.stringify({ id, name: `Term ${ids.indexOf(id!)}`, description: 'd', taxonomy: 'Many' }));
      }, 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('asks a few at once, each once a run, and keeps the record’s order', async () => {
    const { zone } = await createZone(handle.db, 'lookup-many', []);
    const summary = await runImport(handle.db, urlReader(`${base}/up/`), { zoneId: zone.id, location: 'many' });
    expect(summary, JSON.stringify(summary.problems)).toMatchObject({ created: 2, skipped: 0, notes: [] });
    expect([...asked.up!].sort()).toEqual([...ids].sort());
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(mostAtOnce).toBeLessThanOrEqual(4);
    const names = (await termsOf(records[1]!.id as string)).map((t) => t.term).sort();
    expect(names).toEqual(ids.map((_, i) => `Term ${i}`).sort());
  });

  it('after the feed cannot be reached for a term, later ones are not asked, and their notes say so', async () => {
    const { zone } = await createZone(handle.db, 'lookup-down', []);
    const url = `${base}/down/`;
    const summary = await runImport(handle.db, urlReader(url), { zoneId: zone.id, location: 'down' });
    expect(summary, JSON.stringify(summary.problems)).toMatchObject({ created: 2, skipped: 0 });
    // The first four were on their way at once; none after them was asked.
    expect(asked.down!).toHaveLength(4);
    const reasons = summary.notes.filter((n) => n.id === records[1]!.id).map((n) => n.reason);
    const tail = 'not imported: the feed names it by id only and it is not known here';
    expect(reasons).toEqual(
      ids.map((id, i) =>
        i < 4
          ? `taxonomy term ${id} ${tail} (${url}taxonomy_terms/${id} answered HTTP 503)`
          : `taxonomy term ${id} ${tail} (not asked: the feed could not be reached for an earlier term)`,
      ),
    );
  });
});

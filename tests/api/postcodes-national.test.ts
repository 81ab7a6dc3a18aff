import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle, PGLITE_EXTENSIONS } from '../../drizzle/client';
import { postcodeOutwards, postcodes } from '../../drizzle/schema';
import { loadPostcodes } from '../../schema/domain/postcodes-load';
import { inTransaction } from '../../schema/domain/transaction';
import { createZoneWithAdmin } from '../../schema/domain/zones';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { prepareDatabase } from '../../server/prepare-database';
import { ensureOutwardCentroids, readOutwardCentroids } from '../../server/seed/outward-centroids';
import { TEST_WEB_DIR } from '../e2e/build-web';

// A portal started with SEED=none (no postcodes loaded) still places any well-formed postcode
// whose outward code exists, by the national outward-code centroids shipped as data
// (server/seed/data/outward-centroids.csv, from OS Code-Point Open).
const logger = createLogger({ level: 'silent' });
let handle: DbHandle;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  handle = await createDb({ pglite: new PGlite({ extensions: PGLITE_EXTENSIONS }) });
  await prepareDatabase(handle, { seed: 'none', logger });
  await inTransaction(handle.db, (tx) =>
    createZoneWithAdmin(tx, {
      slug: 'bare',
      name: 'Bare borough',
      period: '2026-27',
      adminEmail: 'admin@bare.test',
      adminName: 'Admin',
    }),
  );
  const server = await createApp({ db: handle.db, production: false, webDir: TEST_WEB_DIR });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await handle.close();
  };
}, 120_000);
afterAll(() => close());

async function gql(query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read dynamically.
  return { status: res.status, body: (await res.json()) as any };
}

describe('national outward-code centroids with SEED=none', () => {
  it('are all loaded at start, with no postcode loaded; a second start adds nothing', async () => {
    const shipped = await readOutwardCentroids();
    expect(shipped.length).toBeGreaterThan(2800);
    expect(await handle.db.select().from(postcodes)).toEqual([]);
    expect((await handle.db.select().from(postcodeOutwards)).length).toBe(shipped.length);
    expect(await ensureOutwardCentroids(handle.db)).toBe(0);
  });

  it('places SE15 4QL by its outward code, and the page is told so', async () => {
    const q = `query($p: String!) { postcode(postcode: $p) { postcode outward precision } }`;
    expect((await gql(q, { p: 'se15 4ql' })).body.data.postcode).toEqual({
      postcode: 'SE15 4QL',
      outward: 'SE15',
      precision: 'OUTWARD',
    });
    const [se15] = await handle.db.select().from(postcodeOutwards).where(eq(postcodeOutwards.outward, 'SE15'));
    // Peckham: where the ONS Postcode Directory puts SE15 4QL (51.469427, -0.067383) is within a kilometre.
    expect(se15!.latitude).toBeCloseTo(51.47, 1);
    expect(Math.abs(se15!.latitude - 51.469427)).toBeLessThan(0.01);
    expect(Math.abs(se15!.longitude - -0.067383)).toBeLessThan(0.015);
    const search = await gql(
      `query($p: String!) { services(first: 3, filter: { nearPostcode: $p, withinKm: 5 }) { totalCount } }`,
      { p: 'SE15 4QL' },
    );
    expect(search.body.errors).toBeUndefined();
    expect(search.body.data.services.totalCount).toBe(0);
    // Anywhere in Great Britain, not only the demo borough.
    expect((await gql(q, { p: 'YO62 5XX' })).body.data.postcode.precision).toBe('OUTWARD');
    expect((await gql(q, { p: 'EH1 1AA' })).body.data.postcode.precision).toBe('OUTWARD');
  });

  it('an unknown outward code is a clear error: UNKNOWN, a field error, and 400 on the Open Referral API', async () => {
    const q = `query($p: String!) { postcode(postcode: $p) { precision } }`;
    expect((await gql(q, { p: 'ZZ99 9ZZ' })).body.data.postcode.precision).toBe('UNKNOWN');
    const search = await gql(
      `query($p: String!) { services(first: 3, filter: { nearPostcode: $p, withinKm: 5 }) { totalCount edges { node { distanceKm } } } }`,
      { p: 'ZZ99 9ZZ' },
    );
    // A request error: GraphQL over HTTP answers 200 with it to a client that accepts only JSON.
    expect(search.body.data).toBeNull();
    expect(search.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(search.body.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { path: ['filter', 'nearPostcode'], message: 'We do not know the postcode ZZ99 9ZZ' },
    ]);
    // Not a postcode at all, short or long: asked for one, never told a length.
    for (const p of ['nope', 'not a postcode']) {
      const bad = await gql(`query($p: String!) { services(first: 1, filter: { nearPostcode: $p }) { totalCount } }`, {
        p,
      });
      expect(bad.body.errors?.[0]?.extensions?.fieldErrors, p).toEqual([
        { path: ['filter', 'nearPostcode'], message: 'Enter a real UK postcode, like SE15 4QL' },
      ]);
    }
    // Asked for the count alone (with or without a radius), the answer is the same error, never 0.
    for (const filter of ['{ nearPostcode: $p }', '{ nearPostcode: $p, withinKm: 5 }']) {
      const countOnly = await gql(`query($p: String!) { services(filter: ${filter}) { totalCount } }`, {
        p: 'ZZ99 9ZZ',
      });
      expect(countOnly.body.data).toBeNull();
      expect(countOnly.body.errors?.[0]?.extensions?.fieldErrors).toEqual([
        { path: ['filter', 'nearPostcode'], message: 'We do not know the postcode ZZ99 9ZZ' },
      ]);
    }
    const known = await fetch(`${url}/openreferral/bare/services?postcode=SE15%204QL&proximity=5000`);
    expect(known.status).toBe(200);
    const unknown = await fetch(`${url}/openreferral/bare/services?postcode=ZZ99%209ZZ`);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toMatch(/We do not know the postcode ZZ99 9ZZ/);
  });

  it('never overwrites a centroid already there (a council file or the demo seed wins)', async () => {
    await handle.db.update(postcodeOutwards).set({ latitude: 51.5 }).where(eq(postcodeOutwards.outward, 'SE15'));
    await handle.db.delete(postcodeOutwards).where(eq(postcodeOutwards.outward, 'EH1'));
    expect(await ensureOutwardCentroids(handle.db)).toBe(1);
    const [se15] = await handle.db.select().from(postcodeOutwards).where(eq(postcodeOutwards.outward, 'SE15'));
    expect(se15!.latitude).toBe(51.5);
  });

  it('never adds back an outward code a postcodes load removed as emptied, on any later start', async () => {
    const file = (doterm: string) => Readable.from(`pcds,doterm,lat,long\nEH1 1AA,${doterm},55.95,-3.19\n`);
    await loadPostcodes(handle.db, file(''));
    // A later file ends EH1's only postcode held: the outward code goes with it.
    expect(await loadPostcodes(handle.db, file('202501'))).toMatchObject({ removed: 1 });
    const eh1 = () => handle.db.select().from(postcodeOutwards).where(eq(postcodeOutwards.outward, 'EH1'));
    expect(await eh1()).toEqual([]);
    await prepareDatabase(handle, { seed: 'none', logger });
    expect(await ensureOutwardCentroids(handle.db)).toBe(0);
    expect(await eh1()).toEqual([]);
  });
});

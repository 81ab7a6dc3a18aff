import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { planScale } from '../../server/seed/scale/plan';
import { seedScale } from '../../server/seed/scale/run';
import { statementCapture } from '../setup/capture';
import { freshDatabase } from '../setup/database';
import { TEST_NOW } from '../setup/server';

// Distance search reads venues off the GiST index instead of measuring every listing. Checked on a
// zone of the scale seed: the plans name the index and never scan services, and the answers equal
// a brute-force great-circle computation over every venue.

const { logger: capture, captured } = statementCapture();
let handle: Awaited<ReturnType<typeof freshDatabase>>;
let url: string;
let close: () => Promise<void>;
const HERE = { latitude: 53.8, longitude: -1.55 }; // Leeds, the first scale zone's centre

beforeAll(async () => {
  handle = await freshDatabase(capture);
  await seedScale(handle.db, planScale({ services: 3000, children: 0, commissions: 0, zones: 1 }), () => {});
  const server = await createApp({ db: handle.db, production: false, now: () => TEST_NOW });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await handle.close();
  };
}, 180_000);
afterAll(() => close());

type Page = { totalCount: number; edges: { node: { id: string; distanceKm: number | null } }[] };
async function search(filter: Record<string, unknown>, first = 20): Promise<Page> {
  captured.length = 0;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($f: ServiceFilter, $first: Int) { services(first: $first, filter: $f) {
        totalCount edges { node { id distanceKm } } } }`,
      variables: { f: filter, first },
    }),
  });
  const body = (await res.json()) as { data: { services: Page }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data.services;
}

async function plan(query: string, params: unknown[]): Promise<string> {
  const explain = `explain (format json) ${query}`;
  const rows = handle.pglite
    ? (await handle.pglite.query(explain, params)).rows
    : await handle.postgres!.unsafe(explain, params as never[]);
  return JSON.stringify(rows);
}

const seqScanOfServices = (p: string) => /"Node Type":"Seq Scan"[^{}]*"Relation Name":"services"/.test(p);

/** Every published listing's nearest venue by the haversine formula, nearest first. */
async function bruteForce(): Promise<{ id: number; km: number }[]> {
  const rows = handle.pglite
    ? (
        await handle.pglite.query<{ id: number; latitude: number; longitude: number }>(
          `select s.id, l.latitude, l.longitude from services s join service_locations l on l."serviceId" = s.id
           where s.status = 'PUBLISHED'`,
        )
      ).rows
    : await handle.postgres!.unsafe(`select s.id, l.latitude, l.longitude from services s
        join service_locations l on l."serviceId" = s.id where s.status = 'PUBLISHED'`);
  const rad = (d: number) => (d * Math.PI) / 180;
  const nearest = new Map<number, number>();
  for (const r of rows as { id: number; latitude: number; longitude: number }[]) {
    const a =
      Math.sin(rad(r.latitude - HERE.latitude) / 2) ** 2 +
      Math.cos(rad(HERE.latitude)) * Math.cos(rad(r.latitude)) * Math.sin(rad(r.longitude - HERE.longitude) / 2) ** 2;
    const km = 6371 * 2 * Math.asin(Math.sqrt(a));
    nearest.set(Number(r.id), Math.min(km, nearest.get(Number(r.id)) ?? Number.POSITIVE_INFINITY));
  }
  return [...nearest].map(([id, km]) => ({ id, km })).sort((x, y) => x.km - y.km);
}

describe('distance search on the index', () => {
  it('finds the nearest listings through the index, without scanning services, and gets them right', async () => {
    const page = await search({ near: HERE }, 20);
    const knn = captured.find((c) => /order by geo_point\(l\."latitude", l\."longitude"\) <->/.test(c.query));
    expect(knn, 'the nearest-first candidates query').toBeDefined();
    const p = await plan(knn!.query, knn!.params);
    expect(p).toContain('service_locations_geo');
    expect(seqScanOfServices(p)).toBe(false);
    const expected = (await bruteForce()).slice(0, 20);
    const got = page.edges.map((e) => e.node.distanceKm);
    expect(got).toEqual(expected.map((e) => Math.round(e.km * 100) / 100));
  });

  it('finds listings within a radius through the index, counts them exactly', async () => {
    const page = await search({ near: HERE, withinKm: 3 }, 100);
    const expected = (await bruteForce()).filter((e) => e.km <= 3);
    expect(expected.length).toBeGreaterThan(20);
    expect(page.totalCount).toBe(expected.length);
    expect(page.edges.length).toBe(Math.min(100, expected.length));
    const got = page.edges.map((e) => e.node.distanceKm);
    expect(got).toEqual(expected.slice(0, 100).map((e) => Math.round(e.km * 100) / 100));
    // The page's candidates: venues inside the radius, off the index, never a scan of services.
    const candidates = captured.find((c) => /order by geo_point\(l\."latitude", l\."longitude"\) <->/.test(c.query));
    const candidatesPlan = await plan(candidates!.query, candidates!.params);
    expect(candidatesPlan).toContain('service_locations_geo');
    expect(seqScanOfServices(candidatesPlan)).toBe(false);
    // Venues are read once: the radius limits the same scan that orders them.
    expect(candidatesPlan.match(/"Relation Name":"service_locations"/g)).toHaveLength(1);
    const count = captured.find((c) => /^select count\(\*\)/i.test(c.query));
    expect(count, 'the totalCount query').toBeDefined();
    expect(await plan(count!.query, count!.params)).toContain('service_locations_geo');
  });

  it('free only (no unit price and no family cost) adds no scan of services', async () => {
    const page = await search({ near: HERE, withinKm: 3, freeOnly: true }, 20);
    expect(page.totalCount).toBeGreaterThan(0);
    const candidates = captured.find((c) => /order by geo_point\(l\."latitude", l\."longitude"\) <->/.test(c.query));
    expect(candidates!.query).toContain('service_cost_options');
    const candidatesPlan = await plan(candidates!.query, candidates!.params);
    expect(candidatesPlan).toContain('service_locations_geo');
    expect(seqScanOfServices(candidatesPlan)).toBe(false);
    const count = captured.find((c) => /^select count\(\*\)/i.test(c.query));
    expect(seqScanOfServices(await plan(count!.query, count!.params))).toBe(false);
  });
});

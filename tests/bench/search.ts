import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { createDb } from '../../drizzle/client';
import { migrate } from '../../drizzle/migrate';
import { categories, organisations, zones } from '../../drizzle/schema';
import { parseListing, saveListing } from '../../schema/domain/listing';
import { inTransaction } from '../../schema/domain/transaction';
import { createApp } from '../../server/app';
import { statementCounter } from '../../server/query-counter';
import { seedDemo } from '../../server/seed/demo';
import { seededRandom } from '../../server/seed/random';
import { closeConnections, percentile, postJson } from './measure';

// `npm run bench`: directory search over HTTP against a scaled-up directory. Prints figures;
// asserts nothing (speed is measured here, never in tests). BENCH_SERVICES sets the size.

const EXTRA = Number(process.env.BENCH_SERVICES ?? 3000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WORDS = [
  'family',
  'therapy',
  'counselling',
  'sport',
  'music',
  'tuition',
  'reading',
  'parenting',
  'anxiety',
  'youth',
  'club',
  'support',
];

const handle = await createDb({ databaseUrl: process.env.DATABASE_URL, logger: statementCounter });
await migrate(handle);
await seedDemo(handle.db);
const rnd = seededRandom(7);
const started = performance.now();
await inTransaction(handle.db, async (tx) => {
  const [zone] = await tx.select().from(zones).where(eq(zones.slug, 'demo'));
  const orgs = await tx.select().from(organisations).where(eq(organisations.zoneId, zone!.id));
  const subs = (await tx.select().from(categories)).filter((c) => c.parentId !== null);
  for (let i = 0; i < EXTRA; i++) {
    const org = rnd.pick(orgs);
    const price = rnd.next() < 0.4 ? null : rnd.int(5, 200) * 100;
    const listing = parseListing({
      name: `${rnd.pick(WORDS)} ${rnd.pick(WORDS)} ${i}`,
      description: `A ${rnd.pick(WORDS)} service with ${rnd.pick(WORDS)} and ${rnd.pick(WORDS)} for local children.`,
      categoryIds: [rnd.pick(subs).id],
      minAge: rnd.int(0, 10),
      maxAge: rnd.int(11, 25),
      deliveryModes: [rnd.pick(['IN_SCHOOL', 'COMMUNITY_VENUE', 'HOME', 'ONLINE'] as const)],
      unitPricePence: price,
      unitName: price ? 'session' : null,
      commissionable: price !== null,
      capacity: rnd.int(0, 20),
      evidenceLevel: 'EMERGING',
      locations: [
        {
          name: 'Venue',
          address: '1 High Street, London',
          postcode: 'SE6 4JD',
          latitude: 51.4 + rnd.next() * 0.1,
          longitude: -0.08 + rnd.next() * 0.1,
        },
      ],
      districtIds: [],
    });
    await saveListing(tx, { zoneId: zone!.id, organisationId: org.id }, listing, undefined, { status: 'PUBLISHED' });
  }
});
console.log(
  `Seeded ${EXTRA} extra listings in ${((performance.now() - started) / 1000).toFixed(1)} s (${handle.kind})`,
);

const server = await createApp({ db: handle.db, production: false });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
const QUERY = `query($filter: ServiceFilter, $first: Int) { services(first: $first, filter: $filter) { totalCount edges { node { id name unitPricePence distanceKm stale organisation { name } categories { name } locations { postcode } } } } }`;

const cases: [string, Record<string, unknown>, number][] = [
  ['by name, page of 20', {}, 20],
  ['by name, page of 100', {}, 100],
  ['text "family therapy"', { text: 'family therapy' }, 20],
  ['text + filters', { text: 'support', age: 9, commissionableOnly: true, maxUnitPricePence: 5000 }, 20],
  ['near a point, within 3 km', { near: { latitude: 51.45, longitude: -0.03 }, withinKm: 3 }, 20],
  ['near a postcode, text, 100', { nearPostcode: 'SE6', text: 'club' }, 100],
];

console.log(
  `\n${'case'.padEnd(30)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'SQL'.padStart(4)} ${'total'.padStart(6)}`,
);
for (const [name, filter, first] of cases) {
  const times: number[] = [];
  let statements = 0;
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await postJson(url, JSON.stringify({ query: QUERY, variables: { filter, first } }));
    const body = JSON.parse(res.text) as { data: { services: { totalCount: number } } };
    times.push(performance.now() - t0);
    statements = Number(res.headers['x-sql-statements']);
    total = body.data.services.totalCount;
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => percentile(times, p).toFixed(1);
  console.log(
    `${name.padEnd(30)} ${pct(0.5).padStart(8)} ${pct(0.95).padStart(8)} ${String(statements).padStart(4)} ${String(total).padStart(6)}`,
  );
}
closeConnections();
server.close();
await handle.close();

import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { schemaErrors } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// Fields an imported Open Referral record must keep: imported, then fetched back from our own
// feed, they say the same thing.
let s: TestServer;
let dir: string;
let zoneId: number;
beforeAll(async () => {
  s = await startServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-round-trip-'));
  ({
    zone: { id: zoneId },
  } = await createZone(s.db, 'round-trip', []));
});
afterAll(() => s.close());

type Json = Record<string, unknown>;
let n = 0;
/** A good generated record with `changes` applied. */
function record(changes: Json): Json {
  return { ...generateFeed(1, { brokenEvery: 1_000_000, prefix: `round-trip-${n++}` }).services[0]!, ...changes };
}

/** Imports the records into the zone and answers the import's summary. */
async function importRecords(records: Json[]) {
  const file = path.join(dir, `feed-${n++}.json`);
  await writeFile(file, JSON.stringify(records));
  return runImport(s.db, fileReader(file), { zoneId, location: `file:${file}` });
}

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
async function published(externalId: string): Promise<any> {
  const [row] = await s.db
    .select({ uuid: services.uuid })
    .from(services)
    .where(and(eq(services.zoneId, zoneId), eq(services.externalId, externalId)));
  const res = await fetch(`${s.url}/openreferral/round-trip/services/${row!.uuid}`);
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(schemaErrors('service', body)).toEqual([]);
  return body;
}

describe('an imported record published again', () => {
  it('keeps a service area that has both a name and a service_area', async () => {
    const r = record({});
    const id = r.id as string;
    r.service_areas = [
      { id: crypto.randomUUID(), service_id: id, name: 'Lewisham borough', service_area: 'SE6 and SE13' },
      { id: crypto.randomUUID(), service_id: id, service_area: 'Camden' },
      { id: crypto.randomUUID(), service_id: id, name: 'Greenwich', service_area: 'Greenwich' },
    ];
    expect(await importRecords([r])).toMatchObject({ created: 1, skipped: 0 });
    const areas = (await published(id)).service_areas.map((a: Json) => [a.name, a.service_area]);
    expect(areas).toEqual([
      ['Lewisham borough', 'SE6 and SE13'],
      ['Camden', 'Camden'],
      ['Greenwich', 'Greenwich'],
    ]);
  });

  it('keeps monthly and fortnightly schedules', async () => {
    const r = record({});
    const id = r.id as string;
    const given = [
      {
        freq: 'MONTHLY',
        byday: '1MO,-1FR',
        opens_at: '10:00',
        closes_at: '12:00',
        description: 'First Monday, last Friday',
      },
      { freq: 'MONTHLY', bymonthday: '1,15,-5', opens_at: '09:30', closes_at: '11:00' },
      { freq: 'WEEKLY', interval: 2, dtstart: '2026-01-06', byday: 'TU', opens_at: '18:00', closes_at: '19:30' },
      { freq: 'WEEKLY', byday: 'SA', opens_at: '10:00', closes_at: '13:00' },
    ];
    r.schedules = given.map((x) => ({ id: crypto.randomUUID(), service_id: id, ...x }));
    expect(await importRecords([r])).toMatchObject({ created: 1, skipped: 0 });
    const back = (await published(id)).schedules.map(({ id: _, service_id, interval, ...x }: Json) => ({
      ...x,
      ...(interval != null && interval !== 1 ? { interval } : {}),
    }));
    expect(back).toEqual(given);
    // Searching by day still finds the monthly Monday opening.
    const uuid = (await published(id)).id;
    const mondays = await (await fetch(`${s.url}/openreferral/round-trip/services?day=MO&per_page=100`)).json();
    expect(mondays.contents.map((x: Json) => x.id)).toContain(uuid);
  });

  it('refuses a record whose schedule rule it would have to change, naming the schedule', async () => {
    const bad = [
      [{ freq: 'WEEKLY', interval: 0, byday: 'MO' }, /schedule 1: interval 0 is not a whole number from 1 to 99/],
      [{ freq: 'MONTHLY', bymonthday: '32' }, /schedule 1: bymonthday 32 is not a day of a month/],
      [{ freq: 'MONTHLY', byday: '7MO' }, /schedule 1: byday 7MO names no week of a month/],
    ] as const;
    const records = bad.map(([x]) => {
      const r = record({});
      r.schedules = [{ id: crypto.randomUUID(), service_id: r.id, ...x }];
      return r;
    });
    const summary = await importRecords(records);
    expect(summary).toMatchObject({ created: 0, skipped: 3 });
    for (const [i, [, reason]] of bad.entries()) {
      expect(summary.problems[i]!.id).toBe(records[i]!.id);
      expect(summary.problems[i]!.reason).toMatch(reason);
    }
    const written = await s.db
      .select()
      .from(services)
      .where(
        inArray(
          services.externalId,
          records.map((r) => r.id as string),
        ),
      );
    expect(written).toEqual([]);
  });

  it('keeps ages over 25 (up to 120), ages not stated as not stated, and refuses one beyond, naming it', async () => {
    const adults = record({ minimum_age: 18, maximum_age: 65 });
    // No maximum (the file drops undefined): no upper limit, not one made up.
    const elders = record({ minimum_age: 60, maximum_age: undefined });
    const anyone = record({ minimum_age: undefined, maximum_age: undefined });
    const bad = record({ minimum_age: 18, maximum_age: 150 });
    const summary = await importRecords([adults, elders, anyone, bad]);
    expect(summary).toMatchObject({ created: 3, skipped: 1 });
    expect(summary.problems).toEqual([{ id: bad.id, reason: 'maximum_age 150 is not an age from 0 to 120' }]);
    expect(await published(adults.id as string)).toMatchObject({ minimum_age: 18, maximum_age: 65 });
    const old = await published(elders.id as string);
    expect([old.minimum_age, old.maximum_age]).toEqual([60, undefined]);
    const all = await published(anyone.id as string);
    expect([all.minimum_age, all.maximum_age]).toEqual([undefined, undefined]);
    // Found by any age, as a listing with no limit is (age=70: the elders' and the anyone's).
    const res = await fetch(`${s.url}/openreferral/round-trip/services?age=70&per_page=50`);
    const found = ((await res.json()).contents as { id: string }[]).map((c) => c.id);
    expect(found).toEqual(expect.arrayContaining([old.id, all.id]));
    expect(found).not.toContain((await published(adults.id as string)).id);
    const written = await s.db
      .select()
      .from(services)
      .where(eq(services.externalId, bad.id as string));
    expect(written).toEqual([]);
  });

  it("keeps the organisation's charity and company numbers (organization_identifiers)", async () => {
    const r = record({});
    const org = r.organization as Json;
    org.organization_identifiers = [
      {
        id: crypto.randomUUID(),
        organization_id: org.id,
        identifier_scheme: 'GB-CHC',
        identifier_type: 'Charity',
        identifier: '1123456',
      },
      {
        id: crypto.randomUUID(),
        organization_id: org.id,
        identifier_scheme: 'GB-COH',
        identifier_type: 'Company',
        identifier: '07654321',
      },
    ];
    expect(await importRecords([r])).toMatchObject({ created: 1, skipped: 0 });
    const back = (await published(r.id as string)).organization.organization_identifiers;
    expect(back.map((i: Json) => [i.identifier_scheme, i.identifier])).toEqual([
      ['GB-CHC', '1123456'],
      ['GB-COH', '07654321'],
    ]);
  });

  it('keeps an address’s state_province and publishes it back, with no note; our own venues still give ""', async () => {
    const r = record({});
    const sal = (r.service_at_locations as Json[])[0]!;
    const address = ((sal.location as Json).addresses as Json[])[0]!;
    address.state_province = 'England';
    const file = path.join(dir, 'state-province.json');
    await writeFile(file, JSON.stringify([r]));
    const again = () => runImport(s.db, fileReader(file), { zoneId, location: `file:${file}` });
    const summary = await again();
    expect(summary).toMatchObject({ created: 1, skipped: 0 });
    expect(summary.notes.filter((x) => x.reason.includes('state_province'))).toEqual([]);
    const back = await published(r.id as string);
    expect(back.service_at_locations[0].location.addresses[0].state_province).toBe('England');
    // Read again, the record is unchanged: the value is part of what was written.
    expect(await again()).toMatchObject({ unchanged: 1, updated: 0 });
    const demo = await (await fetch(`${s.url}/openreferral/demo/services?per_page=5`)).json();
    const given = demo.contents.flatMap((x: Json) =>
      (x.service_at_locations as Json[]).flatMap((l) =>
        ((l.location as Json).addresses as Json[]).map((a) => a.state_province),
      ),
    );
    expect(given.length).toBeGreaterThan(0);
    expect(new Set(given)).toEqual(new Set(['']));
  });
});

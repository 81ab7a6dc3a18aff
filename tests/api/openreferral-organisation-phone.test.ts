import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, services, zones } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { schemaErrors } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// An organisation's phone (public: the directory shows it) is in the feed (audit 44 ORUK F2b),
// as HSDS 3.0 holds it, organization.phones; the answers still validate against the standard.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

describe('an organisation’s phone in the feed', () => {
  it('is published under organization.phones, on its record and in the list, valid against the schemas', async () => {
    const [demo] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    const withPhone = await s.db
      .select()
      .from(organisations)
      .where(and(eq(organisations.zoneId, demo!.id), isNotNull(organisations.phone)));
    const list = await (await fetch(`${s.url}/openreferral/demo/organizations?per_page=100`)).json();
    expect(schemaErrors('organizations', list)).toEqual([]);
    // The first listed organisation (one with published services) that has a phone.
    const org = withPhone.find((o) => list.contents.some((c: Json) => c.id === o.uuid))!;
    const phones = [{ id: expect.any(String), organization_id: org.uuid, number: org.phone }];
    expect(list.contents.find((c: Json) => c.id === org.uuid).phones).toEqual(phones);

    const record = await (await fetch(`${s.url}/openreferral/demo/organizations/${org.uuid}`)).json();
    expect(schemaErrors('organization', record)).toEqual([]);
    expect(record.phones).toEqual(phones);
  });

  it('is read back by an import of the feed, so a round trip into another zone keeps it', async () => {
    const [demo] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    const [row] = await s.db
      .select({ uuid: services.uuid, phone: organisations.phone })
      .from(services)
      .innerJoin(organisations, eq(organisations.id, services.organisationId))
      .where(and(eq(services.zoneId, demo!.id), eq(services.status, 'PUBLISHED'), isNotNull(organisations.phone)))
      .limit(1);
    const record = await (await fetch(`${s.url}/openreferral/demo/services/${row!.uuid}`)).json();
    expect(record.organization.phones[0].number).toBe(row!.phone);
    const { zone } = await createZone(s.db, 'organisation-phone-again', []);
    const summary = await runImport(s.db, memoryFeed([record]), { zoneId: zone.id, location: 'organisation-phone' });
    expect(summary).toMatchObject({ created: 1, problems: [] });
    const [copy] = await s.db.select().from(organisations).where(eq(organisations.zoneId, zone.id));
    expect(copy!.phone).toBe(row!.phone);
  });

  it('is read as the first number the organisation’s form would hold; none such is noted', async () => {
    const { zone } = await createZone(s.db, 'organisation-phone-numbers', []);
    const [usable, unusable] = generateFeed(2, { prefix: 'organisation-phone-numbers', brokenEvery: 1000 })
      .services as Json[];
    usable.organization.phones = [
      { id: crypto.randomUUID(), number: 'ask at reception' },
      { id: crypto.randomUUID(), number: '020 7946 0001' },
    ];
    unusable.organization.phones = [{ id: crypto.randomUUID(), number: 'ask at reception' }];
    const summary = await runImport(s.db, memoryFeed([usable, unusable]), {
      zoneId: zone.id,
      location: 'organisation-phone-numbers',
    });
    expect(summary).toMatchObject({ created: 2, problems: [] });
    const phoneOf = async (record: Json) =>
      (await s.db.select().from(organisations).where(eq(organisations.externalId, record.organization.id)))[0]!.phone;
    expect(await phoneOf(usable)).toBe('020 7946 0001');
    expect(await phoneOf(unusable)).toBeNull();
    expect(summary.notes).toEqual([
      {
        id: unusable.id,
        reason: 'organization phone "ask at reception" not imported: not a phone number like 020 7946 0000',
      },
    ]);
  });

  it('is written as its email and website are: by an import writing an unclaimed listing of it, never by a claimed one’s record', async () => {
    const { zone } = await createZone(s.db, 'organisation-phone-rule', []);
    const [a, b] = generateFeed(2, { prefix: 'organisation-phone-rule', brokenEvery: 1000 }).services as Json[];
    const org = (n: number) => ({
      ...a.organization,
      email: `office${n}@example.org`,
      website: `https://org${n}.example.org`,
      phones: [{ id: a.organization.id, number: `020 7946 000${n}` }],
    });
    const run = (records: Json[]) =>
      runImport(s.db, memoryFeed(records), { zoneId: zone.id, location: 'organisation-phone-rule' });
    const held = async () =>
      (
        await s.db
          .select({ email: organisations.email, website: organisations.website, phone: organisations.phone })
          .from(organisations)
          .where(eq(organisations.zoneId, zone.id))
      )[0];
    const of = (n: number) => ({
      email: `office${n}@example.org`,
      website: `https://org${n}.example.org`,
      phone: `020 7946 000${n}`,
    });
    const withOrg = (r: Json, n: number, name = r.name) => ({
      ...r,
      name,
      organization_id: a.organization.id,
      organization: org(n),
    });
    expect(await run([withOrg(a, 1), withOrg(b, 1)])).toMatchObject({ created: 2, problems: [] });
    expect(await held()).toEqual(of(1));
    // A claimed listing's record is not read into the directory: its organisation's details neither.
    await s.db.update(services).set({ claimed: true }).where(eq(services.externalId, a.id));
    expect(await run([withOrg(a, 2, 'Renamed'), withOrg(b, 1)])).toMatchObject({ claimed: 1, unchanged: 1 });
    expect(await held()).toEqual(of(1));
    // An unclaimed listing's changed record brings all three, phone as email and website.
    expect(await run([withOrg(a, 3, 'Renamed'), withOrg(b, 3, 'Renamed too')])).toMatchObject({
      claimed: 1,
      updated: 1,
    });
    expect(await held()).toEqual(of(3));
  });
});

import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, zones } from '../../drizzle/schema';
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
});

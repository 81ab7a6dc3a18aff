import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services, zones } from '../../drizzle/schema';
import { schemaErrors } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// A listing's own phone (audit F3) is in the feed where ORUK v3 holds phones: on a contact.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('a listing’s own contact in the feed', () => {
  it('publishes its phone under contacts[].phones, without a person’s name, valid against service.json', async () => {
    const [demo] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    const [listing] = await s.db
      .select()
      .from(services)
      .where(and(eq(services.zoneId, demo!.id), eq(services.status, 'PUBLISHED'), isNotNull(services.contactPhone)))
      .limit(1);
    expect(listing?.contactPhone).toBeTruthy();
    const res = await fetch(`${s.url}/openreferral/demo/services/${listing!.uuid}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(schemaErrors('service', body)).toEqual([]);
    const holding = body.contacts.filter((c: { phones?: { number: string }[] }) =>
      c.phones?.some((p) => p.number === listing!.contactPhone),
    );
    expect(holding).toHaveLength(1);
    // The person's name stays in the portal (the feed never published it).
    expect(holding[0].name).toBeUndefined();
  });
});

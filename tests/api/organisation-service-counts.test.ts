import { and, eq, inArray, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services, users } from '../../drizzle/schema';
import { localId, startServer, type TestServer } from '../setup/server';

// Audit finding F5: Organisation.services.totalCount under a page of services cost one SQL
// statement per organisation on the page (X-SQL-Statements). The counts are now one grouped
// statement for the whole page, whatever its size, and still count what the viewer may see.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const PAGE = (first: number) =>
  `{ services(first: ${first}) { edges { node { id organisation { id services { totalCount } } } } } }`;
type Page = { services: { edges: { node: { organisation: { id: string; services: { totalCount: number } } } }[] } };

async function expected(orgIds: number[], ownOrg: number | null) {
  const rows = await s.db
    .select({ orgId: services.organisationId, status: services.status })
    .from(services)
    .where(
      and(
        inArray(services.organisationId, orgIds),
        ownOrg
          ? or(eq(services.status, 'PUBLISHED'), eq(services.organisationId, ownOrg))
          : eq(services.status, 'PUBLISHED'),
      ),
    );
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.orgId, (counts.get(r.orgId) ?? 0) + 1);
  return counts;
}

describe('organisation service counts on a page of services', () => {
  for (const who of [undefined, 'commissioner@demo.test', 'provider@demo.test']) {
    it(`cost the same statements at first: 2 and first: 40 (${who ?? 'signed out'}), and count right`, async () => {
      const token = who ? await s.signIn(who) : undefined;
      const small = await s.gql<Page>(PAGE(2), undefined, token);
      const large = await s.gql<Page>(PAGE(40), undefined, token);
      expect(small.errors).toBeUndefined();
      expect(large.errors).toBeUndefined();
      const orgs = (p: Page) => p.services.edges.map((e) => e.node.organisation);
      // The comparison means something: the large page spans many more organisations.
      expect(new Set(orgs(large.data).map((o) => o.id)).size).toBeGreaterThan(10);
      expect(small.statements).toBeGreaterThan(0);
      expect(large.statements).toBe(small.statements);

      const [me] = who ? await s.db.select().from(users).where(eq(users.email, who)) : [];
      const ids = [...new Set(orgs(large.data).map((o) => localId(o.id)))];
      const want = await expected(ids, me?.role === 'PROVIDER' ? me.organisationId : null);
      for (const o of orgs(large.data)) expect(o.services.totalCount).toBe(want.get(localId(o.id)) ?? 0);
    });
  }
});

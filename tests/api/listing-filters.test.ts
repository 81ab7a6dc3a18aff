import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceRevisions, services, users } from '../../drizzle/schema';
import { localId, startServer, TEST_NOW, type TestServer } from '../setup/server';

// ISSUE 14, point 9: a provider's listings filtered in SQL by status, an edit waiting for approval,
// and "needs review" (five months unreviewed), with a count matching the rows.

let s: TestServer;
type Row = typeof services.$inferSelect;
let own: Row[];
const LIST = `query($status: [ServiceStatus!], $pending: Boolean, $review: Boolean) {
  viewer { organisation { services(first: 100, status: $status, pendingApproval: $pending, needsReview: $review) {
    totalCount edges { node { id } } } } } }`;

beforeAll(async () => {
  s = await startServer();
  const [provider] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
  const orgId = provider!.organisationId!;
  // One listing last reviewed five and a half months before the test clock: due for review.
  const [first] = await s.db.select().from(services).where(eq(services.organisationId, orgId)).limit(1);
  const old = new Date(TEST_NOW);
  old.setUTCDate(old.getUTCDate() - 167);
  await s.db.update(services).set({ lastReviewedAt: old.toISOString() }).where(eq(services.id, first!.id));
  own = await s.db.select().from(services).where(eq(services.organisationId, orgId));
});
afterAll(() => s.close());

async function ids(variables: Record<string, unknown>) {
  const res = await s.gql<{
    viewer: { organisation: { services: { totalCount: number; edges: { node: { id: string } }[] } } };
  }>(LIST, variables, await s.signIn('provider@demo.test'));
  expect(res.errors).toBeUndefined();
  const conn = res.data.viewer.organisation.services;
  expect(conn.totalCount).toBe(conn.edges.length);
  return { ids: conn.edges.map((e) => localId(e.node.id)).sort((a, b) => a - b), statements: res.statements };
}
const sorted = (rows: Row[]) => rows.map((r) => r.id).sort((a, b) => a - b);

describe('filtering a provider’s listings', () => {
  it('by status', async () => {
    expect(own.length).toBeGreaterThan(1);
    for (const status of ['PUBLISHED', 'DRAFT', 'ARCHIVED'])
      expect((await ids({ status: [status] })).ids).toEqual(sorted(own.filter((r) => r.status === status)));
  });

  it('needing review: five months or more unreviewed', async () => {
    const cutoff = new Date(TEST_NOW);
    cutoff.setMonth(cutoff.getMonth() - 5);
    const expected = own.filter((r) => new Date(r.lastReviewedAt) < cutoff);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(own.length);
    expect((await ids({ review: true })).ids).toEqual(sorted(expected));
  });

  it('with an edit waiting for approval', async () => {
    const pending = new Set(
      (
        await s.db
          .select()
          .from(serviceRevisions)
          .where(and(eq(serviceRevisions.status, 'PENDING')))
      ).map((r) => r.serviceId),
    );
    expect((await ids({ pending: true })).ids).toEqual(sorted(own.filter((r) => pending.has(r.id))));
  });

  it('a filtered list costs the statements the plain list costs', async () => {
    const plain = await ids({});
    const filtered = await ids({ status: ['PUBLISHED', 'DRAFT'], review: true, pending: false });
    expect(filtered.statements).toBe(plain.statements);
  });
});

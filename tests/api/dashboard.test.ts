import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, commissions, organisationRequests, schools, users } from '../../drizzle/schema';
import { startServer, TEST_NOW, type TestServer } from '../setup/server';

// Each role's dashboard (issue 14 point 9): every count agrees with the list it links to, is
// scoped to the role (the lists' own visibility rule), and costs one SQL statement after the session.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const DASHBOARD = `{ dashboard { commissionsByStatus { status count } approvalsWaiting listingsDueForReview staleListings
  listingChangesWaiting organisationRequestsWaiting outcomesDue outcomesOverdue } }`;
type Counts = {
  commissionsByStatus: { status: string; count: number }[];
  approvalsWaiting: number | null;
  listingsDueForReview: number | null;
  staleListings: number | null;
  listingChangesWaiting: number | null;
  organisationRequestsWaiting: number | null;
  outcomesDue: number | null;
  outcomesOverdue: number | null;
};
const ONLY_COMMISSIONS = {
  approvalsWaiting: null,
  listingsDueForReview: null,
  staleListings: null,
  listingChangesWaiting: null,
  organisationRequestsWaiting: null,
  outcomesDue: null,
  outcomesOverdue: null,
};

async function dashboardOf(email: string): Promise<Counts> {
  const res = await s.gql<{ dashboard: Counts }>(DASHBOARD, {}, await s.signIn(email));
  expect(res.errors, email).toBeUndefined();
  // The session, then the dashboard's one statement, whatever the role.
  expect(res.statements, email).toBe(2);
  return res.data.dashboard;
}
const byStatus = (d: Counts) => Object.fromEntries(d.commissionsByStatus.map((c) => [c.status, c.count]));
/** Commissions per status from the rows, for those matching `where`. */
async function countsWhere(where: ReturnType<typeof and>) {
  const rows = await s.db
    .select({ status: commissions.status, n: sql<number>`count(*)::int` })
    .from(commissions)
    .where(where)
    .groupBy(commissions.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
const userOf = async (email: string) => (await s.db.select().from(users).where(eq(users.email, email)))[0]!;

/** What the commissions list says for each status the dashboard shows (the page its links open). */
async function listCounts(email: string, statuses: string[]) {
  const out: Record<string, number> = {};
  for (const status of statuses) {
    const res = await s.gql(
      'query($s: [CommissionStatus!]) { commissions(first: 1, filter: { status: $s }) { totalCount } }',
      { s: [status] },
      await s.signIn(email),
    );
    out[status] = res.data.commissions.totalCount;
  }
  return out;
}

describe('dashboard', () => {
  it('a link worker: their own commissions by status, as their list shows them, and outcomes due and overdue on their caseload', async () => {
    const d = await dashboardOf('linkworker@demo.test');
    const me = await userOf('linkworker@demo.test');
    const own = await countsWhere(eq(commissions.linkWorkerId, me.id));
    expect(byStatus(d)).toEqual(own);
    expect(Object.keys(own).length).toBeGreaterThan(1);
    expect(await listCounts('linkworker@demo.test', Object.keys(own))).toEqual(own);
    // Not the zone's: the other link worker's commissions are not counted.
    const zone = await countsWhere(eq(commissions.zoneId, me.zoneId));
    expect(byStatus(d)).not.toEqual(zone);
    // Outcomes: as the caseload page marks its children.
    const caseload = await s.gql(
      '{ children(first: 100) { edges { node { outcomeScheduleState } } } }',
      {},
      await s.signIn('linkworker@demo.test'),
    );
    const states = caseload.data.children.edges.map(
      (e: { node: { outcomeScheduleState: string } }) => e.node.outcomeScheduleState,
    );
    expect(d.outcomesDue).toBe(states.filter((x: string) => x === 'DUE').length);
    expect(d.outcomesOverdue).toBe(states.filter((x: string) => x === 'OVERDUE').length);
    expect(d).toMatchObject({ ...ONLY_COMMISSIONS, outcomesDue: d.outcomesDue, outcomesOverdue: d.outcomesOverdue });
    // Two new children without scores: one whose baseline is due now (started two weeks ago), one
    // overdue (started 20 weeks ago, the baseline window being six weeks); another worker's is not counted.
    const [school] = await s.db.select().from(schools).limit(1);
    const child = (reference: string, weeksAgo: number, linkWorkerId: number) => {
      const start = new Date(TEST_NOW.getTime() - weeksAgo * 7 * 86_400_000).toISOString().slice(0, 10);
      const end = `${Number(start.slice(0, 4)) + 2}${start.slice(4)}`;
      return {
        zoneId: me.zoneId,
        reference,
        firstName: 'Test',
        lastName: 'Child',
        dateOfBirth: '2016-01-01',
        yearGroup: 5,
        schoolId: school!.id,
        linkWorkerId,
        programmeStart: start,
        programmeEnd: end,
      };
    };
    const other = await userOf('linkworker2@demo.test');
    await s.db
      .insert(children)
      .values([child('DASH-DUE', 2, me.id), child('DASH-LATE', 20, me.id), child('DASH-OTHER', 20, other.id)]);
    const after = await dashboardOf('linkworker@demo.test');
    expect(after.outcomesDue).toBe(d.outcomesDue! + 1);
    expect(after.outcomesOverdue).toBe(d.outcomesOverdue! + 1);
  });

  it('a provider: incoming commissions only once approved and not paused, and listings due for review', async () => {
    const d = await dashboardOf('provider@demo.test');
    const me = await userOf('provider@demo.test');
    const incoming = await countsWhere(
      and(
        eq(commissions.organisationId, me.organisationId!),
        isNotNull(commissions.approvedAt),
        isNull(commissions.pausedAt),
      ),
    );
    expect(byStatus(d)).toEqual(incoming);
    expect(byStatus(d).REQUESTED).toBeUndefined();
    expect(await listCounts('provider@demo.test', Object.keys(incoming))).toEqual(incoming);
    // Listings: the stale ones as the listings page flags them, due for review from five months.
    const listings = await s.gql(
      '{ viewer { organisation { services(first: 100) { edges { node { status stale } } } } } }',
      {},
      await s.signIn('provider@demo.test'),
    );
    const nodes = listings.data.viewer.organisation.services.edges.map((e: { node: unknown }) => e.node) as {
      status: string;
      stale: boolean;
    }[];
    expect(d.staleListings).toBe(nodes.filter((n) => n.status === 'PUBLISHED' && n.stale).length);
    expect(d.listingsDueForReview).toBeGreaterThanOrEqual(d.staleListings!);
    expect(d).toMatchObject({
      approvalsWaiting: null,
      listingChangesWaiting: null,
      organisationRequestsWaiting: null,
      outcomesDue: null,
    });
  });

  it('a commissioner: the zone’s commissions, approvals and listing changes waiting; another zone’s commissioner sees only theirs', async () => {
    const d = await dashboardOf('commissioner@demo.test');
    const me = await userOf('commissioner@demo.test');
    const zone = await countsWhere(eq(commissions.zoneId, me.zoneId));
    expect(byStatus(d)).toEqual(zone);
    expect(await listCounts('commissioner@demo.test', Object.keys(zone))).toEqual(zone);
    expect(d.approvalsWaiting).toBe(zone.REQUESTED ?? 0);
    const changes = await s.gql('{ pendingServiceRevisions { id } }', {}, await s.signIn('commissioner@demo.test'));
    expect(d.listingChangesWaiting).toBe(changes.data.pendingServiceRevisions.length);
    expect(d).toMatchObject({ organisationRequestsWaiting: null, outcomesDue: null, staleListings: null });

    const other = await dashboardOf('commissioner@other.test');
    const otherZone = (await userOf('commissioner@other.test')).zoneId;
    expect(byStatus(other)).toEqual(await countsWhere(eq(commissions.zoneId, otherZone)));
    expect(byStatus(other)).not.toEqual(zone);
  });

  it('an administrator: requests to join and listing changes waiting; no commission counts', async () => {
    const d = await dashboardOf('admin@demo.test');
    const me = await userOf('admin@demo.test');
    const list = await s.gql('{ organisationRequests(status: PENDING) { id } }', {}, await s.signIn('admin@demo.test'));
    expect(d.organisationRequestsWaiting).toBe(list.data.organisationRequests.length);
    // The demo seed leaves one waiting (server/seed/data/demo-organisation-requests.json).
    expect(
      await s.db.$count(
        organisationRequests,
        and(eq(organisationRequests.zoneId, me.zoneId), eq(organisationRequests.status, 'PENDING')),
      ),
    ).toBe(1);
    expect(d.organisationRequestsWaiting).toBe(1);
    expect(d.commissionsByStatus).toEqual([]);
    expect(d).toMatchObject({ approvalsWaiting: null, outcomesDue: null, staleListings: null });
    expect(d.listingChangesWaiting).toEqual(expect.any(Number));
  });

  it('district and school leads: their district’s or school’s commissions, counted only', async () => {
    const dl = await userOf('districtlead@demo.test');
    const sl = await userOf('schoollead@demo.test');
    const inDistrict = (
      await s.db
        .select({ id: children.id })
        .from(children)
        .innerJoin(schools, eq(schools.id, children.schoolId))
        .where(eq(schools.districtId, dl.districtId!))
    ).map((c) => c.id);
    const inSchool = (
      await s.db.select({ id: children.id }).from(children).where(eq(children.schoolId, sl.schoolId!))
    ).map((c) => c.id);
    const district = await dashboardOf('districtlead@demo.test');
    const school = await dashboardOf('schoollead@demo.test');
    expect(byStatus(district)).toEqual(await countsWhere(inArray(commissions.childId, inDistrict)));
    expect(byStatus(school)).toEqual(await countsWhere(inArray(commissions.childId, inSchool)));
    expect(district.commissionsByStatus.length).toBeGreaterThan(0);
    expect(byStatus(district)).not.toEqual(await countsWhere(eq(commissions.zoneId, dl.zoneId)));
    expect(district).toMatchObject(ONLY_COMMISSIONS);
    expect(school).toMatchObject(ONLY_COMMISSIONS);
  });

  it('signed out: UNAUTHENTICATED and no figures', async () => {
    const res = await s.gql(DASHBOARD);
    expect(res.data?.dashboard ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

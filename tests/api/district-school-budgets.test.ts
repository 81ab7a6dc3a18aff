import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBudgets, children, districts, fundingPots, schools, users } from '../../drizzle/schema';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// Issue 11 point 6: a district's per-school figures are aggregated in SQL, exact at any size (the
// district page once summed the first 100 children in the browser), in a constant number of
// statements; money, so only a commissioner (the zone) and a district lead (their own district).

let s: TestServer;
const DL = 'districtlead@demo.test';
const PERIOD = '2026-27';
let lead: { zoneId: number; districtId: number; linkWorkerId: number };
beforeAll(async () => {
  s = await startServer();
  const [d] = await s.db.select().from(users).where(eq(users.email, DL));
  const [lw] = await s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
  lead = { zoneId: d!.zoneId, districtId: d!.districtId!, linkWorkerId: lw!.id };
});
afterAll(() => s.close());

const Q = `query($districtId: ID, $limit: Int, $offset: Int) {
  districtSchoolBudgets(districtId: $districtId, limit: $limit, offset: $offset) {
    schoolId schoolName districtId districtName childrenInProgramme allocatedPence reservedPence spentPence availablePence } }`;
type Row = {
  schoolId: string;
  schoolName: string;
  districtId: string;
  districtName: string;
  childrenInProgramme: number;
  allocatedPence: number;
  reservedPence: number;
  spentPence: number;
  availablePence: number;
};

/**
 * The same figures worked out in JavaScript from plain rows: children active now, and this period's
 * budgets of every child of the school (one who completed or left keeps what was used on them).
 */
async function byHand(districtId: number) {
  const rows = await s.db
    .select()
    .from(schools)
    .leftJoin(children, eq(children.schoolId, schools.id))
    .leftJoin(childBudgets, and(eq(childBudgets.childId, children.id), eq(childBudgets.period, PERIOD)))
    .where(eq(schools.districtId, districtId));
  const by = new Map<number, { name: string; n: number; a: number; r: number; sp: number }>();
  for (const row of rows) {
    const t = by.get(row.schools.id) ?? { name: row.schools.name, n: 0, a: 0, r: 0, sp: 0 };
    const active = row.children?.status === 'ACTIVE';
    if (active) t.n++;
    // A child who has left: only what was used counts (the rest returns to its pots at period close).
    t.a += active
      ? (row.child_budgets?.allocatedPence ?? 0)
      : (row.child_budgets?.reservedPence ?? 0) + (row.child_budgets?.spentPence ?? 0);
    t.r += row.child_budgets?.reservedPence ?? 0;
    t.sp += row.child_budgets?.spentPence ?? 0;
    by.set(row.schools.id, t);
  }
  return [...by]
    .sort(([ia, a], [ib, b]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : ia - ib))
    .map(([id, t]) => ({
      schoolId: globalId('School', id),
      schoolName: t.name,
      childrenInProgramme: t.n,
      allocatedPence: t.a,
      reservedPence: t.r,
      spentPence: t.sp,
      availablePence: t.a - t.r - t.sp,
    }));
}

/** Two new schools in the lead's district with 80 and 60 active children and one withdrawn child. */
async function grow() {
  const made = await s.db
    .insert(schools)
    .values(
      ['Aardvark Scale Primary', 'Aardvark Scale Secondary'].map((name) => ({
        zoneId: lead.zoneId,
        districtId: lead.districtId,
        name,
        postcode: 'SE6 4RU',
        latitude: 51.44,
        longitude: -0.02,
      })),
    )
    .returning({ id: schools.id });
  const child = (i: number, schoolId: number, status: 'ACTIVE' | 'WITHDRAWN' = 'ACTIVE') => ({
    zoneId: lead.zoneId,
    reference: `SCB-${String(i).padStart(5, '0')}`,
    firstName: 'Scale',
    lastName: `Child${i}`,
    dateOfBirth: '2016-01-01',
    yearGroup: 4,
    schoolId,
    linkWorkerId: lead.linkWorkerId,
    programmeStart: '2026-09-01',
    programmeEnd: '2027-07-31',
    status,
  });
  const kids = await s.db
    .insert(children)
    .values([
      ...Array.from({ length: 80 }, (_, i) => child(i, made[0]!.id)),
      ...Array.from({ length: 60 }, (_, i) => child(80 + i, made[1]!.id)),
    ])
    .returning({ id: children.id });
  await s.db.insert(children).values(child(999, made[1]!.id, 'WITHDRAWN'));
  return { schools: made.map((m) => m.id), kids: kids.map((k) => k.id) };
}

async function allocate(token: string, potId: number, childIds: number[], amountPence: number, key: string) {
  const res = await s.gql(
    `mutation($input: AllocateFundsInput!) { allocateFunds(input: $input) { __typename ... on Error { message } } }`,
    {
      input: {
        fundingPotId: globalId('FundingPot', potId),
        childIds: childIds.map((id) => globalId('Child', id)),
        amountPence,
        idempotencyKey: key,
      },
    },
    token,
  );
  expect(res.data.allocateFunds.__typename, JSON.stringify(res)).toBe('AllocateFundsSuccess');
}

describe('districtSchoolBudgets at more than 100 children', () => {
  it('exact per-school figures (by hand for the new schools, from rows for the rest) in the same 2 statements', async () => {
    const token = await s.signIn(DL);
    const before = await s.gql(Q, {}, token);
    expect(before.errors).toBeUndefined();
    expect(before.statements).toBe(2); // the session, then the one grouped statement

    const grown = await grow();
    const [pot] = await s.db
      .select()
      .from(fundingPots)
      .where(and(eq(fundingPots.districtId, lead.districtId), eq(fundingPots.period, PERIOD)));
    // £10 to the first 70 children of the first school, then £2.50 to all 140 (through the API).
    await allocate(token, pot!.id, grown.kids.slice(0, 70), 1000, 'dsb-first-70');
    await allocate(token, pot!.id, grown.kids, 250, 'dsb-all-140');

    const res = await s.gql(Q, {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.statements).toBe(2);
    const rows: Row[] = res.data.districtSchoolBudgets;
    const total = rows.reduce((n, r) => n + r.childrenInProgramme, 0);
    expect(total).toBeGreaterThan(140);
    // By hand: 70 × £10 + 80 × £2.50 = £900; 60 × £2.50 = £150; the withdrawn child is not counted.
    expect(rows.slice(0, 2)).toEqual([
      expect.objectContaining({
        schoolName: 'Aardvark Scale Primary',
        childrenInProgramme: 80,
        allocatedPence: 90_000,
        reservedPence: 0,
        spentPence: 0,
        availablePence: 90_000,
      }),
      expect.objectContaining({
        schoolName: 'Aardvark Scale Secondary',
        childrenInProgramme: 60,
        allocatedPence: 15_000,
        availablePence: 15_000,
      }),
    ]);
    // Every school, including the demo's (with commissions reserved and spent), as plain rows add up.
    const expected = await byHand(lead.districtId);
    expect(rows.map(({ districtId: _d, districtName: _n, ...r }) => r)).toEqual(expected);
    expect(expected.some((r) => r.spentPence > 0 || r.reservedPence > 0)).toBe(true);
    expect(new Set(rows.map((r) => localId(r.districtId)))).toEqual(new Set([lead.districtId]));
  });

  it('keeps the money of children who completed the programme this period (spent stays spent)', async () => {
    // The demo has children who completed the programme this period after their commissions were
    // delivered: the school page counts that spend, so the district's row for the school must too.
    const done = await s.db
      .select({ schoolId: children.schoolId, spent: childBudgets.spentPence })
      .from(children)
      .innerJoin(childBudgets, and(eq(childBudgets.childId, children.id), eq(childBudgets.period, PERIOD)))
      .innerJoin(schools, eq(schools.id, children.schoolId))
      .where(and(eq(children.status, 'COMPLETED'), eq(schools.districtId, lead.districtId)));
    const spentOnDone = done.filter((d) => d.spent > 0);
    expect(spentOnDone.length).toBeGreaterThan(0);
    const schoolId = spentOnDone[0]!.schoolId!;
    const doneSpent = done.filter((d) => d.schoolId === schoolId).reduce((n, d) => n + d.spent, 0);
    const active = await s.db
      .select({ id: children.id, spent: childBudgets.spentPence })
      .from(children)
      .leftJoin(childBudgets, and(eq(childBudgets.childId, children.id), eq(childBudgets.period, PERIOD)))
      .where(and(eq(children.schoolId, schoolId), eq(children.status, 'ACTIVE')));
    const activeSpent = active.reduce((n, r) => n + (r.spent ?? 0), 0);

    const rows: Row[] = (await s.gql(Q, {}, await s.signIn(DL))).data.districtSchoolBudgets;
    const row = rows.find((r) => localId(r.schoolId) === schoolId)!;
    expect(row.childrenInProgramme).toBe(active.length);
    expect(row.spentPence).toBe(activeSpent + doneSpent);
    expect(row.spentPence).toBeGreaterThan(activeSpent);
    // Their unspent money is not available: the school's available is its active children's.
    const activeBudgets = await s.db
      .select()
      .from(childBudgets)
      .where(
        and(
          eq(childBudgets.period, PERIOD),
          inArray(
            childBudgets.childId,
            active.map((a) => a.id),
          ),
        ),
      );
    const activeAvailable = activeBudgets.reduce((n, b) => n + b.allocatedPence - b.reservedPence - b.spentPence, 0);
    expect(row.availablePence).toBe(activeAvailable);
  });

  it('is a page of schools by name: limit and offset cut the same rows', async () => {
    const token = await s.signIn(DL);
    const all: Row[] = (await s.gql(Q, {}, token)).data.districtSchoolBudgets;
    expect(all.length).toBeGreaterThan(2);
    const page = await s.gql(Q, { limit: 2, offset: 1 }, token);
    expect(page.data.districtSchoolBudgets).toEqual(all.slice(1, 3));
    expect(page.statements).toBe(2);
  });
});

describe('districtSchoolBudgets, role by role', () => {
  const ids = (rows: Row[]) => rows.map((r) => localId(r.schoolId)).sort((a, b) => a - b);
  const schoolsOf = async (where: ReturnType<typeof eq>) =>
    (await s.db.select({ id: schools.id }).from(schools).where(where)).map((r) => r.id).sort((a, b) => a - b);

  it('a district lead: their own district’s schools only, even when asking for another district', async () => {
    const token = await s.signIn(DL);
    const own = await s.gql(Q, {}, token);
    expect(ids(own.data.districtSchoolBudgets)).toEqual(await schoolsOf(eq(schools.districtId, lead.districtId)));
    const [other] = (await s.db.select().from(districts).where(eq(districts.zoneId, lead.zoneId))).filter(
      (d) => d.id !== lead.districtId,
    );
    const asked = await s.gql(Q, { districtId: globalId('District', other!.id) }, token);
    expect(asked.errors).toBeUndefined();
    expect(asked.data.districtSchoolBudgets).toEqual([]);
  });

  it('a commissioner: the zone’s schools, or one district’s; another zone’s district finds nothing', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const all = await s.gql(Q, {}, token);
    expect(all.errors).toBeUndefined();
    expect(ids(all.data.districtSchoolBudgets)).toEqual(await schoolsOf(eq(schools.zoneId, lead.zoneId)));
    const one = await s.gql(Q, { districtId: globalId('District', lead.districtId) }, token);
    expect(ids(one.data.districtSchoolBudgets)).toEqual(await schoolsOf(eq(schools.districtId, lead.districtId)));
    const [foreign] = (await s.db.select().from(districts)).filter((d) => d.zoneId !== lead.zoneId);
    expect(foreign).toBeDefined();
    const away = await s.gql(Q, { districtId: globalId('District', foreign!.id) }, token);
    expect(away.data.districtSchoolBudgets).toEqual([]);
  });

  it('everyone else is refused and sees no figure; a wrong id is a typed input error', async () => {
    for (const who of [
      'admin@demo.test',
      'linkworker@demo.test',
      'provider@demo.test',
      'schoollead@demo.test',
      'anonymous',
    ]) {
      const res = await s.gql(Q, {}, who === 'anonymous' ? undefined : await s.signIn(who));
      expect(res.status, who).toBeLessThan(500);
      expect(
        res.errors?.map((e) => e.extensions?.code),
        who,
      ).toEqual([who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
      expect(res.data, who).toBeNull();
    }
    const bad = await s.gql(Q, { districtId: globalId('School', 1) }, await s.signIn('commissioner@demo.test'));
    expect(bad.status).toBeLessThan(500);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childBudgets,
  children,
  commissions,
  fundingPots,
  schools,
  serviceDistricts,
  services,
  users,
} from '../../drizzle/schema';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// District and school leads, field by field: neither ever sees a child's name, date of birth,
// needs or link worker; a district lead sees their district's children by reference with their
// budgets (to allocate), a school lead only their school in aggregate (schoolOverview).
let s: TestServer;
const DL = 'districtlead@demo.test';
const SL = 'schoollead@demo.test';
let lead: { districtId: number; schoolId: number; zoneId: number };
beforeAll(async () => {
  s = await startServer();
  const [d] = await s.db.select().from(users).where(eq(users.email, DL));
  const [sc] = await s.db.select().from(users).where(eq(users.email, SL));
  lead = { districtId: d!.districtId!, schoolId: sc!.schoolId!, zoneId: d!.zoneId };
});
afterAll(() => s.close());

const CHILD = `query($id: ID!) { node(id: $id) { ... on Child {
  reference firstName lastName dateOfBirth needs programmeStart programmeEnd status yearGroup
  school { name } linkWorker { name } budget { allocatedPence availablePence } commissions { id }
  outcomeMeasures { score } } } }`;
const codes = (res: { errors?: { path?: string[]; extensions?: Record<string, unknown> }[] }) =>
  (res.errors ?? []).map((e) => `${e.path?.at(-1)}:${e.extensions?.code}`).sort();

async function districtChildren() {
  const all = await s.db.select().from(children).innerJoin(schools, eq(schools.id, children.schoolId));
  return all.filter((r) => r.schools.districtId === lead.districtId && r.children.status === 'ACTIVE');
}

describe('a child, field by field', () => {
  it('district lead: reference, year group, school and budget of the district’s children; names, date of birth, needs, link worker denied', async () => {
    const mine = await districtChildren();
    expect(mine.length).toBeGreaterThan(1);
    const res = await s.gql(CHILD, { id: globalId('Child', mine[0]!.children.id) }, await s.signIn(DL));
    expect(codes(res)).toEqual(
      [
        'dateOfBirth',
        'firstName',
        'lastName',
        'linkWorker',
        'needs',
        'outcomeMeasures',
        'programmeEnd',
        'programmeStart',
        'status',
      ].map((f) => `${f}:FORBIDDEN`),
    );
    expect(res.data.node).toMatchObject({
      reference: mine[0]!.children.reference,
      firstName: null,
      lastName: null,
      dateOfBirth: null,
      budget: { allocatedPence: expect.any(Number) },
      commissions: [],
    });
  });

  it('district lead: another district’s child is not there (node null, child(id) null); the list is exactly the district’s', async () => {
    const others = (await s.db.select().from(children).innerJoin(schools, eq(schools.id, children.schoolId))).filter(
      (r) => r.schools.districtId !== lead.districtId && r.children.zoneId === lead.zoneId,
    );
    const token = await s.signIn(DL);
    const other = globalId('Child', others[0]!.children.id);
    expect((await s.gql(CHILD, { id: other }, token)).data.node).toBeNull();
    const one = await s.gql('query($id: ID!) { child(id: $id) { reference } }', { id: other }, token);
    expect(one.errors).toBeUndefined();
    expect(one.data.child).toBeNull();
    const list = await s.gql('{ children(first: 100) { edges { node { reference } } } }', {}, token);
    expect(list.errors).toBeUndefined();
    expect(list.data.children.edges.map((e: { node: { reference: string } }) => e.node.reference).sort()).toEqual(
      (await districtChildren()).map((r) => r.children.reference).sort(),
    );
  });

  it('district lead: a child of the district who has left the programme is not there either (node null, child(id) null)', async () => {
    const all = await s.db.select().from(children).innerJoin(schools, eq(schools.id, children.schoolId));
    const left = all.find((r) => r.schools.districtId === lead.districtId && r.children.status !== 'ACTIVE');
    expect(left, 'the demo seed has a district child who has left').toBeDefined();
    const token = await s.signIn(DL);
    const id = globalId('Child', left!.children.id);
    expect((await s.gql(CHILD, { id }, token)).data.node).toBeNull();
    const one = await s.gql(
      'query($id: ID!) { child(id: $id) { reference budget { allocatedPence } } }',
      { id },
      token,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data.child).toBeNull();
    // The child's link worker still reads them (the record is kept, only out of the lead's reach).
    const [worker] = await s.db.select().from(users).where(eq(users.id, left!.children.linkWorkerId));
    const own = await s.gql(CHILD, { id }, await s.signIn(worker!.email));
    expect(own.data.node).toMatchObject({ reference: left!.children.reference });
  });

  it('district lead: allocating to a child they cannot read (another district’s, or one who has left) gets the answer an unknown id gets; nothing moves (audit 66)', async () => {
    const all = await s.db.select().from(children).innerJoin(schools, eq(schools.id, children.schoolId));
    const otherDistrict = all.find((r) => r.schools.districtId !== lead.districtId && r.children.status === 'ACTIVE');
    const left = all.find((r) => r.schools.districtId === lead.districtId && r.children.status !== 'ACTIVE');
    const [pot] = await s.db.select().from(fundingPots).where(eq(fundingPots.districtId, lead.districtId));
    const token = await s.signIn(DL);
    const ALLOCATE = `mutation($input: AllocateFundsInput!) { allocateFunds(input: $input) {
      __typename ... on ValidationError { fieldErrors { path message } } } }`;
    let key = 0;
    const answer = async (childId: number) =>
      (
        await s.gql(
          ALLOCATE,
          {
            input: {
              fundingPotId: globalId('FundingPot', pot!.id),
              childIds: [globalId('Child', childId)],
              amountPence: 100,
              idempotencyKey: `lead-probe-${++key}`,
            },
          },
          token,
        )
      ).data.allocateFunds;
    const before = await s.db.select().from(childBudgets);
    const unknown = await answer(9_999_999);
    expect(unknown).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [
        { path: ['input', 'childIds'], message: 'Every child must be an active child at your district’s schools' },
      ],
    });
    expect(await answer(otherDistrict!.children.id)).toEqual(unknown);
    expect(await answer(left!.children.id)).toEqual(unknown);
    expect(await s.db.select().from(childBudgets)).toEqual(before);
  });

  it('school lead: no child record at all, even at their own school', async () => {
    const [own] = await s.db.select().from(children).where(eq(children.schoolId, lead.schoolId));
    const token = await s.signIn(SL);
    expect((await s.gql(CHILD, { id: globalId('Child', own!.id) }, token)).data.node).toBeNull();
    for (const q of [
      '{ children(first: 5) { edges { node { reference } } } }',
      `{ child(id: "${globalId('Child', own!.id)}") { reference } }`,
    ])
      expect(codes(await s.gql(q, {}, token))).toEqual([`${q.includes('child(') ? 'child' : 'children'}:FORBIDDEN`]);
  });
});

describe('commissions, money, outcomes, audit and people', () => {
  const DENIED = [
    '{ commissions(first: 5) { edges { node { id } } } }',
    '{ spendReport(by: provider) { label spentPence } }',
    '{ spendPeriods }',
    '{ serviceOutcomes(measure: "SDQ_TOTAL") { children } }',
    '{ providerOutcomes(measure: "SDQ_TOTAL") { children } }',
    '{ auditEvents(first: 5) { edges { node { id } } } }',
    '{ users { id name } }',
    '{ paymentRuns(first: 5) { edges { node { id } } } }',
  ];
  it('both leads are refused every list of commissions, spend, outcomes, audit, payments and people', async () => {
    for (const who of [DL, SL]) {
      const token = await s.signIn(who);
      // A district lead reads the zone's district funds (the split that made their pots); a school lead not.
      for (const q of who === SL
        ? [
            ...DENIED,
            '{ districtFunds { id } }',
            '{ districtUtilisation { leftPence } }',
            '{ districtSchoolBudgets { schoolName } }',
          ]
        : DENIED) {
        const res = await s.gql(q, {}, token);
        expect(
          res.errors?.map((e) => e.extensions?.code),
          `${who} ${q}`,
        ).toContain('FORBIDDEN');
        expect(JSON.stringify(res.data ?? {}), `${who} ${q}`).not.toMatch(/"(label|name|id)":/);
      }
    }
  });

  it('a commission is not there for either lead, by node(id) or through a child', async () => {
    const [c] = await s.db.select().from(commissions).orderBy(commissions.id).limit(1);
    for (const who of [DL, SL]) {
      const res = await s.gql(
        'query($id: ID!) { node(id: $id) { ... on Commission { id rationale child { reference } } } }',
        { id: globalId('Commission', c!.id) },
        await s.signIn(who),
      );
      expect(res.data.node, who).toBeNull();
    }
  });

  it('pots: a district lead sees only the district’s (and its utilisation alone); a school lead none', async () => {
    const pots = await s.db.select().from(fundingPots).where(eq(fundingPots.zoneId, lead.zoneId));
    const token = await s.signIn(DL);
    const res = await s.gql(
      '{ fundingPots { id name source totalPence allocatedPence contractCommittedPence remainingPence } districtUtilisation { district { id } } }',
      {},
      token,
    );
    // What the district page's pots table shows (the shared FundingPotsTable) is the lead's to read.
    expect(res.errors).toBeUndefined();
    for (const p of res.data.fundingPots)
      expect(p.totalPence - p.allocatedPence - p.contractCommittedPence).toBe(p.remainingPence);
    const ids = res.data.fundingPots.map((p: { id: string }) => localId(p.id)).sort();
    const expected = pots.filter((p) => p.districtId === lead.districtId && ids.includes(p.id)).map((p) => p.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected.sort());
    expect(res.data.districtUtilisation.map((u: { district: { id: string } }) => localId(u.district.id))).toEqual([
      lead.districtId,
    ]);
    const council = pots.find((p) => p.districtId === null)!;
    for (const who of [DL, SL]) {
      const node = await s.gql(
        'query($id: ID!) { node(id: $id) { id } }',
        { id: globalId('FundingPot', council.id) },
        await s.signIn(who),
      );
      expect(node.data.node, who).toBeNull();
    }
    const school = await s.gql('{ fundingPots { id } }', {}, await s.signIn(SL));
    expect(codes(school)).toEqual(['fundingPots:FORBIDDEN']);
  });
});

const OVERVIEW = `{ schoolOverview { schoolName districtId districtName childrenInProgramme childReferences
  byYearGroup { yearGroup children } spend { committedPence spentPence commissions }
  byCategory { label committedPence spentPence commissions } byProvider { label committedPence spentPence commissions }
  outcomes { measure { code } suppressed children reliablyImproved shareImproved } } }`;

describe('schoolOverview', () => {
  it('the school lead’s own school: references and counts, spend as the ledger’s commissions add up, no names; 7 statements', async () => {
    const res = await s.gql(OVERVIEW, {}, await s.signIn(SL));
    expect(res.errors).toBeUndefined();
    expect(res.statements).toBe(7); // the session, then six (school, children, spend x3, scores)
    const o = res.data.schoolOverview;
    const own = (await s.db.select().from(children).where(eq(children.schoolId, lead.schoolId))).filter(
      (c) => c.status === 'ACTIVE',
    );
    expect(o.childReferences).toEqual(own.map((c) => c.reference).sort());
    expect(o.childrenInProgramme).toBe(own.length);
    expect(o.byYearGroup.reduce((n: number, y: { children: number }) => n + y.children, 0)).toBe(own.length);
    // Money by hand from the rows: this period's commissions for the school's children (any status).
    const [viewer] = await s.db.select().from(users).where(eq(users.email, SL));
    const rows = await s.db
      .select()
      .from(commissions)
      .innerJoin(childBudgets, eq(childBudgets.id, commissions.budgetId))
      .innerJoin(children, eq(children.id, commissions.childId));
    const mine = rows.filter((r) => r.children.schoolId === lead.schoolId && r.child_budgets.period === '2026-27');
    expect(viewer!.zoneId).toBe(lead.zoneId);
    const spent = mine
      .filter((r) => r.commissions.status === 'COMPLETED')
      .reduce((t, r) => t + r.commissions.unitsDelivered * r.commissions.unitPricePence, 0);
    const committed = mine
      .filter((r) => ['REQUESTED', 'APPROVED', 'ACCEPTED'].includes(r.commissions.status))
      .reduce((t, r) => t + r.commissions.amountPence, 0);
    expect(mine.length).toBeGreaterThan(0);
    expect(o.spend).toEqual({ committedPence: committed, spentPence: spent, commissions: mine.length });
    for (const rowsBy of [o.byCategory, o.byProvider]) {
      const sum = (k: string) => rowsBy.reduce((t: number, r: Record<string, number>) => t + r[k]!, 0);
      expect([sum('spentPence'), sum('committedPence'), sum('commissions')]).toEqual([spent, committed, mine.length]);
    }
    // Fewer than 10 measured children: suppressed, every figure null.
    expect(o.outcomes).toMatchObject({ suppressed: true, children: null, reliablyImproved: null, shareImproved: null });
    const text = JSON.stringify(res.data);
    for (const c of await s.db.select().from(children)) {
      expect(text).not.toContain(`${c.firstName} ${c.lastName}`);
      if (c.dateOfBirth) expect(text).not.toContain(c.dateOfBirth);
    }
  });

  it('no other role may read it', async () => {
    for (const who of [DL, 'commissioner@demo.test', 'linkworker@demo.test', 'admin@demo.test', 'provider@demo.test'])
      expect(codes(await s.gql(OVERVIEW, {}, await s.signIn(who))), who).toEqual(['schoolOverview:FORBIDDEN']);
  });

  it('its district link opens the local offer: servesDistrictId keeps exactly the listings that serve the district', async () => {
    const res = await s.gql(OVERVIEW, {}, await s.signIn(SL));
    const rows = await s.db
      .select()
      .from(serviceDistricts)
      .innerJoin(services, eq(services.id, serviceDistricts.serviceId))
      .where(eq(serviceDistricts.districtId, lead.districtId));
    const expected = rows
      .filter((r) => r.services.status === 'PUBLISHED' && r.services.zoneId === lead.zoneId)
      .map((r) => r.services.name)
      .sort();
    expect(localId(res.data.schoolOverview.districtId)).toBe(lead.districtId);
    const search = await s.gql(
      'query($f: ServiceFilter) { services(first: 100, filter: $f) { totalCount edges { node { name } } } }',
      { f: { servesDistrictId: res.data.schoolOverview.districtId } },
      await s.signIn(SL),
    );
    expect(search.errors).toBeUndefined();
    const names = search.data.services.edges.map((e: { node: { name: string } }) => e.node.name).sort();
    expect(names).toEqual(expected);
    expect(search.data.services.totalCount).toBe(expected.length);
    const bad = await s.gql('query($f: ServiceFilter) { services(filter: $f) { totalCount } }', {
      f: { servesDistrictId: globalId('School', 1) },
    });
    expect(bad.status).toBeLessThan(500);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

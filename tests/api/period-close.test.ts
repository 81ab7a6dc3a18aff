import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, childBudgets, fundingPots, ledgerEntries, periodCloses, zones } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { transitionMutation } from '../setup/money';
import { ALLOCATE, budget, potAllocated, type Setup, setUp } from '../setup/period-close';
import { globalId, type TestServer } from '../setup/server';

// Closing a budget period, with hand-computed figures, in the seeded second zone (Northfield):
// one pot, "Northfield fund" (£10,000), from which each of Ella, Noah and Zara got £900 in 2026-27.
// Each test run adds: a "Top-up" pot (£2,000) giving Ella £100 more; Ella's commission of 2
// sessions at £50 delivered and completed (£100 spent) and one of 3 sessions left live (£150
// reserved); Zara withdrawn. Before closing:
//   Ella  allocated £1,000 (£900 fund + £100 top-up), reserved £150, spent £100: unspent £750
//   Noah  allocated £900, unspent £900;  Zara (withdrawn) allocated £900, unspent £900
// Committed and spent are attributed 9:1 (fund : top-up, as Ella's allocations): spent £100 = £90
// + £10, committed £150 = £135 + £15. Unspent money leaves each pot as what it holds beyond those
// shares: Ella's £750 is £900 - £225 = £675 from the fund and £100 - £25 = £75 from Top-up (9:1
// again), so each pot's row adds up: allocated = carried + returned + committed + spent.

const CLOSE = `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on ClosePeriodSuccess { report { ...R closedAt } } } }`;
const REPORT = `fragment R on PeriodCloseReport { period nextPeriod startsOn endsOn policy childrenCarried childrenReturned
  carriedPence returnedPence liveReservedPence
  pots { name heldPence allocatedPence contractCommittedPence committedPence spentPence returnedPence carriedPence unallocatedPence }
  funds { name } }`;
const PREVIEW = `query($period: String) { periodClosePreview(period: $period) { ...R } } ${REPORT}`;
const ledgerKinds = async (s: TestServer, zoneId: number) =>
  (await s.db.select().from(ledgerEntries).where(eq(ledgerEntries.zoneId, zoneId)))
    .filter((l) => ['CARRY_OUT', 'CARRY_IN', 'RETURN'].includes(l.kind))
    .map((l) => `${l.kind} ${l.amountPence}`)
    .sort();

const fundLine = (over: Record<string, number>) => ({
  name: 'Northfield fund',
  heldPence: 1_000_000,
  allocatedPence: 270_000,
  contractCommittedPence: 0,
  committedPence: 13_500,
  spentPence: 9_000,
  unallocatedPence: 730_000,
  ...over,
});
const topUpLine = (over: Record<string, number>) => ({
  name: 'Top-up',
  heldPence: 200_000,
  allocatedPence: 10_000,
  contractCommittedPence: 0,
  committedPence: 1_500,
  spentPence: 1_000,
  unallocatedPence: 190_000,
  ...over,
});

describe('closing under CARRY_FORWARD', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await setUp('CARRY_FORWARD');
  });
  afterAll(() => t.s.close());

  it('previews, changing nothing, exactly what closing then does', async () => {
    const { s, commissioner, zoneId } = t;
    const before = await ledgerKinds(s, zoneId);
    const preview = await s.gql(PREVIEW, {}, commissioner);
    expect(preview.errors).toBeUndefined();
    const expected = {
      period: '2026-27',
      nextPeriod: '2027-28',
      startsOn: '2026-04-01',
      endsOn: '2027-03-31',
      policy: 'CARRY_FORWARD',
      childrenCarried: 2,
      childrenReturned: 1,
      carriedPence: 75_000 + 90_000,
      returnedPence: 90_000,
      liveReservedPence: 15_000,
      pots: [
        fundLine({ carriedPence: 67_500 + 90_000, returnedPence: 90_000 }),
        topUpLine({ carriedPence: 7_500, returnedPence: 0 }),
      ],
      funds: [],
    };
    expect(preview.data.periodClosePreview).toEqual(expected);
    for (const p of expected.pots as unknown as Record<string, number>[])
      expect(p.carriedPence! + p.returnedPence! + p.committedPence! + p.spentPence!, String(p.name)).toBe(
        p.allocatedPence,
      );
    expect(await ledgerKinds(s, zoneId)).toEqual(before);
    expect((await s.db.select().from(zones).where(eq(zones.id, zoneId)))[0]!.currentPeriod).toBe('2026-27');

    // The test clock is 2026-11-30: before 2026-27's last day a close must say it means to be early.
    const notEarly = await s.gql(`${CLOSE} ${REPORT}`, { input: { period: '2026-27' } }, commissioner);
    expect(notEarly.data.closePeriod).toEqual({
      __typename: 'ValidationError',
      message: expect.any(String),
      fieldErrors: [
        {
          path: ['input', 'early'],
          message: '2026-27 runs until 31 March 2027: to close it before then, confirm that you mean to close it early',
        },
      ],
    });
    expect(await ledgerKinds(s, zoneId)).toEqual(before);
    expect((await s.db.select().from(zones).where(eq(zones.id, zoneId)))[0]!.currentPeriod).toBe('2026-27');

    const res = await s.gql(`${CLOSE} ${REPORT}`, { input: { period: '2026-27', early: true } }, commissioner);
    expect(res.data.closePeriod.report).toEqual({ ...expected, closedAt: expect.any(String) });
  });

  it('moved the money through the ledger: live reservations stay, unspent carries to 2027-28', async () => {
    const { s, zoneId, kids } = t;
    expect(await ledgerKinds(s, zoneId)).toEqual(
      [
        'CARRY_IN 7500',
        'CARRY_IN 67500',
        'CARRY_IN 90000',
        'CARRY_OUT 7500',
        'CARRY_OUT 67500',
        'CARRY_OUT 90000',
        'RETURN 90000',
      ].sort(),
    );
    expect(await budget(s, kids.Ella!, '2026-27')).toEqual({ a: 25_000, r: 15_000, sp: 10_000 });
    expect(await budget(s, kids.Ella!, '2027-28')).toEqual({ a: 75_000, r: 0, sp: 0 });
    expect(await budget(s, kids.Noah!, '2026-27')).toEqual({ a: 0, r: 0, sp: 0 });
    expect(await budget(s, kids.Noah!, '2027-28')).toEqual({ a: 90_000, r: 0, sp: 0 });
    expect(await budget(s, kids.Zara!, '2027-28')).toBeNull();
    // Carried money stays allocated from its pot; only Zara's £900 went back.
    expect(await potAllocated(s, zoneId)).toEqual({ 'Northfield fund': 180_000, 'Top-up': 10_000 });
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('keeps one history: the child’s budget is now 2027-28 with what carried, and the live commission completes on 2026-27', async () => {
    const { s, kids, liveId } = t;
    const worker = await s.signIn('linkworker@other.test');
    const child = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Child { budget { period allocatedPence reservedPence spentPence } commissions { id } } } }`,
      { id: globalId('Child', kids.Ella!) },
      worker,
    );
    expect(child.errors).toBeUndefined();
    expect(child.data.node.budget).toEqual({
      period: '2027-28',
      allocatedPence: 75_000,
      reservedPence: 0,
      spentPence: 0,
    });
    expect(child.data.node.commissions).toHaveLength(2);
    const provider = await s.signIn('provider@other.test');
    const commissioner = await s.signIn('commissioner@other.test');
    const approved = await s.gql(
      transitionMutation('approveCommission'),
      { input: { commissionId: liveId } },
      commissioner,
    );
    expect(approved.data.approveCommission).toMatchObject({ __typename: 'ApproveCommissionSuccess' });

    for (const [name, extra] of [
      ['acceptCommission', {}],
      ['recordDelivery', { units: 3 }],
      ['completeCommission', {}],
    ] as const) {
      const r = await s.gql(transitionMutation(name), { input: { commissionId: liveId, ...extra } }, provider);
      expect(r.data[name].__typename, JSON.stringify(r.data)).toBe(`${name[0]!.toUpperCase()}${name.slice(1)}Success`);
    }
    expect(await budget(s, kids.Ella!, '2026-27')).toEqual({ a: 25_000, r: 0, sp: 25_000 });
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('previews the next close with last year’s pots at the money they carried in, each row adding up', async () => {
    // Carried into 2027-28: Ella's £675 (fund) and £75 (top-up), Noah's £900 (fund). Those pots'
    // totals stay with 2026-27; the report used to show them again whole (held £10,000, unallocated £7,300).
    const res = await t.s.gql(PREVIEW, { period: '2027-28' }, await t.s.signIn('commissioner@other.test'));
    expect(res.errors).toBeUndefined();
    const carried = (name: string, pence: number) => ({
      name,
      heldPence: pence,
      allocatedPence: pence,
      contractCommittedPence: 0,
      committedPence: 0,
      spentPence: 0,
      returnedPence: 0,
      carriedPence: pence,
      unallocatedPence: 0,
    });
    expect(res.data.periodClosePreview.pots).toEqual([carried('Northfield fund', 157_500), carried('Top-up', 7_500)]);
  });
});

describe('closing under RETURN_TO_POT', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await setUp('RETURN_TO_POT');
  });
  afterAll(() => t.s.close());

  it('returns every child’s unspent allocation to the pots it came from', async () => {
    const { s, commissioner, zoneId, kids } = t;
    const res = await s.gql(`${CLOSE} ${REPORT}`, { input: { period: '2026-27', early: true } }, commissioner);
    expect(res.data.closePeriod.report).toMatchObject({
      policy: 'RETURN_TO_POT',
      childrenCarried: 0,
      childrenReturned: 3,
      carriedPence: 0,
      returnedPence: 75_000 + 90_000 + 90_000,
      liveReservedPence: 15_000,
      pots: [
        fundLine({ carriedPence: 0, returnedPence: 67_500 + 90_000 + 90_000 }),
        topUpLine({ carriedPence: 0, returnedPence: 7_500 }),
      ],
    });
    expect(await ledgerKinds(s, zoneId)).toEqual(['RETURN 67500', 'RETURN 7500', 'RETURN 90000', 'RETURN 90000']);
    expect(await budget(s, kids.Ella!, '2026-27')).toEqual({ a: 25_000, r: 15_000, sp: 10_000 });
    expect(await budget(s, kids.Ella!, '2027-28')).toBeNull();
    expect(await potAllocated(s, zoneId)).toEqual({ 'Northfield fund': 22_500, 'Top-up': 2_500 });
    expect((await reconcile(s.db)).differences).toEqual([]);
    const listed = await s.gql(`{ periodCloses { period closedAt carriedPence returnedPence } }`, {}, commissioner);
    // The close's answer gives the time as stored, not a moment later.
    const { closedAt } = res.data.closePeriod.report;
    expect(closedAt).toEqual(expect.any(String));
    expect(listed.data.periodCloses).toEqual([
      { period: '2026-27', closedAt, carriedPence: 0, returnedPence: 255_000 },
    ]);
  });

  it('refuses closing twice, an earlier period, a period not yet open and a non-commissioner, writing nothing', async () => {
    const { s, commissioner, zoneId } = t;
    const state = async () => ({
      ledger: await s.db.$count(ledgerEntries),
      audit: await s.db.$count(auditEvents),
      closes: await s.db.$count(periodCloses),
      budgets: await s.db.select().from(childBudgets).orderBy(childBudgets.id),
      pots: await s.db.select().from(fundingPots).orderBy(fundingPots.id),
      zone: (await s.db.select().from(zones).where(eq(zones.id, zoneId)))[0],
    });
    const before = await state();
    const close = (period: string, token = commissioner) =>
      s.gql(`${CLOSE} ${REPORT}`, { input: { period, early: true } }, token).then((r) => r.data.closePeriod);
    expect(await close('2026-27')).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'period'], message: 'The budget period 2026-27 is closed' }],
    });
    expect((await close('2025-26')).fieldErrors[0].message).toBe(
      'A later period (2027-28) is open: only the current period can be closed',
    );
    // Not even an early close for a period that has not started (2027-28 is current after the early close).
    expect((await close('2027-28')).fieldErrors).toEqual([
      { path: ['input', 'period'], message: '2027-28 has not started yet: it starts on 1 April 2027' },
    ]);
    expect((await close('2028-29')).fieldErrors[0].message).toBe(
      '2028-29 has not started yet: it starts on 1 April 2028',
    );
    expect((await close('2027-29')).fieldErrors[0].message).toBe('The period looks like 2026-27');
    expect((await close('2027-28', await s.signIn('linkworker@other.test'))).__typename).toBe('ForbiddenError');
    expect((await close('2027-28', await s.signIn('provider@other.test'))).__typename).toBe('ForbiddenError');
    const preview = await s.gql(PREVIEW, {}, await s.signIn('linkworker@other.test'));
    expect(preview.data?.periodClosePreview ?? null).toBeNull();
    expect(preview.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await state()).toEqual(before);
  });

  it('takes no more allocations from a closed period’s pots', async () => {
    const { s, commissioner, zoneId, kids } = t;
    const [pot] = await s.db
      .select()
      .from(fundingPots)
      .where(and(eq(fundingPots.zoneId, zoneId), eq(fundingPots.name, 'Top-up')));
    const res = await s.gql(
      ALLOCATE,
      {
        input: {
          fundingPotId: globalId('FundingPot', pot!.id),
          childIds: [globalId('Child', kids.Noah!)],
          amountPence: 100,
          idempotencyKey: 'after-close',
        },
      },
      commissioner,
    );
    expect(res.data.allocateFunds.fieldErrors).toEqual([
      { path: ['input', 'fundingPotId'], message: 'The budget period 2026-27 is closed' },
    ]);
    expect(await budget(s, kids.Noah!, '2026-27')).toEqual({ a: 0, r: 0, sp: 0 });
  });
});

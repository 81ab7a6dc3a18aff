import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundingPots, ledgerEntries } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { raiseMutation, serviceId, transitionMutation } from '../setup/money';
import { ALLOCATE, budget, potAllocated, type Setup, setUp } from '../setup/period-close';
import { globalId } from '../setup/server';

// A commission of a closed period released after the close (tests/setup/period-close.ts sets the
// scene; hand-computed). Ella's money is 9:1 (£900 Northfield fund, £100 Top-up), and so is every
// share of it: at the close of 2026-27 her £750 unspent leaves as £675 fund and £75 Top-up; her
// budget keeps £225 fund and £25 Top-up (£100 spent, £150 live). The live £150 is then released as
// what each pot holds beyond the £100 spent's shares (£90 and £10): £135 fund, £15 Top-up. Under
// CARRY_FORWARD it follows her into 2027-28 from those pots; under RETURN_TO_POT it goes back.

const CLOSE = `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) { __typename ... on Error { message } } }`;
const SPEND = `query($by: SpendDimension!, $period: String) { spendReport(by: $by, period: $period) {
  label committedPence spentPence commissions } }`;

const lateEntries = async (t: Setup) =>
  (
    await t.s.db
      .select()
      .from(ledgerEntries)
      .innerJoin(fundingPots, eq(fundingPots.id, ledgerEntries.fundingPotId))
      .where(and(eq(ledgerEntries.zoneId, t.zoneId), isNotNull(ledgerEntries.commissionId)))
  )
    .filter((r) => ['CARRY_OUT', 'CARRY_IN', 'RETURN'].includes(r.ledger_entries.kind))
    .map((r) => `${r.ledger_entries.kind} ${r.ledger_entries.amountPence} ${r.funding_pots.name}`)
    .sort();

async function closeAndStep(t: Setup, steps: [string, string, Record<string, unknown>][]) {
  const closed = await t.s.gql(CLOSE, { input: { period: '2026-27', early: true } }, t.commissioner);
  expect(closed.data.closePeriod.__typename).toBe('ClosePeriodSuccess');
  for (const [who, name, extra] of steps) {
    const res = await t.s.gql(
      transitionMutation(name),
      { input: { commissionId: t.liveId, ...extra } },
      await t.s.signIn(who),
    );
    expect(res.data[name].__typename, JSON.stringify(res.data)).toBe(
      `${name[0]!.toUpperCase()}${name.slice(1)}Success`,
    );
  }
}

const spend = async (t: Setup, by: string, period: string) => {
  const res = await t.s.gql(SPEND, { by, period }, t.commissioner);
  expect(res.errors).toBeUndefined();
  return (res.data.spendReport as { label: string; committedPence: number; spentPence: number }[])
    .map((r) => `${r.label} ${r.committedPence} ${r.spentPence}`)
    .sort();
};
const totals = (rows: string[]) =>
  rows.reduce(
    (t, r) => {
      const [c, s] = r.split(' ').slice(-2); // labels (providers) may hold spaces
      return { c: t.c + Number(c), s: t.s + Number(s) };
    },
    { c: 0, s: 0 },
  );

describe('released after the close, under CARRY_FORWARD', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await setUp('CARRY_FORWARD');
  });
  afterAll(() => t.s.close());

  it('carries a commission declined after the close into the child’s 2027-28 budget, from the pot it came from', async () => {
    await closeAndStep(t, [
      ['commissioner@other.test', 'approveCommission', {}],
      ['provider@other.test', 'declineCommission', { reason: 'No sessions free this term' }],
    ]);
    expect(await lateEntries(t)).toEqual([
      'CARRY_IN 13500 Northfield fund',
      'CARRY_IN 1500 Top-up',
      'CARRY_OUT 13500 Northfield fund',
      'CARRY_OUT 1500 Top-up',
    ]);
    expect(await budget(t.s, t.kids.Ella!, '2026-27')).toEqual({ a: 10_000, r: 0, sp: 10_000 });
    expect(await budget(t.s, t.kids.Ella!, '2027-28')).toEqual({ a: 75_000 + 15_000, r: 0, sp: 0 });
    // Carried money stays allocated from its pot.
    expect(await potAllocated(t.s, t.zoneId)).toEqual({ 'Northfield fund': 180_000, 'Top-up': 10_000 });
    expect((await reconcile(t.s.db)).differences).toEqual([]);
  });

  it('attributes spend from carried money to its funders in whole pence, summing exactly to spend by provider', async () => {
    const worker = await t.s.signIn('linkworker@other.test');
    const raised = await t.s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', t.kids.Ella!),
          serviceId: globalId('Service', await serviceId(t.s.db, 'Northfield family therapy')),
          units: 2,
          rationale: 'Agreed with the family at the review.',
          idempotencyKey: 'release-after-carry',
        },
      },
      worker,
    );
    expect(raised.data.raiseCommission.__typename).toBe('RaiseCommissionSuccess');
    // Ella's 2027-28 money: £810 carried from the fund (COUNCIL), £90 from Top-up (OTHER), 9:1.
    const bySource = await spend(t, 'source', '2027-28');
    expect(bySource).toEqual(['COUNCIL 9000 0', 'OTHER 1000 0']);
    expect(totals(bySource)).toEqual(totals(await spend(t, 'provider', '2027-28')));
    // 2026-27: the £100 spent is shared 9:1 as it was before the close and the release.
    const closed = await spend(t, 'source', '2026-27');
    expect(closed).toEqual(['COUNCIL 0 9000', 'OTHER 0 1000']);
    expect(totals(closed)).toEqual(totals(await spend(t, 'provider', '2026-27')));
    expect((await reconcile(t.s.db)).differences).toEqual([]);
  });
});

describe('released after the close, under RETURN_TO_POT', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await setUp('RETURN_TO_POT');
  });
  afterAll(() => t.s.close());

  it('returns a commission cancelled after the close to the pot it came from', async () => {
    await closeAndStep(t, [['linkworker@other.test', 'cancelCommission', { reason: 'The family moved' }]]);
    expect(await lateEntries(t)).toEqual(['RETURN 13500 Northfield fund', 'RETURN 1500 Top-up']);
    expect(await budget(t.s, t.kids.Ella!, '2026-27')).toEqual({ a: 10_000, r: 0, sp: 10_000 });
    expect(await budget(t.s, t.kids.Ella!, '2027-28')).toBeNull();
    expect(await potAllocated(t.s, t.zoneId)).toEqual({ 'Northfield fund': 22_500 - 13_500, 'Top-up': 2_500 - 1_500 });
    // The close's report still says what the close itself did (reconcile checks it against the ledger).
    const listed = await t.s.gql(`{ periodCloses { period returnedPence } }`, {}, t.commissioner);
    expect(listed.data.periodCloses).toEqual([{ period: '2026-27', returnedPence: 255_000 }]);
    expect((await reconcile(t.s.db)).differences).toEqual([]);
  });
});

// Audit 60: a release carried into a budget already at the most one budget may hold (£1,000,000,
// as allocations are refused past it) took it over: what would pass it now goes back to its pots.
describe('released after the close into a budget near the most it may hold', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await setUp('CARRY_FORWARD');
  });
  afterAll(() => t.s.close());

  it('carries only what the budget can take, 9:1 as before, and returns the rest to its pots', async () => {
    const closed = await t.s.gql(CLOSE, { input: { period: '2026-27', early: true } }, t.commissioner);
    expect(closed.data.closePeriod.__typename).toBe('ClosePeriodSuccess');
    // Ella's 2027-28 budget holds the £750 carried at the close: filled to £50 short of £1,000,000.
    const pot = await t.s.gql(
      `mutation { createFundingPot(input: { name: "Large grant", source: PHILANTHROPY, totalPence: 100000000 }) {
        ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
      {},
      t.commissioner,
    );
    const fundingPotId = pot.data.createFundingPot.fundingPot.id;
    for (let left = 100_000_000 - 75_000 - 5_000, n = 0; left > 0; n++) {
      const amountPence = Math.min(left, 500_000);
      const res = await t.s.gql(
        ALLOCATE,
        {
          input: {
            fundingPotId,
            childIds: [globalId('Child', t.kids.Ella!)],
            amountPence,
            idempotencyKey: `fill-to-the-most-${n}`,
          },
        },
        t.commissioner,
      );
      expect(res.data.allocateFunds, JSON.stringify(res.data)).toEqual({ __typename: 'AllocateFundsSuccess' });
      left -= amountPence;
    }
    expect(await budget(t.s, t.kids.Ella!, '2027-28')).toEqual({ a: 100_000_000 - 5_000, r: 0, sp: 0 });

    const worker = await t.s.signIn('linkworker@other.test');
    const cancelled = await t.s.gql(
      transitionMutation('cancelCommission'),
      { input: { commissionId: t.liveId, reason: 'The family moved' } },
      worker,
    );
    expect(cancelled.data.cancelCommission.__typename).toBe('CancelCommissionSuccess');
    // £150 released: £50 carries (£45 fund, £5 Top-up), £100 goes back (£90 fund, £10 Top-up).
    expect(await lateEntries(t)).toEqual([
      'CARRY_IN 4500 Northfield fund',
      'CARRY_IN 500 Top-up',
      'CARRY_OUT 4500 Northfield fund',
      'CARRY_OUT 500 Top-up',
      'RETURN 1000 Top-up',
      'RETURN 9000 Northfield fund',
    ]);
    expect(await budget(t.s, t.kids.Ella!, '2027-28')).toEqual({ a: 100_000_000, r: 0, sp: 0 });
    expect(await budget(t.s, t.kids.Ella!, '2026-27')).toEqual({ a: 10_000, r: 0, sp: 10_000 });
    expect(await potAllocated(t.s, t.zoneId)).toMatchObject({
      'Northfield fund': 180_000 - 9_000,
      'Top-up': 10_000 - 1_000,
    });
    const [returned] = await t.s.db
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.zoneId, t.zoneId),
          eq(ledgerEntries.kind, 'RETURN'),
          isNotNull(ledgerEntries.commissionId),
        ),
      )
      .limit(1);
    expect(returned!.reason).toBe(
      'Released after the close of 2026-27: returned to its pot, as the child’s budget for 2027-28 holds the most a budget may (£1,000,000.00)',
    );
    expect((await reconcile(t.s.db)).differences).toEqual([]);
  });
});

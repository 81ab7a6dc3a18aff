import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBudgets, fundingPots, ledgerEntries, paymentLines } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { londonDate } from '../../schema/domain/working-days';
import { budgetOf, freeChildren, raiseMutation, serviceId, transitionMutation } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// The payment file codes a commission's line to the funding source that put most into the child's
// budget. After a close that carries money forward, the new year's budget holds that money as
// CARRY_IN under the pots it came from; the line used to read allocations alone, so a line paid from
// carried money went to UNFUNDED, or wholly to the source of a small new allocation.

let s: TestServer;
let lw: string;
let commissioner: string;
let provider: string;
let therapy: number;
let key = 0;
beforeAll(async () => {
  s = await startServer();
  lw = await s.signIn('linkworker@demo.test');
  commissioner = await s.signIn('commissioner@demo.test');
  provider = await s.signIn('provider@demo.test');
  therapy = await serviceId(s.db, 'Family therapy sessions'); // Riverside Family Therapy, provider@demo.test
});
afterAll(() => s.close());

const ok = async (mutation: string, input: Record<string, unknown>, token: string) => {
  const name = /\{\s*(\w+)\(/.exec(mutation)![1]!;
  const res = (await s.gql(mutation, { input }, token)).data[name];
  expect(res.__typename, JSON.stringify(res)).toMatch(/Success$/);
  return res;
};
const plain = (name: string, input: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { __typename ... on Error { message } } }`;

/** The source that carried most into a budget, from its CARRY_IN entries (ties: the source's name). */
async function largestCarriedSource(budgetId: number): Promise<string> {
  const rows = await s.db
    .select({ amount: ledgerEntries.amountPence, source: fundingPots.source })
    .from(ledgerEntries)
    .innerJoin(fundingPots, eq(fundingPots.id, ledgerEntries.fundingPotId))
    .where(and(eq(ledgerEntries.budgetId, budgetId), eq(ledgerEntries.kind, 'CARRY_IN')));
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.source, (by.get(r.source) ?? 0) + r.amount);
  const sorted = [...by].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  expect(sorted.length).toBeGreaterThan(0);
  return sorted[0]![0];
}

/** Raises one session for the child, and the provider delivers and completes it. */
async function completedSession(childId: number): Promise<number> {
  const raised = await ok(
    raiseMutation,
    {
      childId: globalId('Child', childId),
      serviceId: globalId('Service', therapy),
      units: 1,
      rationale: 'Agreed at the family review.',
      idempotencyKey: `carried-source-${++key}`,
    },
    lw,
  );
  const id = raised.commission.id;
  if (raised.commission.status === 'REQUESTED')
    await ok(transitionMutation('approveCommission'), { commissionId: id }, commissioner);
  await ok(transitionMutation('acceptCommission'), { commissionId: id }, provider);
  await ok(transitionMutation('recordDelivery'), { commissionId: id, units: 1 }, provider);
  await ok(transitionMutation('completeCommission'), { commissionId: id }, provider);
  return localId(id);
}

describe('payment run fund source after money is carried forward', () => {
  it('codes a line paid from carried money to the source that carried most, not UNFUNDED or a small new pot', async () => {
    await ok(plain('setUnspentPolicy', 'SetUnspentPolicyInput'), { policy: 'CARRY_FORWARD' }, commissioner);
    await ok(plain('closePeriod', 'ClosePeriodInput'), { period: '2026-27', early: true }, commissioner);

    // Two children whose 2027-28 budgets hold only carried money.
    const kids = (await freeChildren(s.db, 'linkworker@demo.test')).map((c) => c.id);
    const carried = [];
    for (const id of kids) {
      const budget = await budgetOf(s.db, id);
      if (budget.period === '2027-28' && budget.allocatedPence - budget.reservedPence - budget.spentPence >= 10_000)
        carried.push({ childId: id, budgetId: budget.id });
      if (carried.length === 2) break;
    }
    expect(carried).toHaveLength(2);
    const [onlyCarried, withNewPot] = carried as [(typeof carried)[0], (typeof carried)[0]];
    const expected = [
      await largestCarriedSource(onlyCarried.budgetId),
      await largestCarriedSource(withNewPot.budgetId),
    ];

    // The second child also gets £1 from a new pot of some other source.
    const otherSource = ['PHILANTHROPY', 'OTHER'].find((x) => x !== expected[1])!;
    const pot = await ok(
      `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) { __typename
        ... on Error { message } ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
      { name: 'New year top-up fund', source: otherSource, totalPence: 50_000 },
      commissioner,
    );
    await ok(
      plain('allocateFunds', 'AllocateFundsInput'),
      {
        fundingPotId: pot.fundingPot.id,
        childIds: [globalId('Child', withNewPot.childId)],
        amountPence: 100,
        idempotencyKey: 'carried-source-top-up',
      },
      commissioner,
    );

    const commissionIds = [await completedSession(onlyCarried.childId), await completedSession(withNewPot.childId)];
    await ok(
      `mutation($input: CreatePaymentRunInput!) { createPaymentRun(input: $input) { __typename ... on Error { message } } }`,
      { runDate: londonDate(new Date()) },
      commissioner,
    );
    const lines = await s.db
      .select({ commissionId: paymentLines.commissionId, fundSource: paymentLines.fundSource })
      .from(paymentLines)
      .where(inArray(paymentLines.commissionId, commissionIds));
    const sourceOf = (id: number) => lines.find((l) => l.commissionId === id)?.fundSource;
    expect(commissionIds.map(sourceOf)).toEqual(expected);
    expect(expected).not.toContain('UNFUNDED');
    // The budgets are the carried ones (the test is not vacuous).
    const budgets = await s.db
      .select()
      .from(childBudgets)
      .where(inArray(childBudgets.id, [onlyCarried.budgetId]));
    expect(budgets[0]!.period).toBe('2027-28');
    expect((await reconcile(s.db)).differences).toEqual([]);
  });
});

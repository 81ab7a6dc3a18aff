import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBudgets, fundingPots } from '../../drizzle/schema';
import { MOST_IN_A_CHILD_BUDGET } from '../../schema/domain/allocations';
import { budgetOf, freeChildren, snapshot } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// One child's budget for a period holds at most £1,000,000: an allocation past it is a typed
// error that changes nothing (it was the database's "integer out of range" near £21.47m).

const ALLOCATE = `mutation($input: AllocateFundsInput!) { allocateFunds(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on AllocateFundsSuccess { allocations { amountPence } } } }`;

let s: TestServer;
let commissioner: string;
let potId: string;
let kids: number[];

beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
  const [pot] = await s.db
    .select()
    .from(fundingPots)
    .where(eq(fundingPots.name, 'Department for Education pilot grant'));
  potId = globalId('FundingPot', pot!.id);
  kids = (await freeChildren(s.db, 'linkworker@demo.test')).slice(0, 2).map((c) => c.id);
});
afterAll(() => s.close());

const allocate = (childIds: number[], amountPence: number, key: string) =>
  s.gql(
    ALLOCATE,
    {
      input: {
        fundingPotId: potId,
        childIds: childIds.map((id) => globalId('Child', id)),
        amountPence,
        idempotencyKey: key,
      },
    },
    commissioner,
  );

/** Sets a child's current budget to hold `allocated` (a state only years of allocations would reach). */
async function holding(childId: number, allocated: number) {
  const b = await budgetOf(s.db, childId);
  await s.db.update(childBudgets).set({ allocatedPence: allocated }).where(eq(childBudgets.id, b.id));
}

describe('the most a child’s budget holds', () => {
  it('refuses an allocation that would take one of the children past £1,000,000, and changes nothing', async () => {
    await holding(kids[0]!, MOST_IN_A_CHILD_BUDGET - 300);
    const before = await snapshot(s.db);
    const res = await allocate(kids, 500, 'most-two-children');
    expect(res.errors).toBeUndefined();
    expect(res.data.allocateFunds.__typename).toBe('ValidationError');
    expect(res.data.allocateFunds.fieldErrors).toEqual([
      {
        path: ['input', 'amountPence'],
        message: 'A child’s budget holds at most £1,000,000.00 a period: this allocation would take a child past it',
      },
    ]);
    expect(await snapshot(s.db)).toEqual(before);
  });

  it('allows an allocation up to the most exactly, then refuses another penny', async () => {
    const res = await allocate([kids[0]!], 300, 'most-to-the-penny');
    expect(res.data.allocateFunds.__typename).toBe('AllocateFundsSuccess');
    expect((await budgetOf(s.db, kids[0]!)).allocatedPence).toBe(MOST_IN_A_CHILD_BUDGET);
    const again = await allocate([kids[0]!], 1, 'most-plus-a-penny');
    expect(again.data.allocateFunds.__typename).toBe('ValidationError');
  });

  it('a budget already near the integer column’s end (none can reach it now) gets the same typed error, not a 500', async () => {
    await holding(kids[1]!, 2 ** 31 - 1000);
    const before = await snapshot(s.db);
    const res = await allocate(kids, 500_000, 'most-at-the-end');
    expect(res.errors).toBeUndefined();
    expect(res.data.allocateFunds.fieldErrors[0].message).toMatch(/would take 2 children past it$/);
    expect(await snapshot(s.db)).toEqual(before);
  });
});

import { and, eq } from 'drizzle-orm';
import { childBudgets, children, fundingPots } from '../../drizzle/schema';
import { raiseMutation, serviceId, transitionMutation } from './money';
import { globalId, startServer, type TestServer } from './server';

// The budget-year tests' setting (tests/api/period-close*.test.ts), in the seeded second zone
// (Northfield): one pot, "Northfield fund" (£10,000, COUNCIL), from which each of Ella, Noah and Zara
// got £900 in 2026-27. setUp adds a "Top-up" pot (£2,000, OTHER) giving Ella £100 more; Ella's
// commission of 2 sessions at £50 delivered and completed (£100 spent) and one of 3 sessions left
// live (£150 reserved, REQUESTED); Zara withdrawn.

const POLICY = `mutation($input: SetUnspentPolicyInput!) { setUnspentPolicy(input: $input) { __typename ... on Error { message } } }`;
export const ALLOCATE = `mutation($input: AllocateFundsInput!) { allocateFunds(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;

export type Setup = {
  s: TestServer;
  zoneId: number;
  commissioner: string;
  kids: Record<string, number>;
  liveId: string;
};

export async function setUp(policy: 'CARRY_FORWARD' | 'RETURN_TO_POT'): Promise<Setup> {
  const s = await startServer();
  const commissioner = await s.signIn('commissioner@other.test');
  const worker = await s.signIn('linkworker@other.test');
  const provider = await s.signIn('provider@other.test');
  const kidRows = await s.db.select().from(children).where(eq(children.lastName, 'Other'));
  const kids = Object.fromEntries(kidRows.map((k) => [k.firstName!, k.id]));
  const zoneId = kidRows[0]!.zoneId;
  const ok = (res: { data: Record<string, { __typename: string }> }, type: string) => {
    const [v] = Object.values(res.data);
    if (v!.__typename !== type) throw new Error(JSON.stringify(res.data));
    return v as never as Record<string, Record<string, string>>;
  };
  ok(await s.gql(POLICY, { input: { policy } }, commissioner), 'SetUnspentPolicySuccess');
  const pot = ok(
    await s.gql(
      `mutation { createFundingPot(input: { name: "Top-up", source: OTHER, totalPence: 200000 }) { __typename
        ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
      {},
      commissioner,
    ),
    'CreateFundingPotSuccess',
  );
  ok(
    await s.gql(
      ALLOCATE,
      {
        input: {
          fundingPotId: pot.fundingPot!.id,
          childIds: [globalId('Child', kids.Ella!)],
          amountPence: 10000,
          idempotencyKey: 'close-top-up',
        },
      },
      commissioner,
    ),
    'AllocateFundsSuccess',
  );
  const service = globalId('Service', await serviceId(s.db, 'Northfield family therapy'));
  const raise = async (units: number, key: string) =>
    ok(
      await s.gql(
        raiseMutation,
        {
          input: {
            childId: globalId('Child', kids.Ella!),
            serviceId: service,
            units,
            rationale: 'Agreed with the family at the review.',
            idempotencyKey: key,
          },
        },
        worker,
      ),
      'RaiseCommissionSuccess',
    ).commission!.id!;
  const done = await raise(2, 'close-done');
  const step = async (name: string, commissionId: string, extra = {}) =>
    ok(
      await s.gql(transitionMutation(name), { input: { commissionId, ...extra } }, provider),
      `${name[0]!.toUpperCase()}${name.slice(1)}Success`,
    );
  await step('acceptCommission', done);
  await step('recordDelivery', done, { units: 2 });
  await step('completeCommission', done);
  const liveId = await raise(3, 'close-live');
  ok(
    await s.gql(
      `mutation($input: EndProgrammeInput!) { withdrawChild(input: $input) { __typename ... on Error { message } } }`,
      { input: { childId: globalId('Child', kids.Zara!), reason: 'Moved away' } },
      worker,
    ),
    'WithdrawChildSuccess',
  );
  return { s, zoneId, commissioner, kids, liveId };
}

export const budget = async (s: TestServer, childId: number, period: string) =>
  (
    await s.db
      .select({ a: childBudgets.allocatedPence, r: childBudgets.reservedPence, sp: childBudgets.spentPence })
      .from(childBudgets)
      .where(and(eq(childBudgets.childId, childId), eq(childBudgets.period, period)))
  )[0] ?? null;
export const potAllocated = async (s: TestServer, zoneId: number) =>
  Object.fromEntries(
    (await s.db.select().from(fundingPots).where(eq(fundingPots.zoneId, zoneId))).map((p) => [
      p.name,
      p.allocatedPence,
    ]),
  );

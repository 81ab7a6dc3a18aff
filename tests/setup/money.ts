import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import {
  auditEvents,
  childBudgets,
  children,
  commissionEvents,
  commissions,
  fundingPots,
  ledgerEntries,
  services,
  users,
  zones,
} from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { globalId, type TestServer } from './server';

const COMMON = `
  __typename
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
`;

export const raiseMutation = `mutation($input: RaiseCommissionInput!) { raiseCommission(input: $input) {
  ${COMMON}
  ... on InsufficientBudgetError { availablePence requestedPence }
  ... on RaiseCommissionSuccess { commission { id reference status amountPence unitPricePence units } }
} }`;

export const transitionMutation = (name: string) => {
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}`;
  return `mutation($input: ${type}Input!) { ${name}(input: $input) {
    ${COMMON}
    ... on InvalidTransitionError { from }
    ... on ${type}Success { commission { id status unitsDelivered } }
  } }`;
};

export async function userId(db: Db, email: string) {
  return (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
}

export async function serviceId(db: Db, name: string) {
  return (await db.select({ id: services.id }).from(services).where(eq(services.name, name)))[0]!.id;
}

/** Children on a caseload with no commissions yet, oldest first. */
/** A demo account as the domain functions take their actor (no session: sessionId 0). */
export async function viewerFor(db: Db, email: string): Promise<Viewer> {
  const [u] = await db
    .select({
      id: users.id,
      zoneId: users.zoneId,
      role: users.role,
      organisationId: users.organisationId,
      period: zones.currentPeriod,
    })
    .from(users)
    .innerJoin(zones, eq(zones.id, users.zoneId))
    .where(eq(users.email, email));
  return { ...u!, sessionId: 0 };
}

export async function freeChildren(db: Db, email: string) {
  const lw = await userId(db, email);
  return db
    .select()
    .from(children)
    .where(
      and(
        eq(children.linkWorkerId, lw),
        eq(children.status, 'ACTIVE'),
        // Free this budget year: commissions of a closed year (the demo seeds one) do not count.
        sql`not exists (select 1 from commissions c join child_budgets b on b.id = c."budgetId"
          join zones z on z.id = c."zoneId" where c."childId" = ${children.id} and b.period = z."currentPeriod")`,
        sql`exists (select 1 from child_budgets b join zones z on z.id = b."zoneId"
          where b."childId" = ${children.id} and b.period = z."currentPeriod")`,
      ),
    )
    .orderBy(children.id);
}

export async function budgetOf(db: Db, childId: number) {
  // The budget of the zone's current year (a child may also hold closed years' budgets).
  return (
    await db
      .select()
      .from(childBudgets)
      .where(
        and(
          eq(childBudgets.childId, childId),
          sql`${childBudgets.period} = (select "currentPeriod" from zones where id = ${childBudgets.zoneId})`,
        ),
      )
  )[0]!;
}

/** Everything an action could touch, to prove a refused one changed nothing. */
export async function snapshot(db: Db, commissionId?: number) {
  return {
    commission: commissionId ? (await db.select().from(commissions).where(eq(commissions.id, commissionId)))[0] : null,
    budgets: await db.select().from(childBudgets).orderBy(childBudgets.id),
    pots: await db.select().from(fundingPots).orderBy(fundingPots.id),
    ledger: await db.$count(ledgerEntries),
    events: await db.$count(commissionEvents),
    audit: await db.$count(auditEvents),
  };
}

export async function topUp(s: TestServer, childIds: number[], amountPence: number) {
  const token = await s.signIn('commissioner@demo.test');
  const [pot] = await s.db
    .select()
    .from(fundingPots)
    .where(eq(fundingPots.name, 'Department for Education pilot grant'));
  const res = await s.gql(
    `mutation($input: AllocateFundsInput!) { allocateFunds(input: $input) { __typename ... on Error { message } } }`,
    {
      input: {
        fundingPotId: globalId('FundingPot', pot!.id),
        childIds: childIds.map((id) => globalId('Child', id)),
        amountPence,
        idempotencyKey: `top-up-${childIds.join('-')}-${amountPence}`,
      },
    },
    token,
  );
  if (res.data.allocateFunds.__typename !== 'AllocateFundsSuccess') throw new Error(JSON.stringify(res));
}

/**
 * A pot made before the ledger recorded pot funding, as the migration that began it credited it
 * (20261204233939_pot_funding_ledger): a FUND entry with no actor. In the zone of `email`.
 */
export async function preLedgerPot(db: Db, email: string) {
  const [me] = await db.select().from(users).where(eq(users.email, email));
  const [zone] = await db.select().from(zones).where(eq(zones.id, me!.zoneId!));
  const [pot] = await db
    .insert(fundingPots)
    .values({
      zoneId: zone!.id,
      period: zone!.currentPeriod,
      name: 'Pre-ledger pot',
      source: 'COUNCIL',
      totalPence: 40_000,
    })
    .returning();
  await db.insert(ledgerEntries).values({
    zoneId: zone!.id,
    kind: 'FUND',
    amountPence: 40_000,
    fundingPotId: pot!.id,
    reason: 'Pot total when the ledger began recording pot funding',
    createdAt: pot!.createdAt,
  });
  return pot!;
}

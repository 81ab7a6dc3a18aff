import { and, eq, inArray, sql } from 'drizzle-orm';
import { childBudgets, fundingPots, ledgerEntries, periodCloses, zones } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit } from './audit';
import { ForbiddenError, ValidationError } from './errors';
import { potsInBudgets, splitLeaving, usedInBudgets } from './leaving-money';
import {
  assertPeriodOpen,
  type CloseReport,
  type FundLine,
  type PotLine,
  periodDates,
  type UnspentPolicy,
} from './periods';
import { moneyPerCommission, windowSql } from './report';
import { rowsOf } from './rows';
import type { Tx } from './transaction';

export {
  assertPeriodOpen,
  type CloseReport,
  type FundLine,
  type PotLine,
  periodDates,
  type UnspentPolicy,
} from './periods';

import { longDate } from './long-date';

// Closing a budget period (UK financial year, 1 April to 31 March, labelled like 2026-27).
// Live commissions keep their reservation on the closed period's budgets (they settle there as
// before). Each child's unspent allocation (allocated less reserved and spent) either carries
// forward to the child's budget for the next period (CARRY_OUT + CARRY_IN) or goes back to the pots
// it came from (RETURN), as the zone's unspentPolicy says; a child no longer ACTIVE never carries.
// The unspent part of a budget leaves each pot in proportion to what the pot holds beyond its share
// of the budget's commissions (leaving-money.ts), so each movement names the pot it came from and
// the funders' shares of what stays are as before.
// Everything, the zone's current period and the close report, is written in one transaction.

type Movement = { budgetId: number; childId: number; potId: number; amountPence: number; carry: boolean };

/**
 * What closing `period` does, worked out from the current figures; with lock, the zone row, the
 * period's pots and budgets are locked first (in that order), so a second close waits and then
 * finds the period closed, and no allocation or reservation changes the figures meanwhile.
 */
async function plan(tx: Tx, actor: Viewer, period: string, lock: boolean) {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners close budget periods');
  const zoneQuery = tx
    .select({ current: zones.currentPeriod, policy: zones.unspentPolicy })
    .from(zones)
    .where(eq(zones.id, actor.zoneId));
  const [zone] = lock ? await zoneQuery.for('update') : await zoneQuery;
  const dates = periodDates(period);
  if (!dates) throw ValidationError.field(['period'], 'The period looks like 2026-27');
  await assertPeriodOpen(tx, actor.zoneId, period, ['period']);
  if (period !== zone!.current)
    throw ValidationError.field(
      ['period'],
      period < zone!.current
        ? `A later period (${zone!.current}) is open: only the current period can be closed`
        : `The current period is ${zone!.current}: ${period} is not open yet`,
    );
  const policy = zone!.policy as UnspentPolicy;

  const potQuery = tx
    .select()
    .from(fundingPots)
    .where(and(eq(fundingPots.zoneId, actor.zoneId), eq(fundingPots.period, period)))
    .orderBy(fundingPots.id);
  const pots = lock ? await potQuery.for('update') : await potQuery;
  const budgets = rowsOf(
    await tx.execute(sql`
      select b."id", b."childId", b."allocatedPence" - b."reservedPence" - b."spentPence" as "unspent",
        b."reservedPence" as "reserved", c."status"
      from "child_budgets" b join "children" c on c."id" = b."childId"
      where b."zoneId" = ${actor.zoneId} and b."period" = ${period}
      order by b."id" ${lock ? sql`for update of b` : sql``}`),
  );
  const open = budgets.filter((b) => Number(b.unspent) > 0);
  // The period's commissions attributed to pots once: the report's pot lines and what leaves each budget.
  const used = await usedInBudgets(tx, actor.zoneId, moneyPerCommission(actor.zoneId, windowSql({ period })));
  const inBudgets = open.length
    ? await potsInBudgets(
        tx,
        actor.zoneId,
        sql`select "id" from "child_budgets" where "zoneId" = ${actor.zoneId} and "period" = ${period}
          and "allocatedPence" - "reservedPence" - "spentPence" > 0`,
        used,
      )
    : new Map();
  const movements: Movement[] = open.flatMap((b) => {
    const carry = policy === 'CARRY_FORWARD' && b.status === 'ACTIVE';
    return splitLeaving(Number(b.unspent), inBudgets.get(Number(b.id)) ?? [], Number(b.id)).map((part) => ({
      budgetId: Number(b.id),
      childId: Number(b.childId),
      potId: part.potId,
      amountPence: part.amountPence,
      carry,
    }));
  });

  // Committed (live reservations) and spent, attributed to pots in whole pence as reports do.
  const moneyOf = new Map<string, { committed: number; spent: number }>();
  for (const u of used) {
    const m = moneyOf.get(u.potId) ?? { committed: 0, spent: 0 };
    moneyOf.set(u.potId, { committed: m.committed + u.committedPence, spent: m.spent + u.spentPence });
  }
  const sum = (potId: number, carry: boolean) =>
    movements.filter((m) => m.potId === potId && m.carry === carry).reduce((t, m) => t + m.amountPence, 0);
  const potIds = new Set([...pots.map((p) => p.id), ...movements.map((m) => m.potId)]);
  const others =
    pots.length === potIds.size
      ? []
      : await tx
          .select()
          .from(fundingPots)
          .where(inArray(fundingPots.id, [...potIds]))
          .orderBy(fundingPots.id);
  // An earlier period's pot is here for the money it carried into this period's budgets: that is all
  // it holds and allocated here (its total and the rest stay with the period it belongs to).
  const carriedIn = new Map<number, number>();
  if (others.some((o) => o.period !== period))
    for (const r of rowsOf(
      await tx.execute(sql`select l."fundingPotId", sum(l."amountPence")::bigint as "in" from "ledger_entries" l
        join "child_budgets" b on b."id" = l."budgetId"
        where l."zoneId" = ${actor.zoneId} and l."kind" = 'CARRY_IN' and b."period" = ${period}
        group by l."fundingPotId"`),
    ))
      carriedIn.set(Number(r.fundingPotId), Number(r.in));
  const potLines: PotLine[] = [...pots, ...others.filter((o) => !pots.some((p) => p.id === o.id))].map((p) => {
    const earlier = p.period !== period;
    const held = earlier ? (carriedIn.get(p.id) ?? 0) : p.totalPence;
    return {
      potId: p.id,
      name: p.name,
      source: p.source,
      districtId: p.districtId,
      districtFundId: p.districtFundId,
      heldPence: held,
      allocatedPence: earlier ? held : p.allocatedPence,
      contractCommittedPence: earlier ? 0 : p.contractCommittedPence,
      committedPence: Number(moneyOf.get(String(p.id))?.committed ?? 0),
      spentPence: Number(moneyOf.get(String(p.id))?.spent ?? 0),
      returnedPence: sum(p.id, false),
      carriedPence: sum(p.id, true),
      unallocatedPence: earlier ? 0 : p.totalPence - p.allocatedPence - p.contractCommittedPence,
    };
  });
  const fundRows = rowsOf(
    await tx.execute(sql`select "id", "name", "totalPence" from "district_funds"
      where "zoneId" = ${actor.zoneId} and "period" = ${period} order by "id"`),
  );
  const funds: FundLine[] = fundRows.map((f) => {
    const mine = potLines.filter((p) => p.districtFundId === Number(f.id));
    const total = (k: keyof PotLine) => mine.reduce((t, p) => t + Number(p[k]), 0);
    return {
      fundId: Number(f.id),
      name: String(f.name),
      heldPence: Number(f.totalPence),
      allocatedPence: total('allocatedPence'),
      committedPence: total('committedPence'),
      spentPence: total('spentPence'),
      returnedPence: total('returnedPence'),
      carriedPence: total('carriedPence'),
    };
  });
  const children = (carry: boolean) => new Set(movements.filter((m) => m.carry === carry).map((m) => m.childId)).size;
  const report: CloseReport = {
    period,
    nextPeriod: dates.next,
    startsOn: dates.startsOn,
    endsOn: dates.endsOn,
    policy,
    childrenCarried: children(true),
    childrenReturned: children(false),
    carriedPence: movements.filter((m) => m.carry).reduce((t, m) => t + m.amountPence, 0),
    returnedPence: movements.filter((m) => !m.carry).reduce((t, m) => t + m.amountPence, 0),
    liveReservedPence: budgets.reduce((t, b) => t + Number(b.reserved), 0),
    pots: potLines,
    funds,
  };
  return { report, movements };
}

/** What closing the period would do, changing nothing. */
export async function previewPeriodClose(tx: Tx, actor: Viewer, period: string): Promise<CloseReport> {
  return (await plan(tx, actor, period, false)).report;
}

/**
 * When a commissioner may close a period: never before it starts, and before its last day only when
 * they say they mean to close it early (its children's budgets then end with months still to run).
 */
export function assertCloseTiming(period: string, today: string, early: boolean): void {
  const dates = periodDates(period);
  if (!dates) return; // plan() refuses the label itself
  if (today < dates.startsOn)
    throw ValidationError.field(['period'], `${period} has not started yet: it starts on ${longDate(dates.startsOn)}`);
  if (today < dates.endsOn && !early)
    throw ValidationError.field(
      ['early'],
      `${period} runs until ${longDate(dates.endsOn)}: to close it before then, confirm that you mean to close it early`,
    );
}

/**
 * Closes the period: moves unspent allocations through the ledger, opens the next period, keeps the
 * report. With `when`, a person's request: its timing is checked first (assertCloseTiming).
 */
export async function closePeriod(
  tx: Tx,
  actor: Viewer,
  period: string,
  when?: { today: string; early: boolean },
): Promise<CloseReport & { closedAt: Date }> {
  if (when) assertCloseTiming(period, when.today, when.early);
  const { report, movements } = await plan(tx, actor, period, true);
  const base = { zoneId: actor.zoneId, actorId: actor.id };
  const nextBudget = new Map<number, number>();
  const carried = new Map<number, number>();
  for (const m of movements.filter((x) => x.carry))
    carried.set(m.childId, (carried.get(m.childId) ?? 0) + m.amountPence);
  if (carried.size) {
    const rows = await tx
      .insert(childBudgets)
      .values(
        [...carried].map(([childId, amount]) => ({
          zoneId: actor.zoneId,
          childId,
          period: report.nextPeriod,
          allocatedPence: amount,
        })),
      )
      .onConflictDoUpdate({
        target: [childBudgets.childId, childBudgets.period],
        set: { allocatedPence: sql`${childBudgets.allocatedPence} + excluded."allocatedPence"` },
      })
      .returning({ id: childBudgets.id, childId: childBudgets.childId });
    for (const r of rows) nextBudget.set(r.childId, r.id);
  }
  const leaving = new Map<number, number>();
  for (const m of movements) leaving.set(m.budgetId, (leaving.get(m.budgetId) ?? 0) + m.amountPence);
  for (const [budgetId, amount] of leaving)
    await tx
      .update(childBudgets)
      .set({ allocatedPence: sql`${childBudgets.allocatedPence} - ${amount}` })
      .where(eq(childBudgets.id, budgetId));
  const returned = new Map<number, number>();
  for (const m of movements.filter((x) => !x.carry))
    returned.set(m.potId, (returned.get(m.potId) ?? 0) + m.amountPence);
  for (const [potId, amount] of returned)
    await tx
      .update(fundingPots)
      .set({ allocatedPence: sql`${fundingPots.allocatedPence} - ${amount}` })
      .where(eq(fundingPots.id, potId));
  const entries = movements.flatMap((m): (typeof ledgerEntries.$inferInsert)[] =>
    m.carry
      ? [
          {
            ...base,
            kind: 'CARRY_OUT' as const,
            budgetId: m.budgetId,
            fundingPotId: m.potId,
            amountPence: m.amountPence,
            reason: `Carried forward to ${report.nextPeriod}`,
          },
          {
            ...base,
            kind: 'CARRY_IN' as const,
            budgetId: nextBudget.get(m.childId)!,
            fundingPotId: m.potId,
            amountPence: m.amountPence,
            reason: `Carried forward from ${period}`,
          },
        ]
      : [
          {
            ...base,
            kind: 'RETURN' as const,
            budgetId: m.budgetId,
            fundingPotId: m.potId,
            amountPence: m.amountPence,
            reason: `Unspent at the close of ${period}`,
          },
        ],
  );
  if (entries.length) await tx.insert(ledgerEntries).values(entries);
  await tx.update(zones).set({ currentPeriod: report.nextPeriod }).where(eq(zones.id, actor.zoneId));
  const [closed] = await tx
    .insert(periodCloses)
    .values({
      zoneId: actor.zoneId,
      period,
      nextPeriod: report.nextPeriod,
      policy: report.policy,
      report,
      closedById: actor.id,
    })
    .returning({ closedAt: periodCloses.closedAt });
  await audit(tx, {
    ...base,
    action: 'CLOSE_PERIOD',
    entityType: 'Zone',
    entityId: actor.zoneId,
    detail: {
      period,
      nextPeriod: report.nextPeriod,
      policy: report.policy,
      carriedPence: report.carriedPence,
      returnedPence: report.returnedPence,
    },
  });
  // The time as stored (the transaction's), so the answer and periodCloses agree.
  return { ...report, closedAt: closed!.closedAt };
}

/** Sets what closing a period does with children's unspent allocations. */
export async function setUnspentPolicy(tx: Tx, actor: Viewer, policy: UnspentPolicy) {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners decide what closing a period does');
  await tx.update(zones).set({ unspentPolicy: policy }).where(eq(zones.id, actor.zoneId));
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'SET_UNSPENT_POLICY',
    entityType: 'Zone',
    entityId: actor.zoneId,
    detail: { policy },
  });
}

import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { rowsOf } from './rows';

type Difference = { kind: 'period close'; id: number; field: string; stored: number; ledger: number };

/**
 * Closed budget periods (period-close.ts) re-derived from the ledger: every pot's CARRY_OUT equals
 * its CARRY_IN (carried money changes period, never amount or pot), and each close's report says
 * exactly what the ledger carried and returned from that period's budgets (entries naming a commission
 * moved money it released after the close: period-release.ts).
 */
export async function periodCloseDifferences(db: Db): Promise<Difference[]> {
  const pots = rowsOf(
    await db.execute(sql`
      select l."fundingPotId" as "id",
        coalesce(sum(l."amountPence") filter (where l."kind"::text = 'CARRY_OUT'), 0)::bigint as "out",
        coalesce(sum(l."amountPence") filter (where l."kind"::text = 'CARRY_IN'), 0)::bigint as "in"
      from "ledger_entries" l where l."kind" in ('CARRY_OUT', 'CARRY_IN')
      group by l."fundingPotId" order by 1`),
  );
  const closes = rowsOf(
    await db.execute(sql`
      select pc."id", (pc."report"->>'carriedPence')::bigint as "carried", (pc."report"->>'returnedPence')::bigint as "returned",
        coalesce((select sum(l."amountPence") from "ledger_entries" l join "child_budgets" b on b."id" = l."budgetId"
          where b."zoneId" = pc."zoneId" and b."period" = pc."period" and l."kind"::text = 'CARRY_OUT' and l."commissionId" is null), 0)::bigint as "carriedLedger",
        coalesce((select sum(l."amountPence") from "ledger_entries" l join "child_budgets" b on b."id" = l."budgetId"
          where b."zoneId" = pc."zoneId" and b."period" = pc."period" and l."kind"::text = 'RETURN' and l."commissionId" is null), 0)::bigint as "returnedLedger"
      from "period_closes" pc order by pc."id"`),
  );
  const out: Difference[] = [];
  for (const p of pots)
    if (Number(p.out) !== Number(p.in))
      out.push({
        kind: 'period close',
        id: Number(p.id),
        field: 'pot CARRY_OUT = CARRY_IN',
        stored: Number(p.in),
        ledger: Number(p.out),
      });
  for (const c of closes) {
    if (Number(c.carried) !== Number(c.carriedLedger))
      out.push({
        kind: 'period close',
        id: Number(c.id),
        field: 'carriedPence',
        stored: Number(c.carried),
        ledger: Number(c.carriedLedger),
      });
    if (Number(c.returned) !== Number(c.returnedLedger))
      out.push({
        kind: 'period close',
        id: Number(c.id),
        field: 'returnedPence',
        stored: Number(c.returned),
        ledger: Number(c.returnedLedger),
      });
  }
  return out;
}

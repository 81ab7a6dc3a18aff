import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { holdsBlockPlaces } from './contracts';
import { rowsOf } from './rows';

type Difference = {
  kind: 'contract' | 'pot' | 'payment line' | 'payment run';
  id: number;
  field: string;
  stored: number;
  ledger: number;
};

/**
 * Contracts, their pots' commitments and payment runs, re-derived from the ledger (see
 * contracts.ts and payment-runs.ts for the rules each check restates).
 */
export async function contractDifferences(
  db: Db,
): Promise<{ contracts: number; paymentLines: number; differences: Difference[] }> {
  const contracts = rowsOf(
    await db.execute(sql`
      select k."id", k."status", k."places", k."placesUsed", k."pricePerPlacePence" as "price",
        k."committedPence", k."releasedPence",
        coalesce((select sum(l."amountPence") from "ledger_entries" l where l."contractId" = k."id" and l."kind" = 'CONTRACT_COMMIT'), 0)::int as "committed",
        coalesce((select sum(l."amountPence") from "ledger_entries" l where l."contractId" = k."id" and l."kind" = 'CONTRACT_RELEASE'), 0)::int as "released",
        coalesce((select sum(l."amountPence") from "ledger_entries" l where l."contractId" = k."id" and l."kind" = 'PAYABLE'), 0)::int as "payable",
        coalesce((select sum(c."units") from "commissions" c where c."contractId" = k."id" and not c."stretch"
          and ${holdsBlockPlaces(sql`c."status"`, sql`c."id"`)}), 0)::int as "held"
      from "contracts" k order by k."id"`),
  );
  const pots = rowsOf(
    await db.execute(sql`
      select p."id", p."contractCommittedPence" as "stored", p."allocatedPence" as "allocated", p."totalPence" as "total",
        (coalesce(sum(l."amountPence") filter (where l."kind" = 'CONTRACT_COMMIT'), 0)
          - coalesce(sum(l."amountPence") filter (where l."kind" = 'CONTRACT_RELEASE'), 0))::int as "committed"
      from "funding_pots" p left join "ledger_entries" l on l."fundingPotId" = p."id"
      group by p."id" order by p."id"`),
  );
  const lines = rowsOf(
    await db.execute(sql`
      select pl."id", pl."amountPence" as "amount", r."status",
        (select count(*) from "ledger_entries" l where l."paymentLineId" = pl."id" and l."kind" = 'PAYABLE' and l."amountPence" = pl."amountPence")::int as "payable",
        (select count(*) from "ledger_entries" l where l."paymentLineId" = pl."id" and l."kind" = 'PAID' and l."amountPence" = pl."amountPence")::int as "paid",
        (select count(*) from "ledger_entries" l where l."paymentLineId" = pl."id")::int as "entries",
        case when pl."commissionId" is null then pl."places" * k."pricePerPlacePence" else
          (select coalesce(sum(l."amountPence"), 0) from "ledger_entries" l where l."commissionId" = pl."commissionId" and l."kind" = 'SPEND') end::int as "due",
        case when pl."contractId" is null then 1 else 1 + coalesce((select sum(o."places") from "payment_lines" o
          where o."contractId" = pl."contractId" and o."month" = pl."month" and o."firstPlace" < pl."firstPlace"), 0) end::int as "from",
        coalesce(pl."firstPlace", 1) as "firstPlace"
      from "payment_lines" pl join "payment_runs" r on r."id" = pl."runId" left join "contracts" k on k."id" = pl."contractId"
      order by pl."id"`),
  );
  const runs = rowsOf(
    await db.execute(sql`
      select r."id", r."totalPence" as "stored", coalesce(sum(pl."amountPence"), 0)::int as "lines"
      from "payment_runs" r left join "payment_lines" pl on pl."runId" = r."id" group by r."id" order by r."id"`),
  );

  const differences: Difference[] = [];
  const check = (kind: Difference['kind'], id: unknown, field: string, stored: unknown, ledger: unknown) => {
    if (Number(stored) !== Number(ledger))
      differences.push({ kind, id: Number(id), field, stored: Number(stored), ledger: Number(ledger) });
  };
  for (const k of contracts) {
    const [places, used, price] = [Number(k.places), Number(k.placesUsed), Number(k.price)];
    check('contract', k.id, 'committedPence', k.committedPence, k.committed);
    check('contract', k.id, 'releasedPence', k.releasedPence, k.released);
    check('contract', k.id, 'placesUsed', used, k.held);
    const expectedOpen = k.status === 'DRAFT' ? 0 : k.status === 'SIGNED' ? places * price : used * price;
    check('contract', k.id, 'committed-released', Number(k.committed) - Number(k.released), expectedOpen);
    if (Number(k.payable) > used * price) check('contract', k.id, 'payable<=placesUsed*price', k.payable, used * price);
  }
  for (const p of pots) {
    check('pot', p.id, 'contractCommittedPence', p.stored, p.committed);
    if (Number(p.allocated) + Number(p.committed) > Number(p.total))
      check('pot', p.id, 'allocated+committed<=total', 1, 0);
  }
  for (const l of lines) {
    check('payment line', l.id, 'PAYABLE entry', 1, l.payable);
    check('payment line', l.id, 'PAID entry', l.status === 'PAID' ? 1 : 0, l.paid);
    check('payment line', l.id, 'ledger entries', l.status === 'PAID' ? 2 : 1, l.entries);
    check('payment line', l.id, 'amountPence', l.amount, l.due);
    // A month's instalment and its top-ups pay consecutive places: each starts after those before it.
    check('payment line', l.id, 'firstPlace', l.firstPlace, l.from);
  }
  for (const r of runs) check('payment run', r.id, 'totalPence', r.stored, r.lines);
  return { contracts: contracts.length, paymentLines: lines.length, differences };
}

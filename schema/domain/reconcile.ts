import { eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { districtFormulas, districtFunds, fundingPots } from '../../drizzle/schema';
import { type DistrictFactors, splitFund } from './district-funds';
import { contractDifferences } from './reconcile-contracts';
import { periodCloseDifferences } from './reconcile-periods';
import { spendBySourceDifferences } from './reconcile-spend';
import { rowsOf } from './rows';

export type Difference = {
  kind:
    | 'budget'
    | 'pot'
    | 'commission'
    | 'listing'
    | 'district fund'
    | 'ledger chain'
    | 'audit chain'
    | 'contract'
    | 'payment line'
    | 'payment run'
    | 'period close'
    | 'budget spend by source';
  id: number;
  field: string;
  stored: number;
  ledger: number;
};
export type Reconciliation = {
  budgets: number;
  pots: number;
  commissions: number;
  ledgerEntries: number;
  differences: Difference[];
};

/**
 * Re-derives every budget, pot and commission figure from the ledger alone and lists every
 * figure that disagrees. Invariant 3 of PRODUCT.md: every figure shown is derivable from it.
 */
export async function reconcile(db: Db): Promise<Reconciliation> {
  const budgets = rowsOf(
    await db.execute(sql`
      select b."id",
        b."allocatedPence" as "storedAllocated", b."reservedPence" as "storedReserved", b."spentPence" as "storedSpent",
        (coalesce(sum(l."amountPence") filter (where l."kind"::text in ('ALLOCATE', 'CARRY_IN')), 0)
          - coalesce(sum(l."amountPence") filter (where l."kind"::text in ('CARRY_OUT', 'RETURN')), 0))::int as "allocated",
        (coalesce(sum(l."amountPence") filter (where l."kind" = 'RESERVE'), 0)
          - coalesce(sum(l."amountPence") filter (where l."kind" in ('RELEASE', 'SPEND')), 0))::int as "reserved",
        coalesce(sum(l."amountPence") filter (where l."kind" = 'SPEND'), 0)::int as "spent"
      from "child_budgets" b left join "ledger_entries" l on l."budgetId" = b."id"
      group by b."id" order by b."id"`),
  );
  const pots = rowsOf(
    await db.execute(sql`
      select p."id", p."allocatedPence" as "storedAllocated", p."totalPence" as "total", p."districtFundId",
        (coalesce(sum(l."amountPence") filter (where l."kind" = 'ALLOCATE'), 0)
          - coalesce(sum(l."amountPence") filter (where l."kind"::text = 'RETURN'), 0))::int as "allocated",
        (coalesce(sum(l."amountPence") filter (where l."kind"::text = 'FUND'), 0)
          - coalesce(sum(l."amountPence") filter (where l."kind"::text = 'DEFUND'), 0))::int as "funded"
      from "funding_pots" p left join "ledger_entries" l on l."fundingPotId" = p."id"
      group by p."id" order by p."id"`),
  );
  // A commission's open reservation must match its status: full while REQUESTED/APPROVED/ACCEPTED,
  // nothing once settled, and spend exactly delivered units at the copied price.
  const commissions = rowsOf(
    await db.execute(sql`
      select c."id", c."status", c."amountPence" as "amount", c."unitsDelivered" * c."unitPricePence" as "deliveredValue",
        (coalesce(sum(l."amountPence") filter (where l."kind" = 'RESERVE'), 0)
          - coalesce(sum(l."amountPence") filter (where l."kind" in ('RELEASE', 'SPEND')), 0))::int as "open",
        coalesce(sum(l."amountPence") filter (where l."kind" = 'SPEND'), 0)::int as "spent"
      from "commissions" c left join "ledger_entries" l on l."commissionId" = c."id"
      group by c."id" order by c."id"`),
  );
  // A listing's places taken are exactly its accepted commissions. Counted in one pass over the
  // commissions and joined: a count per listing was a scan of commissions per listing with places.
  const listings = rowsOf(
    await db.execute(sql`
      select s."id", s."placesTaken" as "stored", coalesce(a."accepted", 0)::int as "accepted"
      from "services" s left join (
        select c."serviceId", count(*) as "accepted" from "commissions" c where c."status" = 'ACCEPTED' group by 1
      ) a on a."serviceId" = s."id"
      where s."placesTaken" > 0 or a."accepted" > 0
      order by s."id"`),
  );
  const [{ n: ledgerEntries }] = rowsOf(await db.execute(sql`select count(*)::int as n from "ledger_entries"`)) as [
    { n: number },
  ];

  const differences: Difference[] = [];
  const check = (kind: Difference['kind'], id: unknown, field: string, stored: unknown, ledger: unknown) => {
    if (Number(stored) !== Number(ledger))
      differences.push({ kind, id: Number(id), field, stored: Number(stored), ledger: Number(ledger) });
  };
  for (const b of budgets) {
    check('budget', b.id, 'allocatedPence', b.storedAllocated, b.allocated);
    check('budget', b.id, 'reservedPence', b.storedReserved, b.reserved);
    check('budget', b.id, 'spentPence', b.storedSpent, b.spent);
    if (Number(b.reserved) + Number(b.spent) > Number(b.allocated))
      check('budget', b.id, 'reserved+spent<=allocated', 1, 0);
  }
  for (const p of pots) {
    check('pot', p.id, 'allocatedPence', p.storedAllocated, p.allocated);
    if (Number(p.allocated) > Number(p.total)) check('pot', p.id, 'allocated<=total', 1, 0);
    // A pot's total is exactly what the ledger credited it (FUND) less what it took back (DEFUND).
    check('pot', p.id, 'totalPence (FUND less DEFUND entries)', p.total, p.funded);
  }
  differences.push(...(await fundDifferences(db)));
  for (const c of commissions) {
    const live = ['REQUESTED', 'APPROVED', 'ACCEPTED'].includes(String(c.status));
    check('commission', c.id, 'openReservation', live ? c.amount : 0, c.open);
    check('commission', c.id, 'spent', c.status === 'COMPLETED' ? c.deliveredValue : 0, c.spent);
  }
  for (const l of listings) check('listing', l.id, 'placesTaken', l.stored, l.accepted);
  differences.push(...(await contractDifferences(db)).differences);
  differences.push(...(await periodCloseDifferences(db)));
  differences.push(...(await spendBySourceDifferences(db)));
  differences.push(
    ...(await brokenLinks(db, 'ledger chain', ['ledger_chain', 'entryId', 'ledger_entries', 'ledger_entry_payload'])),
    ...(await brokenLinks(db, 'audit chain', ['audit_chain', 'eventId', 'audit_events', 'audit_event_payload'])),
  );
  return { budgets: budgets.length, pots: pots.length, commissions: commissions.length, ledgerEntries, differences };
}

/**
 * Every district fund's split, re-derived from its formula and the factors it stored: each
 * district's pot holds exactly its share, and the shares sum to the fund.
 */
async function fundDifferences(db: Db): Promise<Difference[]> {
  const funds = await db
    .select()
    .from(districtFunds)
    .innerJoin(districtFormulas, eq(districtFormulas.id, districtFunds.formulaId))
    .orderBy(districtFunds.id);
  const pots = await db
    .select({ fundId: fundingPots.districtFundId, districtId: fundingPots.districtId, total: fundingPots.totalPence })
    .from(fundingPots)
    .where(isNotNull(fundingPots.districtFundId));
  const out: Difference[] = [];
  for (const { district_funds: fund, district_formulas: formula } of funds) {
    const factors = (fund.factors as Omit<DistrictFactors, 'name'>[]).map((f) => ({ ...f, name: '' }));
    const mine = pots.filter((p) => p.fundId === fund.id);
    const inPots = mine.reduce((t, p) => t + p.total, 0);
    if (inPots !== fund.totalPence)
      out.push({
        kind: 'district fund',
        id: fund.id,
        field: 'sum of district pots',
        stored: inPots,
        ledger: fund.totalPence,
      });
    let shares: { districtId: number; sharePence: number }[] = [];
    try {
      // Names only break ties; the stored factors are in the order the split made them.
      shares = splitFund(
        fund.totalPence,
        formula,
        factors.map((f, i) => ({ ...f, name: String(i).padStart(6, '0') })),
      );
    } catch {
      out.push({ kind: 'district fund', id: fund.id, field: 'formula (cannot be re-run)', stored: 1, ledger: 0 });
    }
    for (const s of shares) {
      const stored = mine.filter((p) => p.districtId === s.districtId).reduce((t, p) => t + p.total, 0);
      if (stored !== s.sharePence)
        out.push({
          kind: 'district fund',
          id: fund.id,
          field: `district ${s.districtId} share`,
          stored,
          ledger: s.sharePence,
        });
    }
  }
  return out;
}

/**
 * Re-walks a hash chain: links 1..n without a gap, each naming the previous link's hash, each hash
 * recomputed from its row as the row is now; every row has a link and every link a row. A row
 * changed, removed or added behind the database's back (triggers disabled, a restored backup,
 * direct file edits) shows as a difference at its id.
 */
async function brokenLinks(
  db: Db,
  kind: 'ledger chain' | 'audit chain',
  [chain, rowId, table, payload]:
    | ['ledger_chain', 'entryId', 'ledger_entries', 'ledger_entry_payload']
    | ['audit_chain', 'eventId', 'audit_events', 'audit_event_payload'],
): Promise<Difference[]> {
  const rows = rowsOf(
    await db.execute(
      sql.raw(`select coalesce(t."id", c."${rowId}") as "id", t."id" is not null as "present", c."seq",
        c."prevHash" as "prev", c."hash", chain_hash(c."prevHash", ${payload}(t)) as "expected"
        from "${chain}" c full join "${table}" t on t."id" = c."${rowId}" order by c."seq" nulls last, t."id"`),
    ),
  );
  const out: Difference[] = [];
  let previous = '';
  let previousSeq = 0;
  for (const r of rows) {
    const id = Number(r.id);
    if (r.seq === null) {
      out.push({ kind, id, field: 'link (a row added behind the guards)', stored: 0, ledger: 1 });
      continue;
    }
    if (Number(r.seq) !== previousSeq + 1)
      out.push({
        kind,
        id,
        field: 'seq (a link is missing before it)',
        stored: Number(r.seq),
        ledger: previousSeq + 1,
      });
    if (r.prev !== previous)
      out.push({ kind, id, field: 'prevHash (the link before it was changed or removed)', stored: 1, ledger: 0 });
    if (!r.present) out.push({ kind, id, field: 'row (removed: its link remains)', stored: 0, ledger: 1 });
    else if (r.hash !== r.expected)
      out.push({ kind, id, field: 'hash (the row or its link was changed)', stored: 1, ledger: 0 });
    previous = String(r.hash);
    previousSeq = Number(r.seq);
  }
  return out;
}

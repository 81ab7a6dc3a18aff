import { randomInt } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { ledgerEntries, paymentLines, paymentRuns } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { moneyInSql } from './attribution';
import { audit } from './audit';
import { REFERENCE_ALPHABET } from './commission-reference';
import { AppError, ForbiddenError, formatPence, NotFoundError, ValidationError } from './errors';
import { claimKey, storeResult } from './idempotency';
import { longDate } from './long-date';
import { rowsOf } from './rows';
import { isUniqueViolation, type Tx } from './transaction';

// Payment runs (README "Provider contracts and payment runs"). What is payable on a run date:
// - a COMPLETED commission's spend (units delivered x unit price, > 0), completed on or before it;
// - a contract's instalment for each calendar month that ended before the run date: the contract
//   price x the places taken up (commissions under the block accepted, even if cancelled since) in that
//   month, monthly in arrears;
//   if a run dated ahead of a month's end already paid some of its places, the rest as a top-up line.
// Each line is payable once ever (unique indexes on payment_lines; a top-up is keyed by its first
// place): two runs racing cannot both take a line; the loser's INSERT ... ON CONFLICT DO NOTHING
// waits for the winner and skips it.

export class AlreadyPaidError extends AppError {
  override name = 'AlreadyPaidError';
  constructor(readonly financeReference: string) {
    super(`This payment run is already marked paid (finance reference ${financeReference})`);
  }
}

type Candidate = {
  organisationId: number;
  supplier: string;
  commissionId: number | null;
  contractId: number | null;
  budgetId: number | null;
  fundingPotId: number | null;
  month: string | null;
  firstPlace: number | null;
  places: number | null;
  amountPence: number;
  fundSource: string;
  description: string;
};

/** Everything payable in the zone on runDate and not yet in any run. */
export async function payableOn(tx: Tx, zoneId: number, runDate: string): Promise<Candidate[]> {
  const commissionLines = rowsOf(
    await tx.execute(sql`
      select c."id" as "commissionId", c."organisationId", o."name" as "supplier", c."budgetId",
        (c."unitsDelivered" * c."unitPricePence")::int as "amountPence",
        -- The source that put most into the budget, weighed as attribution.ts weighs it.
        coalesce((select p."source"::text from (${moneyInSql(zoneId)}) a join "funding_pots" p on p."id" = a."fundingPotId"
          where a."budgetId" = c."budgetId" group by p."source" having sum(a."amountPence") > 0 order by sum(a."amountPence") desc, p."source" limit 1),
          'UNFUNDED') as "fundSource",
        c."reference" || ' ' || s."name" as "description"
      from "commissions" c join "services" s on s."id" = c."serviceId" join "organisations" o on o."id" = c."organisationId"
      where c."zoneId" = ${zoneId} and c."status" = 'COMPLETED' and c."unitsDelivered" * c."unitPricePence" > 0
        and (c."updatedAt" at time zone 'Europe/London')::date <= ${runDate}::date
        and not exists (select 1 from "payment_lines" l where l."commissionId" = c."id")
      order by c."id"`),
  );
  // Per contract and month: the places taken up and those already in a run. A run dated before a
  // month ends pays the places so far; a later run pays the rest as a top-up line from the next place.
  const instalments = rowsOf(
    await tx.execute(sql`
      select k."id" as "contractId", k."organisationId", o."name" as "supplier", k."fundingPotId", t."month",
        k."reference", k."pricePerPlacePence" as "price", t."taken"::int as "taken",
        coalesce((select sum(l."places") from "payment_lines" l
          where l."contractId" = k."id" and l."month" = t."month"), 0)::int as "paid",
        p."source"::text as "fundSource"
      from (
        select c."contractId", m."month", sum(c."units") as "taken"
        from "commissions" c
          join "commission_events" e on e."commissionId" = c."id" and e."fromStatus" = 'APPROVED' and e."toStatus" = 'ACCEPTED'
          cross join lateral (select to_char(e."at" at time zone 'Europe/London', 'YYYY-MM') as "month",
            (date_trunc('month', e."at" at time zone 'Europe/London') + interval '1 month')::date as "due") m
        -- Taken up is bought: a place cancelled since (paused) stays counted in its month, whatever its status.
        where c."zoneId" = ${zoneId} and c."contractId" is not null and not c."stretch"
          and m."due" <= ${runDate}::date
        group by c."contractId", m."month"
      ) t
        join "contracts" k on k."id" = t."contractId"
        join "organisations" o on o."id" = k."organisationId"
        join "funding_pots" p on p."id" = k."fundingPotId"
      order by k."id", t."month"`),
  ).flatMap((r) => {
    const [taken, paid] = [Number(r.taken), Number(r.paid)];
    if (taken <= paid) return [];
    const places = taken - paid;
    const range = places === 1 ? `place ${taken}` : `places ${paid + 1}-${taken}`;
    const what =
      paid === 0
        ? `${places} place${places === 1 ? '' : 's'} taken up`
        : `top-up, ${range} taken up after an earlier run`;
    return [
      {
        ...r,
        firstPlace: paid + 1,
        places,
        amountPence: places * Number(r.price),
        description: `${r.reference} ${r.month}: ${what}`,
      },
    ];
  });
  return [
    ...commissionLines.map((r) => ({
      ...r,
      contractId: null,
      fundingPotId: null,
      month: null,
      firstPlace: null,
      places: null,
    })),
    ...instalments.map((r) => ({ ...r, commissionId: null, budgetId: null })),
  ].map((r: Record<string, unknown>) => ({ ...r, amountPence: Number(r.amountPence) })) as Candidate[];
}

const reference = () =>
  `PR-${Array.from({ length: 5 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('')}`;

/**
 * Runs pay in arrears, so a run dated years ahead (9999-12-31) is a slip. The latest date allowed is
 * the first of next month in London: a run made mid-month may pay that month's places so far (README),
 * nothing later. Read on the database clock, which also stamps the events a run pays.
 */
async function refuseLaterThanNextMonth(tx: Tx, runDate: string) {
  const [{ latest }] = rowsOf(
    await tx.execute(sql`select to_char(date_trunc('month', now() at time zone 'Europe/London') + interval '1 month',
      'YYYY-MM-DD') as "latest"`),
  ) as [{ latest: string }];
  if (runDate <= latest) return;
  const shown = longDate(latest);
  throw ValidationError.field(
    ['input', 'runDate'],
    `A payment run pays for work already done: date it ${shown} (the first of next month) or earlier`,
  );
}

/** Runs a payment run for runDate: every payable line, per provider, each made PAYABLE in the ledger. */
export async function createPaymentRun(
  tx: Tx,
  actor: Viewer,
  runDate: string,
  key?: string | null,
): Promise<{ runId: number }> {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners run payments');
  // A retry with the same key gets the first run back, not "nothing is payable" (idempotency.ts).
  const replay = key ? await claimKey<{ runId: number }>(tx, actor.id, key, 'createPaymentRun', { runDate }) : null;
  if (replay) return replay;
  const nothing = () =>
    ValidationError.field(
      ['input', 'runDate'],
      `Nothing is payable on or before ${longDate(runDate)} that is not already in a run`,
    );
  await refuseLaterThanNextMonth(tx, runDate);
  const candidates = await payableOn(tx, actor.zoneId, runDate);
  if (candidates.length === 0) throw nothing();
  const suppliers = [...new Map(candidates.map((c) => [c.organisationId, c.supplier])).entries()].sort((a, b) =>
    a[1].localeCompare(b[1]),
  );
  const total = candidates.reduce((sum, c) => sum + c.amountPence, 0);
  let run: typeof paymentRuns.$inferSelect | undefined;
  for (let attempt = 1; !run; attempt++) {
    try {
      [run] = await tx.transaction((sp) =>
        sp
          .insert(paymentRuns)
          .values({ reference: reference(), zoneId: actor.zoneId, runDate, totalPence: total, createdById: actor.id })
          .returning(),
      );
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 8) throw error;
    }
  }
  const number = new Map(suppliers.map(([id], i) => [id, `${run.reference}/${i + 1}`]));
  const lines = await tx
    .insert(paymentLines)
    .values(
      candidates.map((c) => ({
        runId: run!.id,
        zoneId: actor.zoneId,
        organisationId: c.organisationId,
        supplierName: c.supplier,
        remittanceNumber: number.get(c.organisationId)!,
        commissionId: c.commissionId,
        contractId: c.contractId,
        month: c.month,
        firstPlace: c.firstPlace,
        places: c.places,
        amountPence: c.amountPence,
        fundSource: c.fundSource,
        description: c.description,
      })),
    )
    .onConflictDoNothing()
    .returning();
  // A line another run took in the meantime is skipped; if that was all of them, nothing is payable.
  if (lines.length === 0) throw nothing();
  const taken = lines.reduce((sum, l) => sum + l.amountPence, 0);
  if (taken !== total) await tx.update(paymentRuns).set({ totalPence: taken }).where(eq(paymentRuns.id, run.id));
  const potOf = new Map(candidates.filter((c) => c.contractId).map((c) => [c.contractId, c.fundingPotId]));
  const budgetOf = new Map(candidates.filter((c) => c.commissionId).map((c) => [c.commissionId, c.budgetId]));
  await tx.insert(ledgerEntries).values(
    lines.map((l) => ({
      zoneId: actor.zoneId,
      kind: 'PAYABLE' as const,
      amountPence: l.amountPence,
      budgetId: l.commissionId ? budgetOf.get(l.commissionId)! : null,
      commissionId: l.commissionId,
      contractId: l.contractId,
      fundingPotId: l.contractId ? potOf.get(l.contractId)! : null,
      paymentLineId: l.id,
      actorId: actor.id,
      reason: `Payable in payment run ${run!.reference}`,
    })),
  );
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'CREATE_PAYMENT_RUN',
    entityType: 'PaymentRun',
    entityId: run.id,
    detail: { runDate, lines: lines.length, totalPence: taken },
  });
  if (key) await storeResult(tx, actor.id, key, { runId: run.id });
  return { runId: run.id };
}

/** CREATED to PAID with the finance system's reference; every line PAID in the ledger. Once only. */
export async function markPaymentRunPaid(
  tx: Tx,
  actor: Viewer,
  runId: number,
  financeReference: string,
  now: Date,
): Promise<{ runId: number }> {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners run payments');
  const [run] = await tx
    .update(paymentRuns)
    .set({ status: 'PAID', financeReference, paidAt: now, paidById: actor.id })
    .where(and(eq(paymentRuns.id, runId), eq(paymentRuns.zoneId, actor.zoneId), eq(paymentRuns.status, 'CREATED')))
    .returning();
  if (!run) {
    const [existing] = await tx
      .select()
      .from(paymentRuns)
      .where(and(eq(paymentRuns.id, runId), eq(paymentRuns.zoneId, actor.zoneId)));
    if (!existing) throw new NotFoundError('Payment run');
    throw new AlreadyPaidError(existing.financeReference ?? '');
  }
  const lines = await tx.select().from(paymentLines).where(eq(paymentLines.runId, run.id)).orderBy(paymentLines.id);
  const payable = await tx
    .select({ line: ledgerEntries.paymentLineId, budgetId: ledgerEntries.budgetId, pot: ledgerEntries.fundingPotId })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.kind, 'PAYABLE'),
        sql`${ledgerEntries.paymentLineId} in (select "id" from "payment_lines" where "runId" = ${run.id})`,
      ),
    );
  const from = new Map(payable.map((p) => [p.line, p]));
  await tx.insert(ledgerEntries).values(
    lines.map((l) => ({
      zoneId: run.zoneId,
      kind: 'PAID' as const,
      amountPence: l.amountPence,
      budgetId: from.get(l.id)?.budgetId ?? null,
      commissionId: l.commissionId,
      contractId: l.contractId,
      fundingPotId: from.get(l.id)?.pot ?? null,
      paymentLineId: l.id,
      actorId: actor.id,
      reason: `Paid in payment run ${run.reference} (${financeReference})`,
    })),
  );
  await audit(tx, {
    zoneId: run.zoneId,
    actorId: actor.id,
    action: 'MARK_PAYMENT_RUN_PAID',
    entityType: 'PaymentRun',
    entityId: run.id,
    detail: { financeReference, totalPence: run.totalPence, paid: formatPence(run.totalPence) },
  });
  return { runId: run.id };
}

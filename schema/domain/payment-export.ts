import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import codes from './finance-codes.json';
import { rowsOf } from './rows';

// The finance CSV of a payment run, one row per line (README "Payment run CSV"), read in keyset pages.
export const PAYMENT_RUN_COLUMNS = [
  'supplier',
  'remittanceNumber',
  'costCentre',
  'nominalCode',
  'amountPounds',
  'vatFlag',
  'fundSource',
  'lineReference',
  'month',
  'description',
  'runReference',
  'runDate',
  'financeReference',
];

const pounds = (pence: number) => `${Math.trunc(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

/** The run's reference when its zone has it and it has lines (a run without lines has no file). */
export async function paymentRunToExport(db: Db, zoneId: number, runId: number) {
  const [run] = rowsOf(
    await db.execute(sql`select r."reference" from "payment_runs" r where r."id" = ${runId} and r."zoneId" = ${zoneId}
      and exists (select 1 from "payment_lines" l where l."runId" = r."id")`),
  ) as { reference: string }[];
  return run ?? null;
}

/** Where a page of a run's CSV ends: rows go by supplier, then line id (null: before the first). */
export type PaymentRunKey = { supplier: string; lineId: number } | null;
export const paymentRunKey = (row: Record<string, unknown>): PaymentRunKey => ({
  supplier: String(row.supplier),
  lineId: Number(row.lineId),
});

/**
 * One page of the run's CSV rows after `after` (keyset on supplier name and line id, the file's
 * order); lineId is the key, not a column.
 */
export async function paymentRunCsvPage(db: Db, zoneId: number, runId: number, after: PaymentRunKey, limit: number) {
  const rows = rowsOf(
    await db.execute(sql`
      select l."supplierName" as "supplier", l."id" as "lineId", l."remittanceNumber", l."amountPence", l."fundSource", l."month",
        l."description", coalesce(c."reference", k."reference") as "lineReference", (l."commissionId" is not null) as "isCommission",
        r."reference" as "runReference", r."runDate"::text as "runDate", r."financeReference"
      from "payment_runs" r join "payment_lines" l on l."runId" = r."id"
        left join "commissions" c on c."id" = l."commissionId" left join "contracts" k on k."id" = l."contractId"
      where r."id" = ${runId} and r."zoneId" = ${zoneId}
        ${after ? sql`and (l."supplierName", l."id") > (${after.supplier}, ${after.lineId})` : sql``}
      order by l."supplierName", l."id"
      limit ${limit}`),
  );
  const costCentre = codes.costCentre as Record<string, string>;
  return rows.map((r) => ({
    supplier: r.supplier,
    lineId: Number(r.lineId),
    remittanceNumber: r.remittanceNumber,
    costCentre: costCentre[String(r.fundSource)] ?? costCentre.OTHER,
    nominalCode: r.isCommission ? codes.nominalCode.COMMISSION : codes.nominalCode.CONTRACT,
    amountPounds: pounds(Number(r.amountPence)),
    vatFlag: codes.vatFlag,
    fundSource: r.fundSource,
    lineReference: r.lineReference,
    month: r.month ?? '',
    description: r.description,
    runReference: r.runReference,
    runDate: r.runDate,
    financeReference: r.financeReference ?? '',
  }));
}

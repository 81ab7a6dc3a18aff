import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import codes from './finance-codes.json';
import { rowsOf } from './rows';

// The finance CSV of a payment run, one row per line (README "Payment run CSV layout").
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

/** The run's rows for its zone, or null when the zone has no such run. */
export async function paymentRunCsvRows(db: Db, zoneId: number, runId: number) {
  const rows = rowsOf(
    await db.execute(sql`
      select o."name" as "supplier", l."remittanceNumber", l."amountPence", l."fundSource", l."month", l."description",
        coalesce(c."reference", k."reference") as "lineReference", (l."commissionId" is not null) as "isCommission",
        r."reference" as "runReference", r."runDate"::text as "runDate", r."financeReference"
      from "payment_runs" r join "payment_lines" l on l."runId" = r."id"
        join "organisations" o on o."id" = l."organisationId"
        left join "commissions" c on c."id" = l."commissionId" left join "contracts" k on k."id" = l."contractId"
      where r."id" = ${runId} and r."zoneId" = ${zoneId}
      order by o."name", l."id"`),
  );
  if (rows.length === 0) return null;
  const costCentre = codes.costCentre as Record<string, string>;
  return rows.map((r) => ({
    supplier: r.supplier,
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

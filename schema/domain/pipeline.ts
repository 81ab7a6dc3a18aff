import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { rowsOf } from './rows';

// A provider's pipeline (issue 13 point 5): committed future income and activity, as of `today`
// (a London date, injected). Every figure is integer pence, aggregated in SQL.
//
// The 12-month view: the calendar month of `today` and the 11 after it. Expected income is
// - contracts: each signed contract's value not yet in a payment run (places x price, less its
//   instalments already in runs) spread evenly over the days from today (or its start, if later)
//   to its end date, assuming the block is taken up evenly. Whole pence by cumulative rounding:
//   month m gets floor(V x days to the end of m / D) - floor(V x days to the end of m-1 / D), so a
//   contract's months always add up to its value; days after the window are not shown.
// - commissions: commissions are paid when they complete (payment runs), so each accepted spot
//   or stretch commission's whole price (units x unit price) is placed in the month its budget
//   year ends (31 March of the period, e.g. 2026-27 -> March 2027), or this month when that has
//   passed. Places drawn from a contract are paid as its instalments: counted under the contract.

export type PipelineContract = {
  id: number;
  reference: string;
  serviceName: string;
  places: number;
  placesUsed: number;
  placesLeft: number;
  pricePerPlacePence: number;
  valueLeftPence: number;
  unpaidPence: number;
  startDate: string;
  endDate: string;
};
export type PipelineMonth = { month: string; contractsPence: number; commissionsPence: number; totalPence: number };
export type Pipeline = {
  organisationId: number;
  asOf: string;
  acceptedCount: number;
  acceptedUnitsLeft: number;
  acceptedValueLeftPence: number;
  approvedCount: number;
  approvedValuePence: number;
  contractPlacesUsed: number;
  contractPlacesLeft: number;
  contractValueLeftPence: number;
  contracts: PipelineContract[];
  months: PipelineMonth[];
};

const n = (v: unknown) => Number(v ?? 0);

/** The pipeline of one organisation in one zone, as of `today` (YYYY-MM-DD, London). */
export async function providerPipeline(
  db: Db,
  zoneId: number,
  organisationId: number,
  today: string,
): Promise<Pipeline> {
  // A place drawn from a contract is worth the contract price to the provider (its amount is 0).
  const [activity] = rowsOf(
    await db.execute(sql`
      with c as (
        select c."status", c."units", c."unitsDelivered",
          case when c."contractId" is not null and not c."stretch" then k."pricePerPlacePence" else c."unitPricePence" end as "price"
        from "commissions" c left join "contracts" k on k."id" = c."contractId"
        where c."zoneId" = ${zoneId} and c."organisationId" = ${organisationId} and c."status" in ('ACCEPTED', 'APPROVED')
      )
      select count(*) filter (where "status" = 'ACCEPTED')::int as "acceptedCount",
        coalesce(sum("units" - "unitsDelivered") filter (where "status" = 'ACCEPTED'), 0)::int as "acceptedUnitsLeft",
        coalesce(sum(("units" - "unitsDelivered")::bigint * "price") filter (where "status" = 'ACCEPTED'), 0)::bigint as "acceptedValueLeftPence",
        count(*) filter (where "status" = 'APPROVED')::int as "approvedCount",
        coalesce(sum("units"::bigint * "price") filter (where "status" = 'APPROVED'), 0)::bigint as "approvedValuePence"
      from c`),
  );
  const contracts = rowsOf(
    await db.execute(sql`
      select k."id", k."reference", s."name" as "serviceName", k."places", k."placesUsed", k."pricePerPlacePence",
        k."startDate"::text as "startDate", k."endDate"::text as "endDate",
        greatest(0, k."places"::bigint * k."pricePerPlacePence"
          - coalesce((select sum(l."amountPence") from "payment_lines" l where l."contractId" = k."id"), 0))::bigint as "unpaidPence"
      from "contracts" k join "services" s on s."id" = k."serviceId"
      where k."zoneId" = ${zoneId} and k."organisationId" = ${organisationId} and k."status" = 'SIGNED'
        and k."endDate" >= ${today}::date
      order by k."endDate", k."id"`),
  ).map((r) => ({
    id: n(r.id),
    reference: String(r.reference),
    serviceName: String(r.serviceName),
    places: n(r.places),
    placesUsed: n(r.placesUsed),
    placesLeft: n(r.places) - n(r.placesUsed),
    pricePerPlacePence: n(r.pricePerPlacePence),
    valueLeftPence: (n(r.places) - n(r.placesUsed)) * n(r.pricePerPlacePence),
    unpaidPence: n(r.unpaidPence),
    startDate: String(r.startDate),
    endDate: String(r.endDate),
  }));
  const months = rowsOf(
    await db.execute(sql`
      with m as (
        select (date_trunc('month', ${today}::date) + make_interval(months => i))::date as "month"
        from generate_series(0, 11) i
      ),
      k as (
        select greatest(k."startDate", ${today}::date) as "from", k."endDate" as "to",
          greatest(0, k."places"::bigint * k."pricePerPlacePence"
            - coalesce((select sum(l."amountPence") from "payment_lines" l where l."contractId" = k."id"), 0)) as "unpaid"
        from "contracts" k
        where k."zoneId" = ${zoneId} and k."organisationId" = ${organisationId} and k."status" = 'SIGNED'
          and k."endDate" >= ${today}::date
      ),
      spread as (
        select m."month",
          sum(k."unpaid" * greatest(0, least(k."to", (m."month" + interval '1 month')::date - 1) - k."from" + 1) / (k."to" - k."from" + 1)
            - k."unpaid" * greatest(0, least(k."to", m."month" - 1) - k."from" + 1) / (k."to" - k."from" + 1)) as "pence"
        from m cross join k group by m."month"
      ),
      placed as (
        select greatest(date_trunc('month', ${today}::date)::date,
            case when b."period" ~ '^[0-9]{4}-[0-9]{2}$' then make_date(left(b."period", 4)::int + 1, 3, 1)
              else date_trunc('month', ${today}::date)::date end) as "month",
          sum(c."amountPence") as "pence"
        from "commissions" c join "child_budgets" b on b."id" = c."budgetId"
        where c."zoneId" = ${zoneId} and c."organisationId" = ${organisationId} and c."status" = 'ACCEPTED'
          and c."amountPence" > 0
        group by 1
      )
      select to_char(m."month", 'YYYY-MM') as "month", coalesce(s."pence", 0)::bigint as "contractsPence",
        coalesce(p."pence", 0)::bigint as "commissionsPence"
      from m left join spread s on s."month" = m."month" left join placed p on p."month" = m."month"
      order by m."month"`),
  ).map((r) => ({
    month: String(r.month),
    contractsPence: n(r.contractsPence),
    commissionsPence: n(r.commissionsPence),
    totalPence: n(r.contractsPence) + n(r.commissionsPence),
  }));
  return {
    organisationId,
    asOf: today,
    acceptedCount: n(activity?.acceptedCount),
    acceptedUnitsLeft: n(activity?.acceptedUnitsLeft),
    acceptedValueLeftPence: n(activity?.acceptedValueLeftPence),
    approvedCount: n(activity?.approvedCount),
    approvedValuePence: n(activity?.approvedValuePence),
    contractPlacesUsed: contracts.reduce((sum, k) => sum + k.placesUsed, 0),
    contractPlacesLeft: contracts.reduce((sum, k) => sum + k.placesLeft, 0),
    contractValueLeftPence: contracts.reduce((sum, k) => sum + k.valueLeftPence, 0),
    contracts,
    months,
  };
}

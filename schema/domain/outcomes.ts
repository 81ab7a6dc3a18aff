import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import type { Measure } from './measures';
import {
  baselineAndLatest,
  type ChangeClass,
  classifyChange,
  isClinical,
  reliableChangeIndex,
  type Score,
  standardErrorOfDifference,
  wilsonInterval,
  Z95,
} from './reliable-change';
import { rowsOf } from './rows';

/** Fewer children than this and no figure is shown (a child could be identified). */
export const SUPPRESS_BELOW = 10;

/** Commissions that count as "commissioned for a service": the provider accepted it (live or done). */
export const COUNTED_STATUSES = ['ACCEPTED', 'COMPLETED'] as const;

export type ChildChange = {
  baseline: number;
  latest: number;
  baselineOn: string;
  latestOn: string;
  change: number;
  rci: number | null;
  classification: ChangeClass;
  baselineClinical: boolean | null;
  latestClinical: boolean | null;
  /** Moved from the clinical to the typical range; null when the measure has no cut-off. */
  movedToTypical: boolean | null;
};

/** Baseline to latest for one child's scores on one measure, classified; null without two scores. */
export function changeOf(
  measure: Measure,
  scores: Score[],
  window: { baselineBy?: string; followUpFrom?: string } = {},
): ChildChange | null {
  const pair = baselineAndLatest(scores, window);
  if (!pair) return null;
  const baselineClinical = isClinical(measure, pair.baseline);
  const latestClinical = isClinical(measure, pair.latest);
  return {
    ...pair,
    change: pair.latest - pair.baseline,
    rci: reliableChangeIndex(measure, pair.baseline, pair.latest),
    classification: classifyChange(measure, pair.baseline, pair.latest),
    baselineClinical,
    latestClinical,
    movedToTypical: baselineClinical == null ? null : baselineClinical && latestClinical === false,
  };
}

export type Share = { children: number; improved: number; share: number; lower: number; upper: number };

export type ServiceOutcomeRow = {
  /** The service's id, or the organisation's when grouped by provider. */
  serviceId: number;
  /** Null (with every other figure) when suppressed. */
  cohort: Share | null;
  comparison: Share | null;
  spendPence: number | null;
  costPerImprovedChildPence: number | null;
  suppressed: boolean;
  comparisonSuppressed: boolean;
};

/** Share reliably improved with its Wilson 95% interval, or null below the suppression threshold. */
export function shareOf(improved: number, children: number): Share | null {
  if (children < SUPPRESS_BELOW) return null;
  const ci = wilsonInterval(improved, children)!;
  return { children, improved, share: improved / children, lower: ci.lower, upper: ci.upper };
}

/** Spend per reliably improved child, whole pence (rounded); null when none improved. */
export function costPerImproved(spendPence: number, improved: number): number | null {
  return improved > 0 ? Math.round(spendPence / improved) : null;
}

/** What to return: a page (ordered by name, then id), one key only, and what the viewer may see. */
export type OutcomeOptions = {
  limit?: number;
  offset?: number;
  /** Only this service (or organisation): the figures for one row. */
  onlyKey?: number;
  /**
   * Only rows the viewer may see: services of the zone that are published or the viewer's own
   * organisation's (canSeeService), organisations of the zone. Without it, every key of the zone.
   */
  visibleTo?: { organisationId: number | null };
};

/**
 * A child reliably improved, in SQL, as classifyChange does it in JavaScript: the change of the two
 * means (float8, the same IEEE arithmetic as JavaScript's), over S_diff computed in JavaScript, or
 * against the measure's threshold; direction-aware.
 */
function improvedSql(measure: Measure) {
  const diff = sql`("latest" - "baseline")`;
  const reliable =
    measure.reliability != null && measure.referenceSd != null
      ? sql`abs(${diff} / ${standardErrorOfDifference(measure.referenceSd, measure.reliability)}::float8) > ${Z95}::float8`
      : measure.reliableChangeThreshold != null
        ? sql`abs(${diff}) >= ${measure.reliableChangeThreshold}::float8`
        : sql`false`;
  const better = measure.better === 'LOWER' ? sql`${diff} < 0` : sql`${diff} > 0`;
  return sql`(${reliable} and ${diff} <> 0 and ${better})`;
}

/**
 * Per service of the zone with an accepted or completed commission: the children commissioned for
 * it with a baseline on or before the (first such) commission's date and a follow-up on or after it,
 * how many reliably improved, the zone's other children with a baseline and follow-up as the
 * comparison, the spend on the cohort's commissions for it (a completed commission's delivered
 * value, units delivered x unit price, as the ledger spends it; an accepted one's full amount, as
 * reserved), and the cost per reliably improved child. Grouped by provider, a child counts once for
 * the organisation, from its first accepted or completed commission with it.
 *
 * One statement, aggregated in SQL and paged there (ordered by name, then id): only the page's rows
 * leave the database, whatever the number of services, scores or commissions. A child's baseline
 * for an item is its first score (if on or before the commission), its follow-up the item's last
 * score (if a later record, on or after it), as baselineAndLatest does; several items are averaged.
 */
export async function serviceOutcomes(
  db: Db,
  zoneId: number,
  measure: Measure,
  onlyOrganisationId?: number,
  groupBy: 'service' | 'organisation' = 'service',
  options: OutcomeOptions = {},
): Promise<ServiceOutcomeRow[]> {
  const key = groupBy === 'service' ? sql`c."serviceId"` : sql`c."organisationId"`;
  const improved = improvedSql(measure);
  const visible = options.visibleTo;
  const entity =
    groupBy === 'service'
      ? sql`join "services" e on e."id" = a."key" and e."zoneId" = ${zoneId}
          ${visible ? sql`and (e."status" = 'PUBLISHED' or e."organisationId" = ${visible.organisationId ?? -1})` : sql``}`
      : sql`join "organisations" e on e."id" = a."key" ${visible ? sql`and e."zoneId" = ${zoneId}` : sql``}`;
  const query = sql`
    with "sc" as (
      select o."id", o."childId", o."item", o."score"::float8 as "score", o."measuredOn"
      from "outcome_measures" o join "children" ch on ch."id" = o."childId"
      where ch."zoneId" = ${zoneId} and o."measure" = ${measure.code}
    ), "firsts" as (
      select distinct on ("childId", "item") "childId", "item", "id", "score", "measuredOn"
      from "sc" order by "childId", "item", "measuredOn", "id"
    ), "lasts" as (
      select distinct on ("childId", "item") "childId", "item", "id", "score", "measuredOn"
      from "sc" order by "childId", "item", "measuredOn" desc, "id" desc
    ), "pairs" as (
      select f."childId", f."score" as "first", f."measuredOn" as "firstOn", l."score" as "last", l."measuredOn" as "lastOn"
      from "firsts" f join "lasts" l on l."childId" = f."childId" and l."item" = f."item" and l."id" <> f."id"
    ), "overall" as (
      select "childId", ${improved} as "improved"
      from (select "childId", sum("first") / count(*)::float8 as "baseline", sum("last") / count(*)::float8 as "latest"
        from "pairs" group by "childId") m
    ), "totals" as (
      select count(*)::int as "n", (count(*) filter (where "improved"))::int as "k" from "overall"
    ), "facts" as (
      select ${key} as "key", c."childId", (c."createdAt" at time zone 'UTC')::date as "raisedOn",
        case when c."status" = 'COMPLETED' then c."unitsDelivered" * c."unitPricePence" else c."amountPence" end as "spend"
      from "commissions" c join "services" s on s."id" = c."serviceId"
      where c."zoneId" = ${zoneId} and c."status" in ('ACCEPTED', 'COMPLETED')
        ${onlyOrganisationId != null ? sql`and s."organisationId" = ${onlyOrganisationId}` : sql``}
        ${options.onlyKey != null ? sql`and ${key} = ${options.onlyKey}` : sql``}
    ), "firstRaised" as (
      select "key", "childId", min("raisedOn") as "on", sum("spend") as "spend" from "facts" group by "key", "childId"
    ), "perChild" as (
      select "key", "childId", "spend", "items", ${improved} as "improved"
      from (select fr."key", fr."childId", fr."spend", count(p."childId") as "items",
          sum(p."first") / nullif(count(p."childId"), 0)::float8 as "baseline",
          sum(p."last") / nullif(count(p."childId"), 0)::float8 as "latest"
        from "firstRaised" fr left join "pairs" p on p."childId" = fr."childId" and p."firstOn" <= fr."on" and p."lastOn" >= fr."on"
        group by fr."key", fr."childId", fr."spend") m
    ), "agg" as (
      select pc."key", (count(*) filter (where pc."items" > 0))::int as "children",
        (count(*) filter (where pc."items" > 0 and pc."improved"))::int as "improved",
        sum(pc."spend") filter (where pc."items" > 0) as "spend",
        count(ov."childId")::int as "commissionedWithChange", (count(*) filter (where ov."improved"))::int as "commissionedImproved"
      from "perChild" pc left join "overall" ov on ov."childId" = pc."childId"
      group by pc."key"
    )
    select a."key", a."children", a."improved", coalesce(a."spend", 0)::text as "spend",
      t."n" - a."commissionedWithChange" as "compChildren", t."k" - a."commissionedImproved" as "compImproved"
    from "agg" a cross join "totals" t ${entity}
    order by lower(e."name"), e."name", e."id"
    ${options.limit != null ? sql`limit ${options.limit}` : sql``} offset ${options.offset ?? 0}`;
  const result = await db.execute(query);
  return rowsOf(result).map((r) => {
    const children = Number(r.children);
    const improvedCount = Number(r.improved);
    const compChildren = Number(r.compChildren);
    const spendPence = Number(r.spend);
    const suppressed = children < SUPPRESS_BELOW;
    return {
      serviceId: Number(r.key),
      cohort: shareOf(improvedCount, children),
      comparison: shareOf(Number(r.compImproved), compChildren),
      spendPence: suppressed ? null : spendPence,
      costPerImprovedChildPence: suppressed ? null : costPerImproved(spendPence, improvedCount),
      suppressed,
      comparisonSuppressed: compChildren < SUPPRESS_BELOW,
    };
  });
}

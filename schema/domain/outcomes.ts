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
  THRESHOLD_TOLERANCE,
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
  /** Suppressed although it has 10 or more children: it would give a suppressed row back. */
  complementary: boolean;
  /** Also true whenever the row is suppressed (the comparison would give the row back). */
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

/** What to return: a page (by name, then id, unless orderBy), one key only, and what the viewer may see. */
export type OutcomeOptions = {
  limit?: number;
  offset?: number;
  /** Only this service (or organisation): the figures for one row. */
  onlyKey?: number;
  /**
   * Only rows the viewer may see: services of the zone that are published (or archived, for
   * commissioners: what the zone bought stays in its reports) or the viewer's own organisation's
   * (canSeeService), organisations of the zone. Without it, every key of the zone.
   */
  visibleTo?: { organisationId: number | null; seesArchived?: boolean };
  /** Sort by a figure (suppressed rows last, by name, so the order never gives a hidden figure away). */
  orderBy?: OutcomeOrder;
  descending?: boolean;
};

export const OUTCOME_ORDERS = [
  'NAME',
  'CHILDREN',
  'SHARE_IMPROVED',
  'COMPARISON_SHARE',
  'SPEND',
  'COST_PER_IMPROVED',
] as const;
export type OutcomeOrder = (typeof OUTCOME_ORDERS)[number];

/** Each figure as the row computes it, in SQL over the final select's aliases (a, t, h). */
const FIGURES: Record<Exclude<OutcomeOrder, 'NAME'>, ReturnType<typeof sql>> = {
  CHILDREN: sql`a."children"`,
  SHARE_IMPROVED: sql`a."improved"::float8 / nullif(a."children", 0)`,
  // Null (last) when the comparison has fewer than SUPPRESS_BELOW children, as shareOf hides it.
  COMPARISON_SHARE: sql`case when t."n" - a."children" >= ${SUPPRESS_BELOW}
    then (t."k" - a."improved")::float8 / (t."n" - a."children") end`,
  SPEND: sql`coalesce(a."spend", 0)`,
  COST_PER_IMPROVED: sql`case when a."improved" > 0 then coalesce(a."spend", 0)::float8 / a."improved" end`,
};

/** The page's ORDER BY: by name, or unsuppressed rows by the figure then suppressed rows by name only. */
function orderSql(options: OutcomeOptions) {
  const dir = options.descending ? sql`desc` : sql`asc`;
  const byName = sql`lower(e."name"), e."name", e."id"`;
  if (!options.orderBy || options.orderBy === 'NAME')
    return sql`lower(e."name") ${dir}, e."name" ${dir}, e."id" ${dir}`;
  // The same test as below in JavaScript (children and complementary suppression).
  const suppressed = sql`(a."children" < ${SUPPRESS_BELOW}
    or (coalesce(h."n", 0) > 0 and coalesce(h."n", 0) < ${SUPPRESS_BELOW}))`;
  return sql`${suppressed}, (case when not ${suppressed} then ${FIGURES[options.orderBy]} end) ${dir} nulls last, ${byName}`;
}

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
        ? sql`abs(${diff}) >= ${measure.reliableChangeThreshold - THRESHOLD_TOLERANCE}::float8`
        : sql`false`;
  const better = measure.better === 'LOWER' ? sql`${diff} < 0` : sql`${diff} > 0`;
  return sql`(${reliable} and ${diff} <> 0 and ${better})`;
}

/**
 * Per service of the zone with an accepted or completed commission: the children commissioned for
 * it whose change (first score to latest) the child page shows, how many reliably improved, the
 * zone's other children with a change as the comparison, the spend on the cohort's commissions for
 * it (a completed commission's delivered value, units delivered x unit price, as the ledger spends
 * it; an accepted one's full amount, as reserved; a place drawn from a block contract at the
 * contract's price per place, which the contract paid), and the cost per reliably improved child.
 * Grouped by provider, a child counts once for the organisation.
 *
 * Suppression (fewer than SUPPRESS_BELOW children): a suppressed row shows no figure and no
 * comparison (the comparison is the zone's total minus the row, so it would give the row back). A
 * provider row is also suppressed when the children of its services that are not shown (suppressed
 * or not visible to the viewer) are between 1 and 9: the provider row minus its shown services would
 * give them back (complementary suppression).
 *
 * One statement, aggregated in SQL and paged there (ordered by name, then id): only the page's rows
 * leave the database, whatever the number of services, scores or commissions. A child's change is
 * baselineAndLatest's without a window: per item (itemKey) the first score to the last (a later day),
 * several items averaged, exactly as changeOf gives it to the child page.
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
  const statuses = visible?.seesArchived ? ['PUBLISHED', 'ARCHIVED'] : ['PUBLISHED'];
  const seen = (alias: string) =>
    visible
      ? sql`(${sql.identifier(alias)}."status" in (${sql.join(
          statuses.map((st) => sql`${st}`),
          sql`, `,
        )}) or ${sql.identifier(alias)}."organisationId" = ${visible.organisationId ?? -1})`
      : sql`true`;
  const shownService = seen('s');
  const entity =
    groupBy === 'service'
      ? sql`join "services" e on e."id" = a."key" and e."zoneId" = ${zoneId} and ${seen('e')}`
      : sql`join "organisations" e on e."id" = a."key" ${visible ? sql`and e."zoneId" = ${zoneId}` : sql``}`;
  const counted = sql`c."zoneId" = ${zoneId} and c."status" in ('ACCEPTED', 'COMPLETED')
    ${onlyOrganisationId != null ? sql`and s."organisationId" = ${onlyOrganisationId}` : sql``}`;
  // Per provider: its children commissioned for a service the viewer does not see figures for.
  const hidden =
    groupBy === 'organisation'
      ? sql`, "perService" as (
          select c."serviceId", (count(distinct c."childId") >= ${SUPPRESS_BELOW} and bool_and(${shownService})) as "shown"
          from "commissions" c join "services" s on s."id" = c."serviceId" join "overall" ov on ov."childId" = c."childId"
          where ${counted} group by c."serviceId"
        ), "hidden" as (
          select c."organisationId" as "key", count(distinct c."childId")::int as "n"
          from "commissions" c join "services" s on s."id" = c."serviceId" join "overall" ov on ov."childId" = c."childId"
            join "perService" ps on ps."serviceId" = c."serviceId" and not ps."shown"
          where ${counted} group by c."organisationId"
        )`
      : sql`, "hidden" as (select null::int as "key", 0 as "n" where false)`;
  // Goals pair as itemKey pairs them. [[:space:]], not \s: a JS template turns "\s" into "s".
  const query = sql`
    with "sc" as (
      select o."id", o."childId", lower(btrim(regexp_replace(o."item", '[[:space:]]+', ' ', 'g'))) as "item",
        o."score"::float8 as "score", o."measuredOn"
      from "outcome_measures" o join "children" ch on ch."id" = o."childId"
      where ch."zoneId" = ${zoneId} and o."measure" = ${measure.code}
    ), "firsts" as (
      select distinct on ("childId", "item") "childId", "item", "id", "score", "measuredOn"
      from "sc" order by "childId", "item", "measuredOn", "id"
    ), "lasts" as (
      select distinct on ("childId", "item") "childId", "item", "id", "score", "measuredOn"
      from "sc" order by "childId", "item", "measuredOn" desc, "id" desc
    ), "pairs" as (
      select f."childId", f."score" as "first", l."score" as "last"
      from "firsts" f join "lasts" l on l."childId" = f."childId" and l."item" = f."item" and l."measuredOn" > f."measuredOn"
    ), "overall" as (
      select "childId", ${improved} as "improved"
      from (select "childId", sum("first") / count(*)::float8 as "baseline", sum("last") / count(*)::float8 as "latest"
        from "pairs" group by "childId") m
    ), "totals" as (
      select count(*)::int as "n", (count(*) filter (where "improved"))::int as "k" from "overall"
    ), "facts" as (
      select ${key} as "key", c."childId",
        case when c."contractId" is not null and not c."stretch" then c."units" * k."pricePerPlacePence"
          when c."status" = 'COMPLETED' then c."unitsDelivered" * c."unitPricePence" else c."amountPence" end as "spend"
      from "commissions" c join "services" s on s."id" = c."serviceId" left join "contracts" k on k."id" = c."contractId"
      where ${counted} ${options.onlyKey != null ? sql`and ${key} = ${options.onlyKey}` : sql``}
    ), "agg" as (
      select f."key", count(distinct ov."childId")::int as "children",
        count(distinct ov."childId") filter (where ov."improved")::int as "improved",
        sum(f."spend") filter (where ov."childId" is not null) as "spend"
      from "facts" f left join "overall" ov on ov."childId" = f."childId"
      group by f."key"
    )${hidden}
    select a."key", a."children", a."improved", coalesce(a."spend", 0)::text as "spend",
      t."n" - a."children" as "compChildren", t."k" - a."improved" as "compImproved", coalesce(h."n", 0) as "hidden"
    from "agg" a cross join "totals" t left join "hidden" h on h."key" = a."key" ${entity}
    order by ${orderSql(options)}
    ${options.limit != null ? sql`limit ${options.limit}` : sql``} offset ${options.offset ?? 0}`;
  const result = await db.execute(query);
  return rowsOf(result).map((r) => {
    const children = Number(r.children);
    const improvedCount = Number(r.improved);
    const spendPence = Number(r.spend);
    const hiddenChildren = Number(r.hidden);
    const complementary = children >= SUPPRESS_BELOW && hiddenChildren > 0 && hiddenChildren < SUPPRESS_BELOW;
    const suppressed = children < SUPPRESS_BELOW || complementary;
    // The comparison is the zone's total minus this row: never shown beside a suppressed row.
    const comparison = suppressed ? null : shareOf(Number(r.compImproved), Number(r.compChildren));
    return {
      serviceId: Number(r.key),
      cohort: suppressed ? null : shareOf(improvedCount, children),
      comparison,
      spendPence: suppressed ? null : spendPence,
      costPerImprovedChildPence: suppressed ? null : costPerImproved(spendPence, improvedCount),
      suppressed,
      complementary,
      comparisonSuppressed: comparison === null,
    };
  });
}

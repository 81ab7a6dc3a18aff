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
  wilsonInterval,
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

type CommissionFact = { key: number; childId: number; raisedOn: string; spendPence: number };

/**
 * Per service of the zone with an accepted or completed commission: the children commissioned for
 * it with a baseline on or before the (first such) commission's date and a follow-up on or after it,
 * how many reliably improved, the zone's other children with a baseline and follow-up as the
 * comparison, the spend on the cohort's commissions for it (a completed commission's delivered
 * value, units delivered x unit price, as the ledger spends it; an accepted one's full amount, as
 * reserved), and the cost per reliably improved child. Two statements. Grouped by provider, a
 * child counts once for the organisation, from its first accepted or completed commission with it.
 */
export async function serviceOutcomes(
  db: Db,
  zoneId: number,
  measure: Measure,
  onlyOrganisationId?: number,
  groupBy: 'service' | 'organisation' = 'service',
): Promise<ServiceOutcomeRow[]> {
  const scoreRows = rowsOf(
    await db.execute(sql`
      select o."id", o."childId", o."item", o."score", o."measuredOn"::text as "measuredOn"
      from "outcome_measures" o join "children" ch on ch."id" = o."childId"
      where ch."zoneId" = ${zoneId} and o."measure" = ${measure.code}`),
  );
  const commissionRows = rowsOf(
    await db.execute(sql`
      select c."serviceId", c."organisationId", c."childId", (c."createdAt" at time zone 'UTC')::date::text as "raisedOn",
        case when c."status" = 'COMPLETED' then c."unitsDelivered" * c."unitPricePence" else c."amountPence" end as "spendPence"
      from "commissions" c join "services" s on s."id" = c."serviceId"
      where c."zoneId" = ${zoneId} and c."status" in ('ACCEPTED', 'COMPLETED')
        ${onlyOrganisationId != null ? sql`and s."organisationId" = ${onlyOrganisationId}` : sql``}`),
  );
  const scores = new Map<number, Score[]>();
  for (const r of scoreRows) {
    const childId = Number(r.childId);
    const s: Score = {
      id: Number(r.id),
      item: String(r.item),
      score: Number(r.score),
      measuredOn: String(r.measuredOn),
    };
    scores.set(childId, [...(scores.get(childId) ?? []), s]);
  }
  const facts: CommissionFact[] = commissionRows.map((r) => ({
    key: Number(groupBy === 'service' ? r.serviceId : r.organisationId),
    childId: Number(r.childId),
    raisedOn: String(r.raisedOn),
    spendPence: Number(r.spendPence),
  }));
  // Whole-history change for every child with two scores: the comparison groups draw on it.
  const overall = new Map<number, ChildChange>();
  for (const [childId, list] of scores) {
    const c = changeOf(measure, list);
    if (c) overall.set(childId, c);
  }
  const byService = new Map<number, CommissionFact[]>();
  for (const f of facts) byService.set(f.key, [...(byService.get(f.key) ?? []), f]);

  const rows: ServiceOutcomeRow[] = [];
  for (const [serviceId, list] of byService) {
    const firstRaised = new Map<number, string>();
    for (const f of list) {
      const seen = firstRaised.get(f.childId);
      if (!seen || f.raisedOn < seen) firstRaised.set(f.childId, f.raisedOn);
    }
    let children = 0;
    let improved = 0;
    const cohort = new Set<number>();
    for (const [childId, on] of firstRaised) {
      const c = changeOf(measure, scores.get(childId) ?? [], { baselineBy: on, followUpFrom: on });
      if (!c) continue;
      children++;
      cohort.add(childId);
      if (c.classification === 'RELIABLY_IMPROVED') improved++;
    }
    const spendPence = list.filter((f) => cohort.has(f.childId)).reduce((sum, f) => sum + f.spendPence, 0);
    let compChildren = 0;
    let compImproved = 0;
    for (const [childId, c] of overall) {
      if (firstRaised.has(childId)) continue;
      compChildren++;
      if (c.classification === 'RELIABLY_IMPROVED') compImproved++;
    }
    const suppressed = children < SUPPRESS_BELOW;
    rows.push({
      serviceId,
      cohort: shareOf(improved, children),
      comparison: shareOf(compImproved, compChildren),
      spendPence: suppressed ? null : spendPence,
      costPerImprovedChildPence: suppressed ? null : costPerImproved(spendPence, improved),
      suppressed,
      comparisonSuppressed: compChildren < SUPPRESS_BELOW,
    });
  }
  return rows;
}

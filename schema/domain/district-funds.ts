import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { districtFormulas, districtFunds, fundingPots } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { splitExact } from './attribution';
import { audit } from './audit';
import { factorsFromCsv } from './district-factors-csv';
import { ValidationError } from './errors';
import { creditPots } from './funding-pots';
import { claimKey, storeResult } from './idempotency';
import { lockCurrentPeriod } from './periods';
import { rowsOf } from './rows';
import type { Tx } from './transaction';

export type FormulaWeights = {
  pupilsWeight: number;
  childrenWeight: number;
  deprivationWeight: number;
  baseWeight: number;
};
export type FundInput = {
  name: string;
  source: 'COUNCIL' | 'SCHOOLS_DSG' | 'CENTRAL_GOVERNMENT' | 'PHILANTHROPY' | 'OTHER';
  totalPence: number;
  formula: FormulaWeights & { name: string };
  /**
   * Entered per district. When pupils or deprivation has a weight, every district with schools needs a
   * row (0 where it has none): one left out is refused, not counted as 0. A district with no schools gets
   * nothing, so its row may be left out.
   */
  factors?: { districtId: number; pupilsOnRoll: number; deprivationIndex: number }[] | null;
  /** Or the same as CSV: district,pupilsOnRoll,deprivationIndex (district by name). */
  factorsCsv?: string | null;
  /** A retry with the same key gets the fund the first attempt made (idempotency.ts). */
  idempotencyKey?: string | null;
};
/** One district's factors as the split used them; deprivation in thousandths, so it is exact. */
export type DistrictFactors = {
  districtId: number;
  name: string;
  schools: number;
  pupilsOnRoll: number;
  childrenInProgramme: number;
  deprivationMilli: number;
};
export type Share = DistrictFactors & { sharePence: number };

const FACTORS = [
  ['pupilsWeight', 'pupilsOnRoll', 'pupils on roll'],
  ['childrenWeight', 'childrenInProgramme', 'children in the programme'],
  ['deprivationWeight', 'deprivationMilli', 'deprivation'],
] as const;

/**
 * The formula split, exact to the penny. Each factor's weight is shared over the districts in
 * proportion to their values (the base share equally); a district's weight is the sum, and the
 * fund is split over those weights by largest remainder (ties: districts by name, then id). A
 * district with no schools gets nothing: it has no children to spend on. Pure: reconcile re-runs it.
 */
export function splitFund(totalPence: number, w: FormulaWeights, districts: DistrictFactors[]): Share[] {
  const ordered = [...districts].sort((a, b) => a.name.localeCompare(b.name, 'en') || a.districtId - b.districtId);
  const eligible = ordered.filter((d) => d.schools > 0);
  if (eligible.length === 0)
    throw ValidationError.field(['input', 'factors'], 'No district in the zone has a school yet');
  const columns: { weight: bigint; values: bigint[] }[] = FACTORS.filter(([weight]) => w[weight] > 0).map(
    ([weight, value, words]) => {
      const values = ordered.map((d) => (d.schools > 0 ? BigInt(d[value]) : 0n));
      if (values.every((v) => v === 0n))
        throw ValidationError.field(
          ['input', 'formula', weight],
          `No district has any ${words}, so that factor’s weight cannot be shared: set it to 0`,
        );
      return { weight: BigInt(w[weight]), values };
    },
  );
  if (w.baseWeight > 0)
    columns.push({ weight: BigInt(w.baseWeight), values: ordered.map((d) => (d.schools > 0 ? 1n : 0n)) });
  // Common denominator: the product of every factor's total, so each weight is a whole number.
  const sums = columns.map((c) => c.values.reduce((t, v) => t + v, 0n));
  const common = sums.reduce((t, s) => t * s, 1n);
  const weights = ordered.map((_, i) =>
    columns.reduce((t, c, f) => t + c.weight * c.values[i]! * (common / sums[f]!), 0n),
  );
  const shares = splitExact(BigInt(totalPence), weights);
  return ordered.map((d, i) => ({ ...d, sharePence: shares[i]! }));
}

/** The zone's districts with their schools and active children counted, and the factors entered. */
export async function gatherFactors(db: Db | Tx, zoneId: number, input: FundInput): Promise<DistrictFactors[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select d."id", d."name",
        (select count(*) from "schools" s where s."districtId" = d."id")::int as "schools",
        (select count(*) from "children" ch join "schools" s on s."id" = ch."schoolId"
          where s."districtId" = d."id" and ch."status" = 'ACTIVE')::int as "children"
      from "districts" d where d."zoneId" = ${zoneId} order by d."name", d."id"`),
  );
  // Two sources for the same figures would leave one silently ignored.
  if (input.factorsCsv && input.factors?.length)
    throw ValidationError.field(['input', 'factorsCsv'], 'Give the factors as a table or as CSV, not both');
  const entered = input.factorsCsv ? factorsFromCsv(input.factorsCsv, rows) : (input.factors ?? []);
  const byId = new Map<number, { pupilsOnRoll: number; deprivationIndex: number }>();
  for (const [i, f] of entered.entries()) {
    if (!rows.some((r) => Number(r.id) === f.districtId))
      throw ValidationError.field(['input', 'factors', String(i), 'districtId'], 'That district is not in your zone');
    if (byId.has(f.districtId))
      throw ValidationError.field(['input', 'factors', String(i), 'districtId'], 'Give each district once');
    check(f.pupilsOnRoll, f.deprivationIndex, ['input', 'factors', String(i)]);
    byId.set(f.districtId, f);
  }
  // A district left out would count as 0 pupils and 0 deprivation and get only its base share: a
  // typo in a pasted table must not change the split unnoticed. Every district the split shares over
  // (those with schools) needs its row, 0 where it has none, whenever an entered factor is weighted.
  if (input.formula.pupilsWeight > 0 || input.formula.deprivationWeight > 0) {
    const missing = rows.filter((r) => Number(r.schools) > 0 && !byId.has(Number(r.id))).map((r) => String(r.name));
    if (missing.length)
      throw ValidationError.field(
        ['input', input.factorsCsv ? 'factorsCsv' : 'factors'],
        `No factors for ${new Intl.ListFormat('en-GB').format(missing)}: give every district with schools a row (0 where it has none)`,
      );
  }
  return rows.map((r) => {
    const f = byId.get(Number(r.id));
    return {
      districtId: Number(r.id),
      name: String(r.name),
      schools: Number(r.schools),
      pupilsOnRoll: f?.pupilsOnRoll ?? 0,
      childrenInProgramme: Number(r.children),
      deprivationMilli: Math.round((f?.deprivationIndex ?? 0) * 1000),
    };
  });
}

function check(pupils: number, deprivation: number, path: string[]) {
  if (!Number.isInteger(pupils) || pupils < 0 || pupils > 10_000_000)
    throw ValidationError.field([...path, 'pupilsOnRoll'], 'Pupils on roll is a whole number, 0 or more');
  if (!Number.isFinite(deprivation) || deprivation < 0 || deprivation > 1_000_000)
    throw ValidationError.field([...path, 'deprivationIndex'], 'The deprivation index is a number, 0 or more');
  // Kept in thousandths, as the CSV's three decimals: a finer figure would be rounded unseen.
  if (Math.abs(deprivation * 1000 - Math.round(deprivation * 1000)) > 1e-6)
    throw ValidationError.field([...path, 'deprivationIndex'], 'The deprivation index has at most 3 decimals');
}

/** The split a fund would make, and the formula version it would be made under; writes nothing. */
export async function previewFund(db: Db | Tx, actor: Viewer, input: FundInput) {
  if (!input.formula.name.trim()) throw ValidationError.field(['input', 'formula', 'name'], 'Name the formula');
  const f = input.formula;
  if (f.pupilsWeight + f.childrenWeight + f.deprivationWeight + f.baseWeight <= 0)
    throw ValidationError.field(['input', 'formula'], 'Give at least one factor a weight above 0');
  const factors = await gatherFactors(db, actor.zoneId, input);
  const shares = splitFund(input.totalPence, input.formula, factors);
  const [latest] = await db
    .select()
    .from(districtFormulas)
    .where(and(eq(districtFormulas.zoneId, actor.zoneId), eq(districtFormulas.name, input.formula.name.trim())))
    .orderBy(desc(districtFormulas.version))
    .limit(1);
  const same =
    latest && FACTORS.every(([w]) => latest[w] === input.formula[w]) && latest.baseWeight === input.formula.baseWeight;
  const formula = same
    ? latest
    : { ...input.formula, name: input.formula.name.trim(), version: (latest?.version ?? 0) + 1 };
  return { formula, formulaId: same ? latest.id : null, shares };
}

/** Creates the fund, a pot per district with a share (credited by a FUND ledger entry), audited. */
export async function createFund(tx: Tx, actor: Viewer, input: FundInput): Promise<number> {
  const { idempotencyKey: key, ...request } = input;
  const replay = key
    ? await claimKey<{ districtFundId: number }>(tx, actor.id, key, 'createDistrictFund', request)
    : null;
  if (replay) return replay.districtFundId;
  if (input.name.trim().length < 2) throw ValidationError.field(['input', 'name'], 'Name the fund');
  // The zone's period now (a session's may have closed since), and one fund at a time per zone, so
  // two new funds under one new formula name do not both take its next version.
  const period = await lockCurrentPeriod(tx, actor.zoneId);
  const preview = await previewFund(tx, actor, input);
  let formulaId = preview.formulaId;
  if (formulaId === null) {
    const [f] = await tx
      .insert(districtFormulas)
      .values({ zoneId: actor.zoneId, ...input.formula, name: preview.formula.name, version: preview.formula.version })
      .returning({ id: districtFormulas.id });
    formulaId = f!.id;
  }
  const [fund] = await tx
    .insert(districtFunds)
    .values({
      zoneId: actor.zoneId,
      period,
      name: input.name.trim(),
      source: input.source,
      totalPence: input.totalPence,
      formulaId,
      factors: preview.shares.map(({ sharePence: _, name: __, ...f }) => f),
      createdById: actor.id,
    })
    .returning({ id: districtFunds.id });
  const funded = preview.shares.filter((s) => s.sharePence > 0);
  if (funded.length) {
    const pots = await tx
      .insert(fundingPots)
      .values(
        funded.map((s) => ({
          zoneId: actor.zoneId,
          period,
          name: `${input.name.trim()}: ${s.name}`,
          source: input.source,
          totalPence: s.sharePence,
          districtId: s.districtId,
          districtFundId: fund!.id,
        })),
      )
      .returning({ id: fundingPots.id, totalPence: fundingPots.totalPence });
    await creditPots(tx, actor.zoneId, actor.id, pots, 'District share of a zone fund');
  }
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'CREATE_DISTRICT_FUND',
    entityType: 'DistrictFund',
    entityId: fund!.id,
    detail: {
      totalPence: input.totalPence,
      formula: `${preview.formula.name} v${preview.formula.version}`,
      shares: preview.shares.map((s) => [s.districtId, s.sharePence]),
    },
  });
  if (key) await storeResult(tx, actor.id, key, { districtFundId: fund!.id });
  return fund!.id;
}

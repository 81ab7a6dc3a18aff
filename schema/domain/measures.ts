import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { measureDefinitions, zones } from '../../drizzle/schema';
import { audit } from './audit';
import { NotFoundError, ValidationError } from './errors';
import SHIPPED from './measures.json';
import { type Better, type ChangeConstants, itemKey } from './reliable-change';
import { isUniqueViolation, type Tx } from './transaction';

export type Measure = ChangeConstants & {
  code: string;
  name: string;
  /** What people read in messages and tables: the code is for machines, the name is the full title. */
  shortName: string;
  minScore: number;
  maxScore: number;
  multipleItems: boolean;
  /** Most distinct goals a child may have on a measure scored per goal; null or absent: no cap. */
  maxItems?: number | null;
  reliabilitySource: string;
  referenceSdSource: string;
  thresholdSource: string;
  cutoffSource: string;
  notice: string;
  /** Shipped with the portal (the data file) rather than added by the zone. */
  shipped: boolean;
  /** Offered for new scores in the zone (an administrator may switch a measure off); unknown until loaded. */
  active?: boolean;
};

/** The shipped definitions, from the data file: the same for every zone. */
export const SHIPPED_MEASURES: Measure[] = SHIPPED.measures.map((m) => ({
  ...m,
  better: m.better as Better,
  shipped: true,
}));

const fromRow = (r: typeof measureDefinitions.$inferSelect): Measure => ({
  code: r.code,
  name: r.name,
  // A zone's own measure has no short name stored: its name is the administrator's own words.
  shortName: r.name,
  minScore: r.minScore,
  maxScore: r.maxScore,
  better: r.better as Better,
  reliability: r.reliability,
  referenceSd: r.referenceSd,
  reliableChangeThreshold: r.reliableChangeThreshold,
  clinicalCutoff: r.clinicalCutoff,
  multipleItems: r.multipleItems,
  reliabilitySource: r.reliabilitySource,
  referenceSdSource: r.referenceSdSource,
  thresholdSource: r.thresholdSource,
  cutoffSource: r.cutoffSource,
  notice: r.notice,
  shipped: false,
});

/** The zone's measures: the shipped ones, then its own by code, each saying whether it is switched on. One statement. */
export async function measuresOf(db: Db | Tx, zoneId: number): Promise<Measure[]> {
  const rows = await db
    .select({ off: zones.measuresOff, own: measureDefinitions })
    .from(zones)
    .leftJoin(measureDefinitions, eq(measureDefinitions.zoneId, zones.id))
    .where(eq(zones.id, zoneId))
    .orderBy(asc(measureDefinitions.code));
  const off = new Set(rows[0]?.off ?? []);
  const own = rows.flatMap((r) => (r.own ? [fromRow(r.own)] : []));
  return [...SHIPPED_MEASURES, ...own].map((m) => ({ ...m, active: !off.has(m.code) }));
}

/** Whether the zone offers a measure for new scores. One statement. */
export async function measureActive(db: Db | Tx, zoneId: number, code: string): Promise<boolean> {
  const [zone] = await db.select({ off: zones.measuresOff }).from(zones).where(eq(zones.id, zoneId));
  return !(zone?.off ?? []).includes(code);
}

/**
 * An administrator switches one of the zone's measures off (not offered for new scores; every score
 * already recorded stays, and reports still use it) or back on. Audited; switching to the state it is
 * already in changes nothing and writes no audit row.
 */
export async function setMeasureActive(
  tx: Tx,
  actor: { id: number; zoneId: number },
  code: string,
  active: boolean,
): Promise<Measure> {
  const measure = await findMeasure(tx, actor.zoneId, code);
  if (!measure) throw new NotFoundError(`Measure ${code}`);
  // The zone row is locked so two administrators switching at once cannot lose either change.
  const [zone] = await tx
    .select({ off: zones.measuresOff })
    .from(zones)
    .where(eq(zones.id, actor.zoneId))
    .for('update');
  const off = zone!.off.filter((c) => c !== code);
  const wasActive = off.length === zone!.off.length;
  if (wasActive === active) return { ...measure, active };
  await tx
    .update(zones)
    .set({ measuresOff: active ? off : [...off, code].sort() })
    .where(eq(zones.id, actor.zoneId));
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: active ? 'SWITCH_ON_MEASURE' : 'SWITCH_OFF_MEASURE',
    entityType: 'Zone',
    entityId: actor.zoneId,
    detail: { code },
  });
  return { ...measure, active };
}

/** One measure of the zone by code, or null. At most one statement (none for a shipped code). */
export async function findMeasure(db: Db | Tx, zoneId: number, code: string): Promise<Measure | null> {
  const shipped = SHIPPED_MEASURES.find((m) => m.code === code);
  if (shipped) return shipped;
  const [row] = await db
    .select()
    .from(measureDefinitions)
    .where(and(eq(measureDefinitions.zoneId, zoneId), eq(measureDefinitions.code, code)));
  return row ? fromRow(row) : null;
}

/**
 * A typed error when a new goal would pass the measure's cap (GBO: up to three goals). `goals` are
 * the child's goals already scored on this measure, as stored; a score for one of them is fine.
 */
export function checkGoalCount(measure: Measure, item: string, goals: string[]): void {
  if (!measure.multipleItems || measure.maxItems == null) return;
  const distinct = new Map(goals.map((g) => [itemKey(g), g]));
  if (distinct.has(itemKey(item)) || distinct.size < measure.maxItems) return;
  throw ValidationError.field(
    ['input', 'item'],
    `${measure.shortName} has up to ${measure.maxItems} goals and this child has them: ${[...distinct.values()].join(', ')}. Score one of those`,
  );
}

/** A typed error when a score does not fit its measure (range, whole goals). */
export function checkScore(measure: Measure, score: number, item: string): void {
  // The measure's short name, not its code: the messages are shown to link workers as they are (audit W-F4).
  if (score < measure.minScore || score > measure.maxScore)
    throw ValidationError.field(
      ['input', 'score'],
      `${measure.shortName} is scored ${measure.minScore} to ${measure.maxScore}; ${score} is outside that range`,
    );
  if (measure.multipleItems && !item.trim())
    throw ValidationError.field(
      ['input', 'item'],
      `${measure.shortName} scores each goal: name the goal this score is for`,
    );
  if (!measure.multipleItems && item.trim())
    throw ValidationError.field(
      ['input', 'item'],
      `${measure.shortName} has one score per child: leave the goal empty`,
    );
}

export type NewMeasure = Omit<Measure, 'shipped' | 'shortName'>;

/** An administrator adds a measure to their zone (audited), after checking its constants. */
export async function createMeasure(
  tx: Tx,
  actor: { id: number; zoneId: number },
  input: NewMeasure,
): Promise<Measure> {
  const errors: { path: string[]; message: string }[] = [];
  const bad = (field: string, message: string) => errors.push({ path: ['input', field], message });
  if (SHIPPED_MEASURES.some((m) => m.code === input.code)) bad('code', `${input.code} is a shipped measure`);
  if (input.minScore >= input.maxScore) bad('maxScore', 'The highest score must be above the lowest');
  const jt = input.reliability != null || input.referenceSd != null;
  if (jt) {
    if (input.reliability == null || !(input.reliability > 0 && input.reliability < 1))
      bad('reliability', 'Reliability is a coefficient between 0 and 1 (exclusive)');
    if (input.referenceSd == null || !(input.referenceSd > 0))
      bad('referenceSd', 'Give the reference standard deviation');
    if (!input.reliabilitySource.trim()) bad('reliabilitySource', 'Say where the reliability comes from');
    if (!input.referenceSdSource.trim()) bad('referenceSdSource', 'Say where the standard deviation comes from');
  }
  if (input.reliableChangeThreshold != null) {
    if (!(input.reliableChangeThreshold > 0))
      bad('reliableChangeThreshold', 'The threshold is a positive number of points');
    if (!input.thresholdSource.trim()) bad('thresholdSource', 'Say where the threshold comes from');
  }
  // Reliable change uses r and SD when they are given (classifyChange), so a threshold beside them would
  // be stored and never used: the administrator chooses one.
  if (jt && input.reliableChangeThreshold != null)
    bad(
      'reliableChangeThreshold',
      'Give reliability and a standard deviation, or a published threshold, not both: reliable change uses one',
    );
  if (!jt && input.reliableChangeThreshold == null)
    bad('reliability', 'Reliable change needs reliability and a standard deviation, or a published threshold');
  if (input.clinicalCutoff != null) {
    if (input.clinicalCutoff < input.minScore || input.clinicalCutoff > input.maxScore)
      bad('clinicalCutoff', 'The cut-off must be within the score range');
    if (!input.cutoffSource.trim()) bad('cutoffSource', 'Say where the cut-off comes from');
  }
  if (errors.length) throw new ValidationError(errors[0]!.message, errors);
  try {
    const [row] = await tx
      .insert(measureDefinitions)
      .values({ ...input, zoneId: actor.zoneId, createdById: actor.id })
      .returning();
    await audit(tx, {
      zoneId: actor.zoneId,
      actorId: actor.id,
      action: 'CREATE_MEASURE',
      entityType: 'Measure',
      entityId: row!.id,
      detail: { code: input.code },
    });
    return fromRow(row!);
  } catch (e) {
    if (isUniqueViolation(e)) throw ValidationError.field(['input', 'code'], `Your zone already has ${input.code}`);
    throw e;
  }
}

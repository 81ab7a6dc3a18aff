import { and, eq } from 'drizzle-orm';
import { children, outcomeMeasures, zones } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole } from '../domain/access';
import { audit } from '../domain/audit';
import { londonDate } from '../domain/contract-places';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { longDate } from '../domain/long-date';
import { checkGoalCount, checkScore, findMeasure, measuresOf } from '../domain/measures';
import { isLate } from '../domain/outcome-schedule';
import { type ChildChange, changeOf } from '../domain/outcomes';
import { itemKey, tidyItem } from '../domain/reliable-change';
import { inTransaction } from '../domain/transaction';
import { addYears } from '../domain/working-days';
import { mutationResult } from '../errors';
import { Child } from './child';
import { MeasureType } from './measure';

const RecordOutcomeInput = builder.inputType('RecordOutcomeMeasureInput', {
  fields: (t) => ({
    childId: t.id({ required: true }),
    measure: t.string({
      required: true,
      description: 'A measure code of the zone, e.g. SDQ_TOTAL',
      validate: { regex: [/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'Use a measure code like SDQ_TOTAL' }] },
    }),
    score: t.int({
      required: true,
      validate: {
        min: [0, { message: 'Scores cannot be negative' }],
        max: [1000, { message: 'That score is too large' }],
      },
    }),
    item: t.string({
      description: 'The goal this score is for, for measures scored per goal (GBO)',
      validate: { maxLength: 200 },
    }),
    measuredOn: t.field({ type: 'Date', required: true }),
    note: t.string({ validate: { maxLength: 500 } }),
  }),
});

builder.mutationField('recordOutcomeMeasure', (t) =>
  t.field({
    type: Child,
    args: { input: t.arg({ type: RecordOutcomeInput, required: true }) },
    errors: mutationResult('RecordOutcomeMeasure', 'child'),
    description: 'Records a dated score; checked against the measure’s range (ValidationError on score)',
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'LINK_WORKER')) throw new ForbiddenError('Only the child’s link worker records outcomes');
      const viewer = ctx.viewer;
      const childId = idOf(input.childId, 'Child', ['input', 'childId']);
      const item = tidyItem(input.item ?? '');
      // A score is recorded after it is taken: a date after today (London) is a slip.
      if (String(input.measuredOn) > londonDate(ctx.now()))
        throw ValidationError.field(['input', 'measuredOn'], 'A score cannot be dated after today');
      await inTransaction(ctx.db, async (tx) => {
        const [child] = await tx
          .select()
          .from(children)
          .where(and(eq(children.id, childId), eq(children.linkWorkerId, viewer.id)))
          .for('no key update'); // a retried or double-clicked record waits here, then finds the first
        if (!child) throw new NotFoundError('Child');
        // A baseline may be taken before the programme starts, but not years before (1900 is a slip).
        const earliest = addYears(child.programmeStart, -1);
        if (String(input.measuredOn) < earliest)
          throw ValidationError.field(
            ['input', 'measuredOn'],
            `A score cannot be dated more than a year before the programme started (${longDate(earliest)})`,
          );
        const measure = await findMeasure(tx, viewer.zoneId, input.measure);
        if (!measure) throw new NotFoundError(`Measure ${input.measure}`);
        const [zone] = await tx.select().from(zones).where(eq(zones.id, viewer.zoneId));
        // A measure the zone switched off takes no new scores (the zone row is read here anyway).
        if (zone!.measuresOff.includes(measure.code))
          throw ValidationError.field(['input', 'measure'], `${measure.name} is switched off in your zone`);
        checkScore(measure, input.score, item);
        const earlier = await tx
          .select({
            measuredOn: outcomeMeasures.measuredOn,
            measure: outcomeMeasures.measure,
            item: outcomeMeasures.item,
          })
          .from(outcomeMeasures)
          .where(eq(outcomeMeasures.childId, childId));
        // One score a day per measure (and goal): a second is a double submission, and would pair with
        // the first as a "follow-up" of no time at all.
        if (
          earlier.some(
            (e) =>
              e.measure === measure.code &&
              e.measuredOn === String(input.measuredOn) &&
              itemKey(e.item) === itemKey(item),
          )
        )
          throw ValidationError.field(
            ['input', 'measuredOn'],
            `A ${measure.name} score${item ? ` for this goal` : ''} is already recorded on ${longDate(String(input.measuredOn))}`,
          );
        checkGoalCount(
          measure,
          item,
          earlier.filter((e) => e.measure === measure.code).map((e) => e.item),
        );
        const late = isLate(
          child,
          earlier.map((e) => e.measuredOn),
          input.measuredOn,
          { baselineWeeks: zone!.outcomeBaselineWeeks, followUpMonths: zone!.outcomeFollowUpMonths },
        );
        const [row] = await tx
          .insert(outcomeMeasures)
          .values({
            childId,
            measure: measure.code,
            item,
            score: input.score,
            measuredOn: input.measuredOn,
            note: input.note ?? '',
            late,
            recordedById: viewer.id,
          })
          .returning();
        await audit(tx, {
          zoneId: viewer.zoneId,
          actorId: viewer.id,
          action: 'RECORD_OUTCOME',
          entityType: 'Child',
          entityId: childId,
          detail: { measureId: row!.id },
        });
      });
      return (await ctx.db.query.children.findFirst({
        where: { id: childId },
        with: { liveCommissions: { columns: { organisationId: true } } },
      }))!;
    },
  }),
);

const ChangeClassEnum = builder.enumType('ChangeClass', {
  values: ['RELIABLY_IMPROVED', 'NO_RELIABLE_CHANGE', 'RELIABLY_DETERIORATED'] as const,
});

const OutcomeChange = builder
  .objectRef<ChildChange & { measure: Awaited<ReturnType<typeof measuresOf>>[number] }>('OutcomeChange')
  .implement({
    description:
      'Baseline (first score) to latest on one measure, classified by the Jacobson-Truax reliable change index',
    fields: (t) => ({
      measure: t.field({ type: MeasureType, resolve: (c) => c.measure }),
      baseline: t.exposeFloat('baseline', { description: 'Mean over goals for measures scored per goal' }),
      latest: t.exposeFloat('latest'),
      baselineOn: t.expose('baselineOn', { type: 'Date' }),
      latestOn: t.expose('latestOn', { type: 'Date' }),
      change: t.exposeFloat('change', { description: 'Latest minus baseline' }),
      rci: t.exposeFloat('rci', {
        nullable: true,
        description: '(latest - baseline) / S_diff; null for measures with a published threshold instead',
      }),
      classification: t.field({ type: ChangeClassEnum, resolve: (c) => c.classification }),
      baselineClinical: t.exposeBoolean('baselineClinical', { nullable: true }),
      latestClinical: t.exposeBoolean('latestClinical', { nullable: true }),
      movedToTypical: t.exposeBoolean('movedToTypical', {
        nullable: true,
        description: 'From the clinical to the typical range; null when the measure has no cut-off',
      }),
    }),
  });

type Row = { linkWorkerId: number; zoneId: number };
const isLinkWorkerOf = (c: Row, ctx: Context) => hasRole(ctx, 'LINK_WORKER') && ctx.viewer.id === c.linkWorkerId;

builder.drizzleObjectField(Child, 'outcomeChanges', (t) =>
  t.field({
    type: [OutcomeChange],
    nullable: true,
    description: 'Change per measure with at least two scores (the child’s link worker only)',
    authScopes: (c, _a, ctx) => isLinkWorkerOf(c as unknown as Row, ctx),
    select: {
      with: { outcomeMeasures: { columns: { id: true, measure: true, item: true, score: true, measuredOn: true } } },
    },
    resolve: async (c, _a, ctx) => {
      const measures = await measuresOf(ctx.db, ctx.viewer!.zoneId);
      const scores = (
        c as unknown as {
          outcomeMeasures: { id: number; measure: string; item: string; score: number; measuredOn: string }[];
        }
      ).outcomeMeasures;
      return measures.flatMap((measure) => {
        const change = changeOf(
          measure,
          scores.filter((s) => s.measure === measure.code),
        );
        return change ? [{ ...change, measure }] : [];
      });
    },
  }),
);

import { eq } from 'drizzle-orm';
import { zones } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole } from '../domain/access';
import { audit } from '../domain/audit';
import { ForbiddenError, ValidationError } from '../domain/errors';
import { outcomeSchedule, type SchedulePoint, scheduleState } from '../domain/outcome-schedule';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { Child } from './child';
import { Zone } from './zone';

// The outcome schedule: baseline and follow-ups per child, due and overdue on the caseload.

builder.drizzleObjectFields(Zone, (t) => ({
  outcomeBaselineWeeks: t.exposeInt('outcomeBaselineWeeks', {
    description: 'The baseline outcome measure is due within this many weeks of a child’s programme start',
  }),
  outcomeFollowUpMonths: t.exposeIntList('outcomeFollowUpMonths', {
    description: 'Follow-up measures are due this many months after programme start',
  }),
}));

const PointStatus = builder.enumType('OutcomePointStatus', { values: ['DONE', 'DUE', 'OVERDUE', 'UPCOMING'] as const });
const ScheduleState = builder.enumType('OutcomeScheduleState', { values: ['OVERDUE', 'DUE', 'UP_TO_DATE'] as const });

const Point = builder.objectRef<SchedulePoint>('OutcomeSchedulePoint').implement({
  fields: (t) => ({
    label: t.exposeString('label', { description: 'Baseline, 12 months, ...' }),
    opensOn: t.expose('opensOn', { type: 'Date' }),
    dueBy: t.expose('dueBy', {
      type: 'Date',
      description: 'After this, a score for this point is late (still accepted)',
    }),
    status: t.field({ type: PointStatus, resolve: (p) => p.status }),
    doneOn: t.expose('doneOn', { type: 'Date', nullable: true }),
  }),
});

type Row = {
  linkWorkerId: number;
  programmeStart: string;
  programmeEnd: string;
  zone: { outcomeBaselineWeeks: number; outcomeFollowUpMonths: number[] };
  outcomeMeasures: { measuredOn: string }[];
};
const isLinkWorkerOf = (c: Row, ctx: Context) => hasRole(ctx, 'LINK_WORKER') && ctx.viewer.id === c.linkWorkerId;
const scheduleOf = (c: Row, ctx: Context) =>
  outcomeSchedule(
    c,
    c.outcomeMeasures.map((m) => m.measuredOn),
    { baselineWeeks: c.zone.outcomeBaselineWeeks, followUpMonths: c.zone.outcomeFollowUpMonths },
    ctx.now().toISOString().slice(0, 10),
  );
const SELECT = {
  columns: { programmeStart: true, programmeEnd: true },
  with: {
    zone: { columns: { outcomeBaselineWeeks: true, outcomeFollowUpMonths: true } },
    outcomeMeasures: { columns: { measuredOn: true } },
  },
} as const;

builder.drizzleObjectFields(Child, (t) => ({
  outcomeSchedule: t.field({
    type: [Point],
    nullable: true,
    description: 'Baseline and follow-up outcome measures: done, due, overdue or upcoming (the link worker only)',
    authScopes: (c, _a, ctx) => isLinkWorkerOf(c as unknown as Row, ctx),
    select: SELECT,
    resolve: (c, _a, ctx) => scheduleOf(c as unknown as Row, ctx),
  }),
  outcomeScheduleState: t.field({
    type: ScheduleState,
    nullable: true,
    description: 'OVERDUE when any point is overdue, DUE when any is due now (the link worker only)',
    authScopes: (c, _a, ctx) => isLinkWorkerOf(c as unknown as Row, ctx),
    select: SELECT,
    resolve: (c, _a, ctx) => scheduleState(scheduleOf(c as unknown as Row, ctx)),
  }),
}));

const UpdateScheduleInput = builder.inputType('UpdateOutcomeScheduleInput', {
  fields: (t) => ({
    baselineWeeks: t.int({ required: true, validate: { min: [1, { message: 'At least one week' }], max: 26 } }),
    followUpMonths: t.intList({ required: true }),
  }),
});

builder.mutationField('updateOutcomeSchedule', (t) =>
  t.field({
    type: Zone,
    // Who may call it: schema/mutation-roles.json, checked before the input is validated.
    args: { input: t.arg({ type: UpdateScheduleInput, required: true }) },
    errors: mutationResult('UpdateOutcomeSchedule', 'zone'),
    description: 'When the zone’s outcome measures are due: weeks for the baseline, months for the follow-ups',
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'ADMIN')) throw new ForbiddenError('Only zone administrators change the schedule');
      const admin = ctx.viewer;
      // A follow-up given twice is refused at the repeat, not quietly merged: the admin may have mistyped another.
      const repeat = input.followUpMonths.findIndex((m, i) => input.followUpMonths.indexOf(m) < i);
      if (repeat >= 0)
        throw ValidationError.field(
          ['input', 'followUpMonths', String(repeat)],
          `Each follow-up can be given once: ${input.followUpMonths[repeat]} months is repeated`,
        );
      const months = [...input.followUpMonths].sort((a, b) => a - b);
      if (months.length > 6 || months.some((m) => m < 1 || m > 60))
        throw ValidationError.field(['input', 'followUpMonths'], 'Give up to six follow-ups, each 1 to 60 months');
      return inTransaction(ctx.db, async (tx) => {
        const [zone] = await tx
          .update(zones)
          .set({ outcomeBaselineWeeks: input.baselineWeeks, outcomeFollowUpMonths: months })
          .where(eq(zones.id, admin.zoneId))
          .returning();
        await audit(tx, {
          zoneId: admin.zoneId,
          actorId: admin.id,
          action: 'UPDATE_OUTCOME_SCHEDULE',
          entityType: 'Zone',
          entityId: admin.zoneId,
          detail: { baselineWeeks: input.baselineWeeks, followUpMonths: months },
        });
        return zone!;
      });
    },
  }),
);

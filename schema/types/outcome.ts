import { and, eq } from 'drizzle-orm';
import { children, outcomeMeasures } from '../../drizzle/schema';
import { builder } from '../builder';
import { hasRole } from '../domain/access';
import { audit } from '../domain/audit';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { Child } from './child';

const RecordOutcomeInput = builder.inputType('RecordOutcomeMeasureInput', {
  fields: (t) => ({
    childId: t.id({ required: true }),
    measure: t.string({
      required: true,
      description: 'e.g. SDQ_TOTAL',
      validate: { regex: [/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'Use a measure code like SDQ_TOTAL' }] },
    }),
    score: t.int({
      required: true,
      validate: {
        min: [0, { message: 'Scores cannot be negative' }],
        max: [1000, { message: 'That score is too large' }],
      },
    }),
    measuredOn: t.field({ type: 'Date', required: true }),
    note: t.string({ validate: { maxLength: 500 } }),
  }),
  validate: [
    (i) => i.measure !== 'SDQ_TOTAL' || i.score <= 40,
    { message: 'SDQ total difficulties is scored 0 to 40', path: ['score'] },
  ],
});

builder.mutationField('recordOutcomeMeasure', (t) =>
  t.field({
    type: Child,
    args: { input: t.arg({ type: RecordOutcomeInput, required: true }) },
    errors: mutationResult('RecordOutcomeMeasure', 'child'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'LINK_WORKER')) throw new ForbiddenError('Only the child’s link worker records outcomes');
      const viewer = ctx.viewer;
      const childId = idOf(input.childId, 'Child', ['input', 'childId']);
      await inTransaction(ctx.db, async (tx) => {
        const [child] = await tx
          .select()
          .from(children)
          .where(and(eq(children.id, childId), eq(children.linkWorkerId, viewer.id)));
        if (!child) throw new NotFoundError('Child');
        const [row] = await tx
          .insert(outcomeMeasures)
          .values({
            childId,
            measure: input.measure,
            score: input.score,
            measuredOn: input.measuredOn,
            note: input.note ?? '',
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

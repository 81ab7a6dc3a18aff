import { builder } from '../builder';
import { hasRole } from '../domain/access';
import { ForbiddenError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { inTransaction } from '../domain/transaction';
import { recordUnmetNeed, type UnmetNeedRow } from '../domain/unmet-needs';
import { mutationResult } from '../errors';

// "No suitable service" against a child's need (issue 12, point 7).
const UnmetNeed = builder.objectRef<UnmetNeedRow>('UnmetNeed').implement({
  description: 'No suitable service was found for one of a child’s needs (the district is the child’s school’s)',
  fields: (t) => ({
    needTag: t.exposeString('needTag'),
    tried: t.exposeString('tried', { description: 'What the link worker tried' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
  }),
});

const RecordUnmetNeedInput = builder.inputType('RecordUnmetNeedInput', {
  fields: (t) => ({
    childId: t.id({ required: true }),
    needTag: t.string({ required: true, validate: { maxLength: 100 } }),
    tried: t.string({ required: true, validate: { maxLength: 2000 }, description: 'What was tried' }),
  }),
});

builder.mutationField('recordUnmetNeed', (t) =>
  t.field({
    type: UnmetNeed,
    // Who may call it: schema/mutation-roles.json, checked before the input is validated.
    description: 'Records that no suitable service met one of the link worker’s child’s needs, and what was tried',
    args: { input: t.arg({ type: RecordUnmetNeedInput, required: true }) },
    errors: mutationResult('RecordUnmetNeed', 'unmetNeed'),
    resolve: (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'LINK_WORKER')) throw new ForbiddenError('Only the child’s link worker records this');
      const actor = ctx.viewer;
      const childId = idOf(input.childId, 'Child', ['input', 'childId']);
      return inTransaction(ctx.db, (tx) =>
        recordUnmetNeed(tx, actor, { childId, needTag: input.needTag, tried: input.tried }, ctx.now()),
      );
    },
  }),
);

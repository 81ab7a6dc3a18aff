import { builder } from '../builder';
import { hasRole } from '../domain/access';
import { ForbiddenError } from '../domain/errors';
import { createMeasure, type Measure, measureActive, measuresOf, setMeasureActive } from '../domain/measures';
import { oneLine } from '../domain/one-line';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';

// Outcome measures as configuration: the shipped definitions and the zone's own.

export const BetterDirection = builder.enumType('BetterDirection', {
  values: { LOWER: { description: 'Lower scores are better' }, HIGHER: { description: 'Higher scores are better' } },
});

export const MeasureType = builder.objectRef<Measure>('Measure').implement({
  description: 'An outcome measure and the constants reliable change needs, each with its published source',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'e.g. SDQ_TOTAL' }),
    name: t.exposeString('name'),
    shortName: t.exposeString('shortName', {
      description:
        'What people read in messages and tables, e.g. SDQ total difficulties (a zone’s own measure: its name)',
    }),
    minScore: t.exposeInt('minScore'),
    maxScore: t.exposeInt('maxScore'),
    better: t.field({ type: BetterDirection, resolve: (m) => m.better }),
    reliability: t.exposeFloat('reliability', { nullable: true }),
    reliabilitySource: t.exposeString('reliabilitySource'),
    referenceSd: t.exposeFloat('referenceSd', { nullable: true, description: 'Reference standard deviation' }),
    referenceSdSource: t.exposeString('referenceSdSource'),
    reliableChangeThreshold: t.exposeFloat('reliableChangeThreshold', {
      nullable: true,
      description: 'A published reliable change in score points, used when reliability and SD are not given',
    }),
    thresholdSource: t.exposeString('thresholdSource'),
    reliableChangePoints: t.float({
      description: 'The smallest change that counts as reliable, in score points (1.96 x S_diff, or the threshold)',
      resolve: (m) =>
        m.reliability != null && m.referenceSd != null
          ? 1.96 * Math.sqrt(2) * m.referenceSd * Math.sqrt(1 - m.reliability)
          : (m.reliableChangeThreshold ?? 0),
    }),
    clinicalCutoff: t.exposeInt('clinicalCutoff', {
      nullable: true,
      description:
        'First score of the clinical range (at or above it when lower is better, at or below when higher is)',
    }),
    cutoffSource: t.exposeString('cutoffSource'),
    multipleItems: t.exposeBoolean('multipleItems', { description: 'Scored per goal (several per child)' }),
    notice: t.exposeString('notice', { description: 'Licensing and use notes' }),
    shipped: t.exposeBoolean('shipped', { description: 'Shipped with the portal rather than added by the zone' }),
    active: t.boolean({
      description:
        'Offered for new scores in the viewer’s zone; an administrator may switch a measure off (its scores stay)',
      resolve: (m, _args, ctx) => m.active ?? measureActive(ctx.db, ctx.viewer!.zoneId, m.code),
    }),
  }),
});

builder.queryField('measures', (t) =>
  t.field({
    type: [MeasureType],
    authScopes: { role: ['LINK_WORKER', 'PROVIDER', 'COMMISSIONER', 'ADMIN'] },
    description: 'The zone’s outcome measures: the shipped ones, then the zone’s own',
    resolve: (_root, _args, ctx) => measuresOf(ctx.db, ctx.viewer!.zoneId),
  }),
);

const SOURCE = { validate: { maxLength: 1000 } } as const;
const CreateMeasureInput = builder.inputType('CreateMeasureInput', {
  fields: (t) => ({
    code: t.string({
      required: true,
      validate: { regex: [/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'Use capitals, digits and _ like MY_MEASURE' }] },
    }),
    name: t.string({
      required: true,
      validate: { minLength: [2, { message: 'Name the measure' }], maxLength: 200, refine: oneLine('measure’s name') },
    }),
    minScore: t.int({ required: true, validate: { min: 0, max: 1000 } }),
    maxScore: t.int({ required: true, validate: { min: 1, max: 1000 } }),
    better: t.field({ type: BetterDirection, required: true }),
    reliability: t.float(),
    reliabilitySource: t.string(SOURCE),
    referenceSd: t.float(),
    referenceSdSource: t.string(SOURCE),
    reliableChangeThreshold: t.float(),
    thresholdSource: t.string(SOURCE),
    clinicalCutoff: t.int(),
    cutoffSource: t.string(SOURCE),
    multipleItems: t.boolean(),
    notice: t.string(SOURCE),
  }),
});

builder.mutationField('createMeasure', (t) =>
  t.field({
    type: MeasureType,
    // Who may call it: schema/mutation-roles.json, checked before the input is validated.
    description: 'Adds a custom outcome measure to the administrator’s zone',
    args: { input: t.arg({ type: CreateMeasureInput, required: true }) },
    errors: mutationResult('CreateMeasure', 'measure'),
    resolve: (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'ADMIN')) throw new ForbiddenError('Only zone administrators add measures');
      const admin = ctx.viewer;
      return inTransaction(ctx.db, (tx) =>
        createMeasure(tx, admin, {
          code: input.code,
          name: input.name.trim(),
          minScore: input.minScore,
          maxScore: input.maxScore,
          better: input.better,
          reliability: input.reliability ?? null,
          referenceSd: input.referenceSd ?? null,
          reliableChangeThreshold: input.reliableChangeThreshold ?? null,
          clinicalCutoff: input.clinicalCutoff ?? null,
          multipleItems: input.multipleItems ?? false,
          reliabilitySource: input.reliabilitySource?.trim() ?? '',
          referenceSdSource: input.referenceSdSource?.trim() ?? '',
          thresholdSource: input.thresholdSource?.trim() ?? '',
          cutoffSource: input.cutoffSource?.trim() ?? '',
          notice: input.notice?.trim() ?? '',
        }),
      );
    },
  }),
);

builder.mutationField('setMeasureActive', (t) =>
  t.field({
    type: MeasureType,
    // Who may call it: schema/mutation-roles.json, checked before the input is validated.
    description: 'Switches one of the zone’s measures off (no new scores; recorded scores and reports stay) or back on',
    args: {
      code: t.arg.string({ required: true, validate: { maxLength: 40 } }),
      active: t.arg.boolean({ required: true }),
    },
    errors: mutationResult('SetMeasureActive', 'measure'),
    resolve: (_root, args, ctx) => {
      if (!hasRole(ctx, 'ADMIN')) throw new ForbiddenError('Only zone administrators switch measures on or off');
      const admin = ctx.viewer;
      return inTransaction(ctx.db, (tx) => setMeasureActive(tx, admin, args.code, args.active));
    },
  }),
);

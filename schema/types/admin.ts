import { eq } from 'drizzle-orm';
import { zones } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole } from '../domain/access';
import { audit } from '../domain/audit';
import { caseloadSize, moveChildren } from '../domain/caseload-move';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { oneLine } from '../domain/one-line';
import { createDistrict, createSchool } from '../domain/schools';
import { forgetSessions } from '../domain/session-cache';
import { likeLiteral } from '../domain/text';
import { inTransaction } from '../domain/transaction';
import { setActive } from '../domain/user-active';
import { mutationResult } from '../errors';
import { District, School } from './district';
import { LocalOfferSchedule } from './local-offer';
import { listArgs, listPage } from './pagination';
import { User } from './user';
import { Zone } from './zone';

// Zone administration: people, schools, districts and the zone's settings. ADMIN only.

function requireAdmin(ctx: Context) {
  if (!hasRole(ctx, 'ADMIN')) throw new ForbiddenError('Only zone administrators can do this');
  return ctx.viewer;
}

builder.queryField('users', (t) =>
  t.drizzleField({
    type: [User],
    authScopes: { role: ['ADMIN'] },
    description: 'Everyone in the administrator’s zone, by name (a page: limit, offset)',
    args: listArgs(t),
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.users.findMany(
        query({ where: { zoneId: ctx.viewer!.zoneId }, orderBy: { name: 'asc', id: 'asc' }, ...listPage(args) }),
      ),
  }),
);

const SetUserActiveInput = builder.inputType('SetUserActiveInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    active: t.boolean({ required: true }),
    moveCaseloadToId: t.id({
      description: 'Deactivating a link worker with children: move their caseload to this link worker first',
    }),
  }),
});

builder.mutationField('setUserActive', (t) =>
  t.field({
    type: User,
    args: { input: t.arg({ type: SetUserActiveInput, required: true }) },
    errors: mutationResult('SetUserActive', 'user'),
    resolve: async (_root, { input }, ctx) => {
      const admin = requireAdmin(ctx);
      const id = idOf(input.userId, 'User', ['input', 'userId']);
      if (id === admin.id && !input.active)
        throw ValidationError.field(['input', 'active'], 'You cannot deactivate yourself');
      const updated = await inTransaction(ctx.db, async (tx) => {
        // A leaver keeps everything they did; their children must not be left without a link worker.
        if (!input.active) {
          const held = await caseloadSize(tx, admin.zoneId, id);
          if (held > 0 && input.moveCaseloadToId)
            await moveChildren(tx, admin, {
              childIds: null,
              fromLinkWorkerId: id,
              toLinkWorkerId: idOf(input.moveCaseloadToId, 'User', ['input', 'moveCaseloadToId']),
            });
          else if (held > 0)
            throw ValidationError.field(
              ['input', 'moveCaseloadToId'],
              `This link worker still has ${held} ${held === 1 ? 'child' : 'children'} on their caseload: choose who takes them over`,
            );
        }
        const user = await setActive(tx, admin, id, input.active);
        if (!user) throw new NotFoundError('User');
        return user;
      });
      forgetSessions({ userId: id }); // a deactivated user's cached sessions end now in this process
      return updated;
    },
  }),
);

const CreateDistrictInput = builder.inputType('CreateDistrictInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      validate: {
        minLength: [2, { message: 'Enter the district’s name' }],
        maxLength: 80,
        refine: oneLine('district’s name'),
      },
    }),
  }),
});

builder.mutationField('createDistrict', (t) =>
  t.field({
    type: District,
    args: { input: t.arg({ type: CreateDistrictInput, required: true }) },
    errors: mutationResult('CreateDistrict', 'district'),
    resolve: async (_root, { input }, ctx) => {
      const admin = requireAdmin(ctx);
      return inTransaction(ctx.db, (tx) => createDistrict(tx, admin.zoneId, admin.id, input.name));
    },
  }),
);

const CreateSchoolInput = builder.inputType('CreateSchoolInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      validate: {
        minLength: [2, { message: 'Enter the school’s name' }],
        maxLength: 120,
        refine: oneLine('school’s name'),
      },
    }),
    districtId: t.id({ required: true }),
    postcode: t.string({
      required: true,
      validate: {
        regex: [/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, { message: 'Enter a real UK postcode, like SE6 4RU' }],
      },
    }),
    latitude: t.float({
      required: true,
      validate: {
        min: [49.8, { message: 'Latitude must be in the UK' }],
        max: [60.9, { message: 'Latitude must be in the UK' }],
      },
    }),
    longitude: t.float({
      required: true,
      validate: {
        min: [-8.7, { message: 'Longitude must be in the UK' }],
        max: [1.8, { message: 'Longitude must be in the UK' }],
      },
    }),
  }),
});

builder.mutationField('createSchool', (t) =>
  t.field({
    type: School,
    args: { input: t.arg({ type: CreateSchoolInput, required: true }) },
    errors: mutationResult('CreateSchool', 'school'),
    resolve: async (_root, { input }, ctx) => {
      const admin = requireAdmin(ctx);
      const districtId = idOf(input.districtId, 'District', ['input', 'districtId']);
      return inTransaction(ctx.db, (tx) => createSchool(tx, admin.zoneId, admin.id, { ...input, districtId }));
    },
  }),
);

const UpdateZoneSettingsInput = builder.inputType('UpdateZoneSettingsInput', {
  fields: (t) => ({
    delegatedLimitPence: t.int({
      required: true,
      validate: {
        min: [0, { message: 'The limit cannot be negative' }],
        max: [1_000_000, { message: 'The limit must be £10,000 or less' }],
      },
    }),
    currentPeriod: t.string({
      description:
        'The period in force, as it is: it moves on only when a commissioner closes it (`closePeriod`); any other value is refused',
      validate: { regex: [/^\d{4}-\d{2}$/, { message: 'Write the budget period like 2026-27' }] },
    }),
    responseWorkingDays: t.int({
      description: 'Working days a provider has to accept or decline an approved commission',
      validate: {
        min: [1, { message: 'Give providers at least 1 working day' }],
        max: [60, { message: 'The deadline must be 60 working days or fewer' }],
      },
    }),
    lapseGraceWorkingDays: t.int({
      description: 'Working days after the deadline before an unanswered commission lapses (EXPIRED)',
      validate: {
        min: [0, { message: 'The grace period cannot be negative' }],
        max: [60, { message: 'The grace period must be 60 working days or fewer' }],
      },
    }),
    listingEditsNeedApproval: t.boolean({
      description: 'Changes to a published listing wait for a commissioner or administrator to approve them',
    }),
    delegatedLimitCountsSameService: t.boolean({
      description: "The delegated limit counts a child's other open commissions for the same service this period",
    }),
    localOfferSchedule: t.field({
      type: LocalOfferSchedule,
      description: 'How often district and school leads are emailed the local offer digest',
    }),
  }),
});

builder.mutationField('updateZoneSettings', (t) =>
  t.field({
    type: Zone,
    args: { input: t.arg({ type: UpdateZoneSettingsInput, required: true }) },
    errors: mutationResult('UpdateZoneSettings', 'zone'),
    resolve: async (_root, { input }, ctx) => {
      const admin = requireAdmin(ctx);
      return inTransaction(ctx.db, async (tx) => {
        // Setting the period by hand would skip the close (unspent money returned or carried, the
        // closed period locked) and could reopen a closed year: it moves only through closePeriod.
        const [current] = await tx
          .select({ period: zones.currentPeriod })
          .from(zones)
          .where(eq(zones.id, admin.zoneId))
          .for('update');
        if (input.currentPeriod && input.currentPeriod !== current!.period)
          throw ValidationError.field(
            ['input', 'currentPeriod'],
            `The budget period (${current!.period}) moves on only when a commissioner closes it, on the Budget year page`,
          );
        const [zone] = await tx
          .update(zones)
          .set({
            delegatedLimitPence: input.delegatedLimitPence,
            ...(input.responseWorkingDays != null ? { responseWorkingDays: input.responseWorkingDays } : {}),
            ...(input.lapseGraceWorkingDays != null ? { lapseGraceWorkingDays: input.lapseGraceWorkingDays } : {}),
            ...(input.listingEditsNeedApproval != null
              ? { listingEditsNeedApproval: input.listingEditsNeedApproval }
              : {}),
            ...(input.delegatedLimitCountsSameService != null
              ? { delegatedLimitCountsSameService: input.delegatedLimitCountsSameService }
              : {}),
            ...(input.localOfferSchedule != null ? { localOfferSchedule: input.localOfferSchedule } : {}),
          })
          .where(eq(zones.id, admin.zoneId))
          .returning();
        await audit(tx, {
          zoneId: admin.zoneId,
          actorId: admin.id,
          action: 'UPDATE_ZONE_SETTINGS',
          entityType: 'Zone',
          entityId: admin.zoneId,
          detail: { ...input },
        });
        return zone!;
      });
    },
  }),
);

builder.queryField('organisations', (t) =>
  t.drizzleField({
    type: ['organisations'],
    authScopes: { signedIn: true },
    description: 'The partner organisations of the viewer’s zone, by name (a page: limit, offset)',
    args: {
      ...listArgs(t),
      name: t.arg.string({
        description: 'Only those whose name contains this (any case): for choosing one as you type',
        validate: { maxLength: 100 },
      }),
    },
    resolve: (query, _root, args, ctx) => {
      const name = args.name?.trim();
      return ctx.db.query.organisations.findMany(
        query({
          where: { zoneId: ctx.viewer!.zoneId, ...(name ? { name: { ilike: likeLiteral(name) } } : {}) },
          orderBy: { name: 'asc', id: 'asc' },
          ...listPage(args),
        }),
      );
    },
  }),
);

import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, desc, eq } from 'drizzle-orm';
import { organisationRequestStatusEnum, organisationRequests, users } from '../../drizzle/schema';
import { builder } from '../builder';
import { hasRole, sameZone } from '../domain/access';
import { inviteColleague, normaliseEmail } from '../domain/account-requests';
import { ForbiddenError, TooManyAttemptsError } from '../domain/errors';
import { claimFormSubmission } from '../domain/form-throttle';
import { idOf } from '../domain/ids';
import { PHONE_MESSAGE, PHONE_NUMBER_OR_BLANK } from '../domain/listing-limits';
import { oneLine } from '../domain/one-line';
import {
  EMAIL_MESSAGE,
  isPublishableEmail,
  isPublishableWebsite,
  WEBSITE_MESSAGE,
} from '../domain/openreferral/formats';
import {
  createOrganisation,
  decideOrganisationRequest,
  requestToJoin,
  setColleagueActive,
} from '../domain/organisation-requests';
import { forgetSessions } from '../domain/session-cache';
import { inTransaction } from '../domain/transaction';
import { directResult, mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { OrganisationKind } from './enums';
import { Organisation } from './organisation';
import { listArgs, listPage } from './pagination';

// Organisations joining the directory (issue 14, point 3); see schema/domain/organisation-requests.ts.

const OrganisationRequestStatus = builder.enumType('OrganisationRequestStatus', {
  values: organisationRequestStatusEnum.enumValues,
});

type RequestRow = typeof organisationRequests.$inferSelect;

// As the organisationRequests list: the zone's administrators only.
const visible = nodeVisibility(
  'OrganisationRequest',
  (r: RequestRow, ctx) => hasRole(ctx, 'ADMIN') && sameZone(ctx, r.zoneId),
);

const OrganisationRequest = builder.node(builder.objectRef<RequestRow>('OrganisationRequest'), {
  description: 'A provider’s request to join the zone’s directory (administrators only)',
  id: { resolve: (r) => r.id },
  authScopes: (r, ctx) => visible(r, ctx),
  loadOne: async (id, ctx) =>
    (
      await ctx.db
        .select()
        .from(organisationRequests)
        .where(eq(organisationRequests.id, Number(id)))
    )[0] ?? null,
  fields: (t) => ({
    status: t.field({ type: OrganisationRequestStatus, resolve: (r) => r.status }),
    kind: t.field({ type: OrganisationKind, resolve: (r) => r.kind }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    charityNumber: t.exposeString('charityNumber', { nullable: true }),
    companyNumber: t.exposeString('companyNumber', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    website: t.exposeString('website', { nullable: true }),
    contactName: t.exposeString('contactName'),
    contactEmail: t.exposeString('contactEmail'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    declineReason: t.exposeString('declineReason', { nullable: true }),
  }),
});

builder.queryField('organisationRequests', (t) =>
  t.field({
    type: [OrganisationRequest],
    authScopes: { role: ['ADMIN'] },
    description:
      'Requests to join the administrator’s zone; pending ones first by age, then the latest decided (a page: limit, offset)',
    args: { status: t.arg({ type: OrganisationRequestStatus }), ...listArgs(t) },
    resolve: (_root, args, ctx) =>
      ctx.db
        .select()
        .from(organisationRequests)
        .where(
          and(
            eq(organisationRequests.zoneId, ctx.viewer!.zoneId),
            args.status ? eq(organisationRequests.status, args.status) : undefined,
          ),
        )
        .orderBy(
          desc(eq(organisationRequests.status, 'PENDING')),
          asc(organisationRequests.createdAt),
          asc(organisationRequests.id),
        )
        .limit(listPage(args).limit)
        .offset(listPage(args).offset),
  }),
);

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type Fields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

/** An organisation's details, as the public form and an administrator enter them. */
const detailFields = (t: Fields) => ({
  kind: t.field({ type: OrganisationKind, required: true }),
  name: t.string({
    required: true,
    validate: {
      minLength: [2, { message: 'Enter the organisation’s name' }],
      maxLength: 120,
      refine: oneLine('organisation’s name'),
    },
  }),
  description: t.string({ validate: { maxLength: [2000, { message: 'Keep the description to 2000 characters' }] } }),
  charityNumber: t.string({
    description: 'A registered charity number: 6 to 8 digits (a charity or a company number is required)',
    validate: { regex: [/^\s*(\d{6,8}(-\d+)?)?\s*$/, { message: 'A charity number is 6 to 8 digits, like 1123456' }] },
  }),
  companyNumber: t.string({
    description: 'A Companies House number: 8 characters, like 01234567 or SC123456',
    validate: {
      regex: [/^\s*([A-Z]{2}\d{6}|\d{8})?\s*$/i, { message: 'A company number is 8 characters, like 01234567' }],
    },
  }),
  phone: t.string({
    validate: { regex: [PHONE_NUMBER_OR_BLANK, { message: PHONE_MESSAGE }] },
  }),
  website: t.string({
    validate: { refine: [isPublishableWebsite, { message: WEBSITE_MESSAGE }], maxLength: 300 },
  }),
});

const emailField = (t: Fields, message: string) =>
  t.string({ required: true, validate: { email: [true, { message }], maxLength: 254 } });

const RequestToJoinInput = builder.inputType('RequestToJoinInput', {
  fields: (t) => ({
    zoneSlug: t.string({
      required: true,
      description: 'The partnership to join (see `partnerships`)',
      validate: { minLength: [1, { message: 'Choose the partnership to join' }], maxLength: 40 },
    }),
    ...detailFields(t),
    contactName: t.string({
      required: true,
      description: 'The first contact: invited as the organisation’s first user when the request is approved',
      validate: {
        minLength: [2, { message: 'Enter the contact’s name' }],
        maxLength: 120,
        refine: oneLine('contact’s name'),
      },
    }),
    // Also the new organisation's published email, when the request is approved.
    contactEmail: t.string({
      required: true,
      validate: {
        email: [true, { message: 'Enter the contact’s email address, like name@example.org' }],
        refine: [isPublishableEmail, { message: 'Enter the contact’s email address, like name@example.org' }],
        maxLength: 254,
      },
    }),
  }),
});

const RequestToJoinPayload = builder.objectRef<{ received: boolean }>('RequestToJoinSuccess').implement({
  fields: (t) => ({ received: t.exposeBoolean('received') }),
});

builder.mutationField('requestToJoin', (t) =>
  t.field({
    type: RequestToJoinPayload,
    description:
      'Anyone: asks to add an organisation to a partnership’s directory; its administrators decide and the contact is emailed either way',
    args: { input: t.arg({ type: RequestToJoinInput, required: true }) },
    errors: directResult('RequestToJoin', [TooManyAttemptsError]),
    resolve: async (_root, { input }, ctx) => {
      await inTransaction(ctx.db, async (tx) => {
        await requestToJoin(tx, input);
        await claimFormSubmission(tx, 'join', ctx.clientAddress, ctx.now());
      });
      return { received: true };
    },
  }),
);

const DecideOrganisationRequestInput = builder.inputType('DecideOrganisationRequestInput', {
  fields: (t) => ({
    requestId: t.id({ required: true }),
    approve: t.boolean({ required: true }),
    reason: t.string({
      description: 'Required to decline: emailed to the requester',
      validate: { maxLength: [1000, { message: 'Keep the reason to 1000 characters' }] },
    }),
  }),
});

builder.mutationField('decideOrganisationRequest', (t) =>
  t.field({
    type: OrganisationRequest,
    description: 'Administrators: approve (creates the organisation and invites the contact) or decline with a reason',
    args: { input: t.arg({ type: DecideOrganisationRequestInput, required: true }) },
    errors: mutationResult('DecideOrganisationRequest', 'request'),
    resolve: (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'ADMIN')) throw new ForbiddenError('Only zone administrators decide requests');
      const requestId = idOf(input.requestId, 'OrganisationRequest', ['input', 'requestId']);
      return inTransaction(ctx.db, (tx) =>
        decideOrganisationRequest(tx, ctx.viewer!, { requestId, approve: input.approve, reason: input.reason }),
      );
    },
  }),
);

const CreateOrganisationInput = builder.inputType('CreateOrganisationInput', {
  fields: (t) => ({
    ...detailFields(t),
    email: t.string({
      validate: { refine: [isPublishableEmail, { message: EMAIL_MESSAGE }], maxLength: 254 },
    }),
  }),
});

builder.mutationField('createOrganisation', (t) =>
  t.field({
    type: Organisation,
    description: 'Administrators: adds an organisation to the zone’s directory (then invite its staff)',
    args: { input: t.arg({ type: CreateOrganisationInput, required: true }) },
    errors: mutationResult('CreateOrganisation', 'organisation'),
    resolve: (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'ADMIN')) throw new ForbiddenError('Only zone administrators add organisations');
      return inTransaction(ctx.db, (tx) => createOrganisation(tx, ctx.viewer!, input));
    },
  }),
);

type StaffRow = { id: number; name: string; email: string; active: boolean };

const StaffMember = builder.objectRef<StaffRow>('StaffMember').implement({
  description: 'Someone on a provider organisation’s staff list, as its own staff see them',
  fields: (t) => ({
    id: t.id({ resolve: (u) => encodeGlobalID('User', u.id) }),
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    active: t.exposeBoolean('active'),
  }),
});

builder.queryField('organisationStaff', (t) =>
  t.field({
    type: [StaffMember],
    authScopes: { role: ['PROVIDER'] },
    description: 'The staff of the provider’s own organisation, by name (a page: limit, offset)',
    args: listArgs(t),
    resolve: (_root, args, ctx) =>
      ctx.db
        .select({ id: users.id, name: users.name, email: users.email, active: users.active })
        .from(users)
        .where(and(eq(users.organisationId, ctx.viewer!.organisationId ?? 0), eq(users.zoneId, ctx.viewer!.zoneId)))
        .orderBy(asc(users.name), asc(users.id))
        .limit(listPage(args).limit)
        .offset(listPage(args).offset),
  }),
);

const InviteColleagueInput = builder.inputType('InviteColleagueInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      validate: {
        minLength: [2, { message: 'Enter the person’s name, at least 2 characters' }],
        maxLength: 120,
        refine: oneLine('person’s name'),
      },
    }),
    email: emailField(t, 'Enter an email address like name@example.org'),
  }),
});

const InviteColleaguePayload = builder.objectRef<{ email: string }>('InviteColleagueSuccess').implement({
  description: 'The same answer whether or not the address already has an account',
  fields: (t) => ({ email: t.exposeString('email') }),
});

builder.mutationField('inviteColleague', (t) =>
  t.field({
    type: InviteColleaguePayload,
    description: 'Providers: invites a colleague to their own organisation (a single-use link, valid 72 hours)',
    args: { input: t.arg({ type: InviteColleagueInput, required: true }) },
    errors: directResult('InviteColleague'),
    resolve: async (_root, { input }, ctx) => {
      await inTransaction(ctx.db, (tx) => inviteColleague(tx, ctx.viewer!, input));
      return { email: normaliseEmail(input.email) };
    },
  }),
);

const SetColleagueActiveInput = builder.inputType('SetColleagueActiveInput', {
  fields: (t) => ({ userId: t.id({ required: true }), active: t.boolean({ required: true }) }),
});

builder.mutationField('setColleagueActive', (t) =>
  t.field({
    type: StaffMember,
    description: 'Providers: deactivates or reactivates a colleague of their own organisation',
    args: { input: t.arg({ type: SetColleagueActiveInput, required: true }) },
    errors: mutationResult('SetColleagueActive', 'colleague'),
    resolve: async (_root, { input }, ctx) => {
      const userId = idOf(input.userId, 'User', ['input', 'userId']);
      const colleague = await inTransaction(ctx.db, (tx) =>
        setColleagueActive(tx, ctx.viewer!, { userId, active: input.active }),
      );
      if (!input.active) forgetSessions({ userId }); // their cached sessions end now in this process
      return colleague;
    },
  }),
);

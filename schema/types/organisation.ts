import { and, eq, sql } from 'drizzle-orm';
import { organisations, services } from '../../drizzle/schema';
import { builder } from '../builder';
import { audit } from '../domain/audit';
import { ForbiddenError, ValidationError } from '../domain/errors';
import { refreshSearchTerms } from '../domain/listing';
import { PHONE_MESSAGE, PHONE_NUMBER_OR_BLANK } from '../domain/listing-limits';
import { oneLine } from '../domain/one-line';
import {
  EMAIL_MESSAGE,
  isPublishableEmail,
  isPublishableWebsite,
  WEBSITE_MESSAGE,
} from '../domain/openreferral/formats';
import { refuseTakenDetails } from '../domain/organisation-requests';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { OrganisationKind, ServiceStatus } from './enums';
import { type ListingFilterArgs, listingFilterSql } from './listing-filter';
import { organisationServiceCount } from './organisation-service-counts';
import { pageSizeRule } from './pagination';

type OrganisationRow = { id: number; zoneId: number };
// Partner organisations are part of the public directory; signed-in staff see their own zone's.
const visible = nodeVisibility(
  'Organisation',
  (org: OrganisationRow, ctx) => !ctx.viewer || ctx.viewer.zoneId === org.zoneId,
);

export const Organisation = builder.drizzleNode('organisations', {
  name: 'Organisation',
  id: { column: (o) => o.id },
  select: { columns: { id: true, zoneId: true } },
  authScopes: (org, ctx) => visible(org, ctx),
  fields: (t) => ({
    kind: t.expose('kind', { type: OrganisationKind }),
    uuid: t.exposeString('uuid', { description: 'Stable public id (the Open Referral id)' }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    charityNumber: t.exposeString('charityNumber', { nullable: true }),
    companyNumber: t.exposeString('companyNumber', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    website: t.exposeString('website', { nullable: true }),
    services: t.relatedConnection(
      'services',
      {
        maxSize: 100,
        validate: pageSizeRule as never,
        defaultSize: 50,
        description: 'Published listings; the organisation’s own staff also see drafts and archived ones',
        args: {
          status: t.arg({ type: [ServiceStatus], description: 'Only listings in these statuses' }),
          pendingApproval: t.arg.boolean({ description: 'Only listings with an edit waiting for approval' }),
          needsReview: t.arg.boolean({ description: 'Only listings unreviewed for five months or more' }),
        },
        query: (args, ctx) => ({
          // Drafts only when the viewer works for this organisation (the relation fixes which).
          where: {
            OR: [
              { status: 'PUBLISHED' as const },
              ...(ctx.viewer?.role === 'PROVIDER' && ctx.viewer.organisationId
                ? [{ organisationId: ctx.viewer.organisationId }]
                : []),
            ],
            RAW: (table) => listingFilterSql(table as typeof services, ctx, args) ?? sql`true`,
          },
          orderBy: { name: 'asc' },
        }),
      },
      {
        fields: (c) => ({
          // Counted here: Pothos 0.20's nested totalCount builds SQL Drizzle rc.5 cannot render.
          totalCount: c.int({
            resolve: (conn, _args, ctx) =>
              organisationServiceCount(ctx, (conn.parent as { id: number }).id, conn.args as ListingFilterArgs),
          }),
        }),
      },
    ),
  }),
});

const UpdateOrganisationInput = builder.inputType('UpdateOrganisationInput', {
  description: 'A provider’s own organisation profile; leave a field out to keep it',
  fields: (t) => ({
    name: t.string({
      validate: {
        minLength: [2, { message: 'Enter the organisation’s name' }],
        maxLength: 120,
        refine: oneLine('organisation’s name'),
      },
    }),
    description: t.string({ validate: { maxLength: [2000, { message: 'Keep the description to 2000 characters' }] } }),
    charityNumber: t.string({
      validate: { regex: [/^(\d{6,8}(-\d+)?)?$/, { message: 'A charity number is 6 to 8 digits' }] },
    }),
    companyNumber: t.string({
      validate: {
        regex: [/^([A-Z]{2}\d{6}|\d{8})?$/i, { message: 'A company number is 8 characters, like 01234567' }],
      },
    }),
    email: t.string({
      validate: { refine: [isPublishableEmail, { message: EMAIL_MESSAGE }], maxLength: 254 },
    }),
    phone: t.string({
      validate: { regex: [PHONE_NUMBER_OR_BLANK, { message: PHONE_MESSAGE }] },
    }),
    website: t.string({
      validate: { refine: [isPublishableWebsite, { message: WEBSITE_MESSAGE }], maxLength: 300 },
    }),
  }),
});

builder.mutationField('updateOrganisation', (t) =>
  t.field({
    type: Organisation,
    args: { input: t.arg({ type: UpdateOrganisationInput, required: true }) },
    errors: mutationResult('UpdateOrganisation', 'organisation'),
    resolve: async (_root, { input }, ctx) => {
      if (ctx.viewer?.role !== 'PROVIDER' || !ctx.viewer.organisationId) {
        throw new ForbiddenError('Only an organisation’s own staff can change its profile');
      }
      const viewer = ctx.viewer;
      const changes = Object.fromEntries(
        Object.entries(input)
          .filter(([, v]) => v !== undefined && v !== null)
          .map(([k, v]) => [k, k === 'name' || k === 'description' ? String(v).trim() : String(v).trim() || null]),
      );
      if (changes.name != null && changes.name.length < 2)
        throw ValidationError.field(['input', 'name'], 'Enter the organisation’s name');
      // Stored as a new organisation's is, so a number already listed is found however it was typed.
      if (changes.companyNumber) changes.companyNumber = changes.companyNumber.toUpperCase();
      return inTransaction(ctx.db, async (tx) => {
        await refuseTakenDetails(tx, viewer.zoneId, viewer.organisationId!, changes);
        const [org] = await tx
          .update(organisations)
          .set({ ...changes, updatedAt: new Date() })
          .where(eq(organisations.id, viewer.organisationId!))
          .returning();
        // The organisation's name is part of every listing's search text.
        if ('name' in changes) {
          const ids = await tx.select({ id: services.id }).from(services).where(eq(services.organisationId, org!.id));
          await refreshSearchTerms(
            tx,
            ids.map((s) => s.id),
          );
        }
        await audit(tx, {
          zoneId: viewer.zoneId,
          actorId: viewer.id,
          action: 'UPDATE_ORGANISATION',
          entityType: 'Organisation',
          entityId: org!.id,
          detail: { fields: Object.keys(changes) },
        });
        return org!;
      });
    },
  }),
);

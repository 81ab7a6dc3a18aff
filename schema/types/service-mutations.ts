import { eq } from 'drizzle-orm';
import { services } from '../../drizzle/schema';
import { builder, type InputFieldBuilder } from '../builder';
import type { Context } from '../context';
import { isProviderOf } from '../domain/access';
import { audit } from '../domain/audit';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { type Listing, saveListing } from '../domain/listing';
import { changeListing, editBase, waitsForApproval } from '../domain/listing-revisions';
import { recordFirstVersion } from '../domain/listing-versions';
import { inTransaction, type Tx } from '../domain/transaction';
import { mutationResult } from '../errors';
import { DeliveryMode, EvidenceLevel } from './enums';
import { type ListingArgs, parseLocated, withCoordinates } from './listing-coordinates';
import { Service } from './service';
import {
  ContactInput,
  CostOptionInput,
  LanguageInput,
  LocationInput,
  ScheduleInput,
  ServiceAreaInput,
} from './service-inputs';

// The listing fields, shared by create (most required) and update (all optional).
const listingFields = (t: InputFieldBuilder, required: boolean) => ({
  name: t.string({ required }),
  description: t.string({ required }),
  eligibility: t.string(),
  categoryIds: t.idList({ required }),
  minAge: t.int({ required }),
  maxAge: t.int({ required }),
  deliveryModes: t.field({ type: [DeliveryMode], required }),
  unitPricePence: t.int({ description: 'Null or absent for a free service' }),
  unitName: t.string({ description: 'What one unit is, e.g. session or term' }),
  commissionable: t.boolean({ required }),
  capacity: t.int({
    description: 'Places offered at once (each accepted commission holds one); null for no stated limit',
  }),
  evidenceLevel: t.field({ type: EvidenceLevel }),
  referralLeadTimeDays: t.int(),
  selfReferral: t.boolean({ description: 'Families can refer themselves; null when not stated' }),
  contactName: t.string(),
  contactEmail: t.string(),
  contactPhone: t.string(),
  website: t.string(),
  locations: t.field({ type: [LocationInput] }),
  districtIds: t.idList(),
  schedules: t.field({ type: [ScheduleInput], description: 'Regular opening times' }),
  languages: t.field({ type: [LanguageInput] }),
  costOptions: t.field({
    type: [CostOptionInput],
    description: 'What families or referrers pay, beside the unit price',
  }),
  contacts: t.field({ type: [ContactInput] }),
  serviceAreas: t.field({ type: [ServiceAreaInput] }),
});

const CreateServiceInput = builder.inputType('CreateServiceInput', {
  fields: (t) => listingFields(t as never, true),
});
const UpdateServiceInput = builder.inputType('UpdateServiceInput', {
  fields: (t) => ({ serviceId: t.id({ required: true }), ...listingFields(t as never, false) }),
});
const ServiceIdInput = (name: string) =>
  builder.inputType(name, { fields: (t) => ({ serviceId: t.id({ required: true }) }) });

function requireProvider(ctx: Context): { zoneId: number; organisationId: number; actorId: number } {
  if (!ctx.viewer) throw new ForbiddenError('Sign in to manage listings');
  if (ctx.viewer.role !== 'PROVIDER' || !ctx.viewer.organisationId)
    throw new ForbiddenError('Only providers manage listings');
  return { zoneId: ctx.viewer.zoneId, organisationId: ctx.viewer.organisationId, actorId: ctx.viewer.id };
}

function toListing(input: ListingArgs): unknown {
  return {
    ...input,
    serviceId: undefined,
    categoryIds: input.categoryIds?.map((id, i) => idOf(id, 'Category', ['input', 'categoryIds', String(i)])),
    districtIds: (input.districtIds ?? []).map((id, i) => idOf(id, 'District', ['input', 'districtIds', String(i)])),
    locations: (input.locations ?? []).map((l) => ({
      ...l,
      accessibility: l.accessibility ?? [],
      accessibilityNotes: l.accessibilityNotes ?? '',
    })),
    ...Object.fromEntries(
      (['schedules', 'languages', 'costOptions', 'contacts', 'serviceAreas'] as const)
        .filter((k) => input[k] !== undefined)
        .map((k) => [k, input[k] ?? []]),
    ),
    evidenceLevel: input.evidenceLevel ?? 'NONE',
  };
}

/** Loads a listing its provider may change, locked for the rest of the transaction. */
async function ownListing(tx: Tx, ctx: Context, serviceId: string) {
  const owner = requireProvider(ctx);
  const id = idOf(serviceId, 'Service', ['input', 'serviceId']);
  const [row] = await tx.select().from(services).where(eq(services.id, id)).for('update');
  // Another organisation's listing is "not found": its drafts must not be discoverable.
  if (!row || row.zoneId !== owner.zoneId) throw new NotFoundError('Service');
  if (!isProviderOf(ctx, row.organisationId)) {
    if (row.status !== 'PUBLISHED') throw new NotFoundError('Service');
    throw new ForbiddenError('Only the organisation that lists a service can change it');
  }
  if (row.sourceId != null && !row.claimed)
    throw new ForbiddenError('This listing is imported from another directory: change it there');
  return { row, owner };
}

// The full row, so authorisation sees what it checks; the drizzle plugin loads the relations asked for.
const loadService = async (ctx: Context, id: number) => (await ctx.db.query.services.findFirst({ where: { id } }))!;

builder.mutationField('createService', (t) =>
  t.field({
    type: Service,
    args: { input: t.arg({ type: CreateServiceInput, required: true }) },
    errors: mutationResult('CreateService', 'service'),
    resolve: async (_root, { input }, ctx) => {
      const owner = requireProvider(ctx);
      const located = await withCoordinates(ctx.db, input as ListingArgs);
      const listing = parseLocated(toListing(located.input), located.found);
      const id = await inTransaction(ctx.db, async (tx) => {
        const serviceId = await saveListing(tx, owner, listing, undefined, { status: 'DRAFT' });
        await recordFirstVersion(tx, serviceId, owner.zoneId, owner.actorId, listing);
        await audit(tx, {
          zoneId: owner.zoneId,
          actorId: owner.actorId,
          action: 'CREATE_SERVICE',
          entityType: 'Service',
          entityId: serviceId,
        });
        return serviceId;
      });
      return loadService(ctx, id);
    },
  }),
);

builder.mutationField('updateService', (t) =>
  t.field({
    type: Service,
    args: { input: t.arg({ type: UpdateServiceInput, required: true }) },
    errors: mutationResult('UpdateService', 'service'),
    resolve: async (_root, { input }, ctx) => {
      const id = await inTransaction(ctx.db, async (tx) => {
        const { row, owner } = await ownListing(tx, ctx, String(input.serviceId));
        // Postcodes are looked up once the listing is known to be theirs, in the same transaction
        // (PGlite has one connection): who may change it is answered before what is wrong with it.
        const located = await withCoordinates(tx, input as ListingArgs);
        // Fields left out keep their values; null clears an optional one.
        const given = Object.fromEntries(
          Object.entries(toListing(located.input) as object).filter(([k, v]) => v !== undefined && k in input),
        );
        // A second edit while one waits builds on the waiting version, not the live one.
        const waits = await waitsForApproval(tx, row, true);
        const merged: Listing = parseLocated({ ...(await editBase(tx, row, waits)), ...given }, located.found);
        const outcome = await changeListing(tx, row, owner.actorId, merged, { waits, now: ctx.now() });
        await audit(tx, {
          zoneId: owner.zoneId,
          actorId: owner.actorId,
          action: outcome.status === 'PENDING' ? 'PROPOSE_SERVICE_CHANGE' : 'UPDATE_SERVICE',
          entityType: 'Service',
          entityId: row.id,
          detail: {
            fields: Object.keys(given),
            revisionId: outcome.revisionId,
            ...(outcome.supersededId ? { supersedes: outcome.supersededId } : {}),
          },
        });
        return row.id;
      });
      return loadService(ctx, id);
    },
  }),
);

for (const [name, to, from] of [
  ['publishService', 'PUBLISHED', ['DRAFT', 'ARCHIVED']],
  ['archiveService', 'ARCHIVED', ['DRAFT', 'PUBLISHED']],
] as const) {
  const Input = ServiceIdInput(`${name[0]!.toUpperCase()}${name.slice(1)}Input`);
  builder.mutationField(name, (t) =>
    t.field({
      type: Service,
      args: { input: t.arg({ type: Input, required: true }) },
      errors: mutationResult(`${name[0]!.toUpperCase()}${name.slice(1)}`, 'service'),
      resolve: async (_root, { input }, ctx) => {
        const id = await inTransaction(ctx.db, async (tx) => {
          const { row, owner } = await ownListing(tx, ctx, String(input.serviceId));
          if (!(from as readonly string[]).includes(row.status)) {
            throw ValidationError.field(['input', 'serviceId'], `This listing is already ${row.status.toLowerCase()}`);
          }
          if (to === 'PUBLISHED') {
            // A draft may be saved incomplete-looking, but only a valid listing goes public.
            const full = await tx.query.services.findFirst({
              where: { id: row.id },
              with: { categories: { columns: { id: true } } },
            });
            if (!full?.categories.length)
              throw ValidationError.field(['input', 'categoryIds'], 'Choose at least one category before publishing');
          }
          await tx
            .update(services)
            .set({
              status: to,
              updatedAt: new Date(),
              ...(to === 'PUBLISHED' ? { lastReviewedAt: ctx.now().toISOString() } : {}),
            })
            .where(eq(services.id, row.id));
          await audit(tx, {
            zoneId: owner.zoneId,
            actorId: owner.actorId,
            action: name === 'publishService' ? 'PUBLISH_SERVICE' : 'ARCHIVE_SERVICE',
            entityType: 'Service',
            entityId: row.id,
          });
          return row.id;
        });
        return loadService(ctx, id);
      },
    }),
  );
}

// "Still accurate": a provider confirms a listing without editing it, which clears `stale`.
builder.mutationField('markServiceReviewed', (t) =>
  t.field({
    type: Service,
    args: { input: t.arg({ type: ServiceIdInput('MarkServiceReviewedInput'), required: true }) },
    errors: mutationResult('MarkServiceReviewed', 'service'),
    resolve: async (_root, { input }, ctx) => {
      const id = await inTransaction(ctx.db, async (tx) => {
        const { row, owner } = await ownListing(tx, ctx, String(input.serviceId));
        if (row.status === 'ARCHIVED') throw ValidationError.field(['input', 'serviceId'], 'This listing is archived');
        await tx.update(services).set({ lastReviewedAt: ctx.now().toISOString() }).where(eq(services.id, row.id));
        await audit(tx, {
          zoneId: owner.zoneId,
          actorId: owner.actorId,
          action: 'REVIEW_SERVICE',
          entityType: 'Service',
          entityId: row.id,
        });
        return row.id;
      });
      return loadService(ctx, id);
    },
  }),
);

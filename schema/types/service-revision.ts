import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { revisionStatusEnum, serviceRevisions, services, users } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole, isProviderOf, sameZone } from '../domain/access';
import { audit } from '../domain/audit';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { parseListing } from '../domain/listing';
import { changedFields, diffListings, LISTING_FIELDS } from '../domain/listing-diff';
import { approveRevision, changeListing, rejectRevision, waitsForApproval } from '../domain/listing-revisions';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { listArgs, listPage } from './pagination';
import { namesShown, versionOf, withLiveListings } from './revision-versions';
import { Service } from './service';

// Listing edit approval and history (issue 14, point 7): the versions of a listing, the changes
// waiting for approval with a field-by-field diff, and the decisions on them.

const RevisionStatus = builder.enumType('RevisionStatus', { values: revisionStatusEnum.enumValues });

export type RevisionView = typeof serviceRevisions.$inferSelect & {
  serviceName: string;
  authorName: string | null;
  decidedByName: string | null;
  /** The listing's organisation: its provider sees the versions. */
  organisationId: number;
};

const FieldChange = builder
  .objectRef<{ field: string; label: string; before: string; after: string }>('FieldChange')
  .implement({
    description: 'One field of a listing, before and after a change, as text',
    fields: (t) => ({
      field: t.exposeString('field', { description: 'The field’s name in UpdateServiceInput' }),
      label: t.exposeString('label'),
      before: t.exposeString('before', { description: 'Empty for a listing’s first version' }),
      after: t.exposeString('after'),
    }),
  });

/** The listing's own provider, and the zone's commissioners and administrators. */
const canSeeVersions = (ctx: Context, s: { zoneId: number; organisationId: number }) =>
  isProviderOf(ctx, s.organisationId) || (hasRole(ctx, 'COMMISSIONER', 'ADMIN') && sameZone(ctx, s.zoneId));

const label = (field: string) => LISTING_FIELDS[field as keyof typeof LISTING_FIELDS]?.label ?? field;

// As Service.versions: the listing's own provider, and the zone's commissioners and administrators.
const visible = nodeVisibility('ServiceRevision', (r: RevisionView, ctx) => canSeeVersions(ctx, r));

export const ServiceRevision = builder.node(builder.objectRef<RevisionView>('ServiceRevision'), {
  description: 'A version of a listing, or a change to it waiting for approval',
  id: { resolve: (r) => r.id },
  authScopes: (r, ctx) => visible(r, ctx),
  loadOne: async (id, ctx) => (await revisionViews(ctx.db, eq(serviceRevisions.id, Number(id))))[0] ?? null,
  fields: (t) => ({
    serviceId: t.id({ resolve: (r) => encodeGlobalID('Service', r.serviceId) }),
    serviceName: t.exposeString('serviceName', { description: 'The listing’s live name' }),
    status: t.field({ type: RevisionStatus, resolve: (r) => r.status }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    authorName: t.exposeString('authorName', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decidedByName: t.exposeString('decidedByName', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the change was not approved' }),
    restoredFrom: t.id({
      nullable: true,
      resolve: (r) => (r.restoredFromId == null ? null : encodeGlobalID('ServiceRevision', r.restoredFromId)),
    }),
    changedFields: t.stringList({
      description:
        'The labels of the fields this version changed (a pending one: would change, against the live listing)',
      resolve: async (r, _args, ctx) => {
        const { before, after } = await versionOf(r, ctx);
        return (r.status === 'PENDING' ? changedFields(before, after) : r.changedFields).map(label);
      },
    }),
    changes: t.field({
      type: [FieldChange],
      description:
        'Each changed field before and after, as text (nested parts one line each); for a pending change, before is the live value',
      resolve: async (r, _args, ctx) => {
        const { before, after } = await versionOf(r, ctx);
        return diffListings(before, after, await namesShown(r, ctx, before, after));
      },
    }),
  }),
});

const author = alias(users, 'author');
const decider = alias(users, 'decider');

/** Revisions with their people's and listing's names, newest first. */
export async function revisionViews(
  db: Context['db'],
  where: SQL | undefined,
  page?: { limit: number; offset: number },
): Promise<RevisionView[]> {
  const q = db
    .select({
      rev: serviceRevisions,
      serviceName: services.name,
      authorName: author.name,
      decidedByName: decider.name,
      organisationId: services.organisationId,
    })
    .from(serviceRevisions)
    .innerJoin(services, eq(services.id, serviceRevisions.serviceId))
    .leftJoin(author, eq(author.id, serviceRevisions.authorId))
    .leftJoin(decider, eq(decider.id, serviceRevisions.decidedById))
    .where(where)
    .orderBy(desc(serviceRevisions.id))
    .$dynamic();
  const rows = await (page ? q.limit(page.limit).offset(page.offset) : q);
  return rows.map((r) => ({
    ...r.rev,
    serviceName: r.serviceName,
    authorName: r.authorName,
    decidedByName: r.decidedByName,
    organisationId: r.organisationId,
  }));
}

builder.drizzleObjectFields(Service, (t) => ({
  versions: t.field({
    type: [ServiceRevision],
    description: 'The listing’s history, newest first: its provider, commissioners and administrators',
    select: { columns: { id: true, zoneId: true, organisationId: true } },
    authScopes: (s, _args, ctx) => canSeeVersions(ctx, s),
    resolve: (s, _args, ctx) => revisionViews(ctx.db, eq(serviceRevisions.serviceId, s.id)),
  }),
  pendingRevision: t.field({
    type: ServiceRevision,
    nullable: true,
    description: 'Changes waiting for approval (the listing shows the live version until then)',
    select: { columns: { id: true, zoneId: true, organisationId: true } },
    authScopes: (s, _args, ctx) => canSeeVersions(ctx, s),
    resolve: async (s, _args, ctx) =>
      (
        await revisionViews(ctx.db, and(eq(serviceRevisions.serviceId, s.id), eq(serviceRevisions.status, 'PENDING')))
      )[0] ?? null,
  }),
}));

builder.queryField('pendingServiceRevisions', (t) =>
  t.field({
    type: [ServiceRevision],
    description:
      'Commissioners and administrators: listing changes waiting for approval in the zone, newest first (a page: limit, offset)',
    authScopes: { role: ['COMMISSIONER', 'ADMIN'] },
    args: listArgs(t),
    resolve: async (_root, args, ctx) =>
      withLiveListings(
        ctx.db,
        await revisionViews(
          ctx.db,
          and(eq(serviceRevisions.zoneId, ctx.viewer!.zoneId), eq(serviceRevisions.status, 'PENDING')),
          listPage(args),
        ),
      ),
  }),
);

const RevisionIdInput = (name: string, withReason = false) =>
  builder.inputType(name, {
    fields: (t) => ({
      revisionId: t.id({ required: true }),
      ...(withReason
        ? {
            reason: t.string({
              required: true,
              validate: {
                minLength: [1, { message: 'Say why the changes are not approved' }],
                maxLength: [1000, { message: 'The reason must be 1000 characters or fewer' }],
              },
            }),
          }
        : {}),
    }),
  });

function approver(ctx: Context) {
  if (!ctx.viewer || !hasRole(ctx, 'COMMISSIONER', 'ADMIN'))
    throw new ForbiddenError('Only commissioners and administrators decide on listing changes');
  return { id: ctx.viewer.id, zoneId: ctx.viewer.zoneId };
}
const loadService = async (ctx: Context, id: number) => (await ctx.db.query.services.findFirst({ where: { id } }))!;

builder.mutationField('approveServiceRevision', (t) =>
  t.field({
    type: Service,
    description: 'Commissioners and administrators: the waiting changes become the live listing',
    args: { input: t.arg({ type: RevisionIdInput('ApproveServiceRevisionInput'), required: true }) },
    errors: mutationResult('ApproveServiceRevision', 'service'),
    resolve: async (_root, { input }, ctx) => {
      const who = approver(ctx);
      const revisionId = idOf(input.revisionId, 'ServiceRevision', ['input', 'revisionId']);
      const id = await inTransaction(ctx.db, (tx) => approveRevision(tx, revisionId, who, ctx.now()));
      return loadService(ctx, id);
    },
  }),
);

builder.mutationField('rejectServiceRevision', (t) =>
  t.field({
    type: Service,
    description: 'Commissioners and administrators: the waiting changes are not applied; the provider is told why',
    args: { input: t.arg({ type: RevisionIdInput('RejectServiceRevisionInput', true), required: true }) },
    errors: mutationResult('RejectServiceRevision', 'service'),
    resolve: async (_root, { input }, ctx) => {
      const who = approver(ctx);
      const revisionId = idOf(input.revisionId, 'ServiceRevision', ['input', 'revisionId']);
      const reason = String((input as { reason?: string }).reason ?? '').trim();
      if (!reason) throw ValidationError.field(['input', 'reason'], 'Say why the changes are not approved');
      const id = await inTransaction(ctx.db, (tx) => rejectRevision(tx, revisionId, who, reason, ctx.now()));
      return loadService(ctx, id);
    },
  }),
);

builder.mutationField('restoreServiceVersion', (t) =>
  t.field({
    type: Service,
    description:
      'A listing goes back to an earlier version, as a new version: from its provider it waits for approval when the zone asks for it; from a commissioner or administrator it applies at once',
    args: { input: t.arg({ type: RevisionIdInput('RestoreServiceVersionInput'), required: true }) },
    errors: mutationResult('RestoreServiceVersion', 'service'),
    resolve: async (_root, { input }, ctx) => {
      const viewer = ctx.viewer;
      if (!viewer) throw new ForbiddenError('Sign in to restore a listing');
      const revisionId = idOf(input.revisionId, 'ServiceRevision', ['input', 'revisionId']);
      const id = await inTransaction(ctx.db, async (tx) => {
        const [rev] = await tx.select().from(serviceRevisions).where(eq(serviceRevisions.id, revisionId));
        if (!rev || rev.zoneId !== viewer.zoneId) throw new NotFoundError('ServiceRevision');
        const [row] = await tx.select().from(services).where(eq(services.id, rev.serviceId)).for('update');
        if (!row || !canSeeVersions(ctx, row)) throw new NotFoundError('ServiceRevision');
        if (row.sourceId != null && !row.claimed)
          throw new ForbiddenError('This listing is imported from another directory: change it there');
        if (rev.status !== 'APPLIED')
          throw ValidationError.field(['input', 'revisionId'], 'Only a version that was live can be restored');
        const listing = parseListing(rev.after);
        const outcome = await changeListing(tx, row, viewer.id, listing, {
          waits: await waitsForApproval(tx, row, viewer.role === 'PROVIDER'),
          now: ctx.now(),
          restoredFromId: rev.id,
        });
        await audit(tx, {
          zoneId: viewer.zoneId,
          actorId: viewer.id,
          action: 'RESTORE_SERVICE_VERSION',
          entityType: 'Service',
          entityId: row.id,
          detail: {
            restoredFromId: rev.id,
            revisionId: outcome.revisionId,
            status: outcome.status,
            ...(outcome.supersededId ? { supersedes: outcome.supersededId } : {}),
          },
        });
        return row.id;
      });
      return loadService(ctx, id);
    },
  }),
);

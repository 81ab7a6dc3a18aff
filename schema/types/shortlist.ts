import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq } from 'drizzle-orm';
import { children, shortlistItems, shortlists } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole, sameZone } from '../domain/access';
import { audit } from '../domain/audit';
import { ForbiddenError, NotFoundError, TooManyAttemptsError, ValidationError } from '../domain/errors';
import { idOf, parseGlobalId } from '../domain/ids';
import {
  checkEmailAddress,
  checkListName,
  childShortlist,
  emailShortlist,
  mayUseShortlist,
  sharedListName,
  shortlistEntries,
  shortlistsFor,
  usableShortlist,
} from '../domain/shortlists';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { listArgs, listPage } from './pagination';

// Shortlists (issue 14, point 8): link workers only; see schema/domain/shortlists.ts.

type ShortlistRow = typeof shortlists.$inferSelect;

const ShortlistService = builder
  .objectRef<Awaited<ReturnType<typeof shortlistEntries>>[number] & { id: string }>('ShortlistService')
  .implement({
    description: 'A shortlisted service’s public details, as printed or emailed to a family',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      organisation: t.exposeString('organisation'),
      description: t.exposeString('description'),
      contact: t.exposeStringList('contact'),
      openingTimes: t.exposeStringList('openingTimes'),
      howToRefer: t.exposeString('howToRefer'),
    }),
  });

// node(id) as mayUseShortlist: a link worker of the zone, its owner (a named list) or the child's
// link worker (a child's list). The lists and mutations check it themselves, so no type scope here.
nodeVisibility('Shortlist', (l: ShortlistRow & { childLinkWorkerId: number | null }, ctx) => {
  if (!hasRole(ctx, 'LINK_WORKER') || !sameZone(ctx, l.zoneId)) return false;
  return l.childId == null ? l.ownerId === ctx.viewer.id : l.childLinkWorkerId === ctx.viewer.id;
});

export const Shortlist = builder.node(builder.objectRef<ShortlistRow>('Shortlist'), {
  description: 'Services a link worker saved: for a child (private) or a named list to share with a family',
  id: { resolve: (l) => l.id },
  loadOne: async (id, ctx) => {
    const [row] = await ctx.db
      .select({ list: shortlists, childLinkWorkerId: children.linkWorkerId })
      .from(shortlists)
      .leftJoin(children, eq(children.id, shortlists.childId))
      .where(eq(shortlists.id, Number(id)));
    return row ? { ...row.list, childLinkWorkerId: row.childLinkWorkerId } : null;
  },
  fields: (t) => ({
    name: t.string({
      description: 'The list’s name; a child’s list is named by the child’s reference',
      resolve: async (l, _args, ctx) => {
        if (l.name != null) return l.name;
        const [c] = await ctx.db
          .select({ reference: children.reference })
          .from(children)
          .where(eq(children.id, l.childId!));
        return `For ${c?.reference ?? 'a child'}`;
      },
    }),
    sharedName: t.string({
      nullable: true,
      description:
        'A named list’s name as printed for a family: the zone’s children’s names and references as [name] and [reference] (name keeps what was typed). Null for a child’s list, which is not shared',
      resolve: (l, _args, ctx) => sharedListName(ctx.db, l),
    }),
    forChild: t.boolean({ resolve: (l) => l.childId != null }),
    childId: t.id({
      nullable: true,
      resolve: (l) => (l.childId == null ? null : encodeGlobalID('Child', l.childId)),
    }),
    services: t.field({
      type: [ShortlistService],
      description: 'Its published services, in the order they were added',
      resolve: async (l, _args, ctx) =>
        (await shortlistEntries(ctx.db, l.id)).map((e) => ({ ...e, id: decodeURIComponent(e.link.split('/').pop()!) })),
    }),
  }),
});

function linkWorker(ctx: Context) {
  if (!hasRole(ctx, 'LINK_WORKER')) throw new ForbiddenError('Only link workers keep shortlists');
  return ctx as Context & { viewer: NonNullable<Context['viewer']> };
}

builder.queryField('shortlists', (t) =>
  t.field({
    type: [Shortlist],
    description: 'Link workers: their named lists and their caseload children’s lists',
    authScopes: { role: ['LINK_WORKER'] },
    args: listArgs(t),
    resolve: (_root, args, ctx) => shortlistsFor(ctx.db, ctx.viewer!.id, listPage(args)),
  }),
);

builder.queryField('shortlist', (t) =>
  t.field({
    type: Shortlist,
    nullable: true,
    description: 'One list; null when it is not the viewer’s to see',
    authScopes: { role: ['LINK_WORKER'] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const parsed = parseGlobalId(String(args.id));
      if (parsed?.typename !== 'Shortlist') return null;
      const [list] = await ctx.db.select().from(shortlists).where(eq(shortlists.id, parsed.id));
      return list && (await mayUseShortlist(ctx.db, ctx, list)) ? list : null;
    },
  }),
);

const SaveInput = builder.inputType('SaveToShortlistInput', {
  fields: (t) => ({
    serviceId: t.id({ required: true }),
    shortlistId: t.id({ description: 'An existing list' }),
    childId: t.id({ description: 'Or the list of this child on your caseload' }),
    name: t.string({ description: 'Or a new named list to share with a family' }),
  }),
});

builder.mutationField('saveToShortlist', (t) =>
  t.field({
    type: Shortlist,
    description: 'Link workers: saves a published service to a shortlist (one of shortlistId, childId or name)',
    args: { input: t.arg({ type: SaveInput, required: true }) },
    errors: mutationResult('SaveToShortlist', 'shortlist'),
    resolve: async (_root, { input }, ctx) => {
      const lw = linkWorker(ctx);
      const serviceId = idOf(input.serviceId, 'Service', ['input', 'serviceId']);
      const given = [input.shortlistId, input.childId, input.name].filter((x) => x != null).length;
      if (given !== 1)
        throw ValidationError.field(['input', 'shortlistId'], 'Choose a list, a child, or name a new list');
      const name = input.name != null ? checkListName(input.name) : null;
      return inTransaction(ctx.db, async (tx) => {
        const service = await tx.query.services.findFirst({ where: { id: serviceId } });
        if (!service || service.zoneId !== lw.viewer.zoneId || service.status !== 'PUBLISHED')
          throw new NotFoundError('Service');
        const list =
          input.shortlistId != null
            ? await usableShortlist(tx, ctx, idOf(input.shortlistId, 'Shortlist', ['input', 'shortlistId']))
            : input.childId != null
              ? await childShortlist(tx, lw, idOf(input.childId, 'Child', ['input', 'childId']))
              : (
                  await tx
                    .insert(shortlists)
                    .values({ zoneId: lw.viewer.zoneId, ownerId: lw.viewer.id, name })
                    .returning()
                )[0]!;
        await tx.insert(shortlistItems).values({ shortlistId: list.id, serviceId }).onConflictDoNothing();
        await audit(tx, {
          zoneId: lw.viewer.zoneId,
          actorId: lw.viewer.id,
          action: 'SAVE_TO_SHORTLIST',
          entityType: 'Shortlist',
          entityId: list.id,
          detail: { serviceId },
        });
        return list;
      });
    },
  }),
);

const RemoveInput = builder.inputType('RemoveFromShortlistInput', {
  fields: (t) => ({ shortlistId: t.id({ required: true }), serviceId: t.id({ required: true }) }),
});

builder.mutationField('removeFromShortlist', (t) =>
  t.field({
    type: Shortlist,
    args: { input: t.arg({ type: RemoveInput, required: true }) },
    errors: mutationResult('RemoveFromShortlist', 'shortlist'),
    resolve: async (_root, { input }, ctx) => {
      const lw = linkWorker(ctx);
      const listId = idOf(input.shortlistId, 'Shortlist', ['input', 'shortlistId']);
      const serviceId = idOf(input.serviceId, 'Service', ['input', 'serviceId']);
      return inTransaction(ctx.db, async (tx) => {
        const list = await usableShortlist(tx, ctx, listId);
        await tx
          .delete(shortlistItems)
          .where(and(eq(shortlistItems.shortlistId, list.id), eq(shortlistItems.serviceId, serviceId)));
        await audit(tx, {
          zoneId: lw.viewer.zoneId,
          actorId: lw.viewer.id,
          action: 'REMOVE_FROM_SHORTLIST',
          entityType: 'Shortlist',
          entityId: list.id,
          detail: { serviceId },
        });
        return list;
      });
    },
  }),
);

const EmailInput = builder.inputType('EmailShortlistInput', {
  fields: (t) => ({ shortlistId: t.id({ required: true }), email: t.string({ required: true }) }),
});

builder.mutationField('emailShortlist', (t) =>
  t.field({
    type: Shortlist,
    description: 'Link workers: emails a named list’s services (public details only) to the address given',
    args: { input: t.arg({ type: EmailInput, required: true }) },
    errors: mutationResult('EmailShortlist', 'shortlist', [TooManyAttemptsError]),
    resolve: async (_root, { input }, ctx) => {
      linkWorker(ctx);
      const listId = idOf(input.shortlistId, 'Shortlist', ['input', 'shortlistId']);
      const email = checkEmailAddress(input.email);
      return inTransaction(ctx.db, async (tx) => {
        const list = await usableShortlist(tx, ctx, listId);
        await emailShortlist(tx, ctx, list, email);
        return list;
      });
    },
  }),
);

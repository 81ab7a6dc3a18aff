import { and, eq, inArray, isNull } from 'drizzle-orm';
import { notifications } from '../../drizzle/schema';
import { builder } from '../builder';
import { ForbiddenError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { Commission, canSeeCommission } from './commission';
import { pageSizeRule } from './pagination';
import { User } from './user';

const visible = nodeVisibility('Notification', (n: { userId: number }, ctx) => ctx.viewer?.id === n.userId);

builder.drizzleNode('notifications', {
  name: 'Notification',
  id: { column: (n) => n.id },
  select: { columns: { userId: true } },
  authScopes: (n, ctx) => visible(n, ctx),
  fields: (t) => ({
    kind: t.exposeString('kind'),
    message: t.exposeString('message'),
    // Null, not an error, when the viewer may no longer see it (a provider's commission paused when the
    // family withdrew consent): the message keeps the reference, and the rest of the list still loads.
    commission: t.field({
      type: Commission,
      nullable: true,
      select: (_args, _ctx, nestedSelection) => ({ with: { commission: nestedSelection() } }),
      resolve: (n, _args, ctx) => (n.commission && canSeeCommission(n.commission, ctx) ? n.commission : null),
    }),
    child: t.relation('child', {
      nullable: true,
      description: 'The child a notification is about (an outcome measure due or overdue), for their link worker',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    read: t.boolean({ select: { columns: { readAt: true } }, resolve: (n) => n.readAt != null }),
  }),
});

const own = (user: { id: number }, ctx: { viewer: { id: number } | null }) => ctx.viewer?.id === user.id;

builder.drizzleObjectFields(User, (t) => ({
  notifications: t.relatedConnection(
    'notifications',
    {
      nullable: true,
      maxSize: 100,
      validate: pageSizeRule as never,
      defaultSize: 20,
      authScopes: (user, _args, ctx) => own(user, ctx),
      query: () => ({ orderBy: { id: 'desc' } }),
    },
    {
      fields: (c) => ({
        // Counted here: Pothos 0.20's nested totalCount builds SQL Drizzle rc.5 cannot render.
        totalCount: c.int({
          resolve: async (conn, _args, ctx) =>
            await ctx.db.$count(notifications, eq(notifications.userId, (conn.parent as { id: number }).id)),
        }),
      }),
    },
  ),
  unreadNotificationCount: t.int({
    nullable: true,
    authScopes: (user, _args, ctx) => own(user, ctx),
    resolve: async (user, _args, ctx) =>
      await ctx.db.$count(notifications, and(eq(notifications.userId, user.id), isNull(notifications.readAt))),
  }),
}));

const MarkNotificationsReadInput = builder.inputType('MarkNotificationsReadInput', {
  fields: (t) => ({
    notificationIds: t.idList({ description: 'Omit to mark every notification read', validate: { maxLength: 200 } }),
  }),
});

const MarkedRead = builder.objectRef<{ count: number }>('MarkedRead').implement({
  fields: (t) => ({ count: t.exposeInt('count') }),
});

builder.mutationField('markNotificationsRead', (t) =>
  t.field({
    type: MarkedRead,
    args: { input: t.arg({ type: MarkNotificationsReadInput, required: true }) },
    errors: mutationResult('MarkNotificationsRead', 'marked'),
    resolve: async (_root, { input }, ctx) => {
      if (!ctx.viewer) throw new ForbiddenError('Sign in first');
      const ids = input.notificationIds?.map((id, i) =>
        idOf(id, 'Notification', ['input', 'notificationIds', String(i)]),
      );
      const rows = await ctx.db
        .update(notifications)
        .set({ readAt: new Date() })
        .where(
          and(
            eq(notifications.userId, ctx.viewer.id),
            isNull(notifications.readAt),
            ids ? inArray(notifications.id, ids) : undefined,
          ),
        )
        .returning({ id: notifications.id });
      return { count: rows.length };
    },
  }),
);

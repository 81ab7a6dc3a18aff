import { and, eq, sql } from 'drizzle-orm';
import { accountTokens, children, type users } from '../../drizzle/schema';
import { builder } from '../builder';
import { hasRole, sameZone } from '../domain/access';
import { nodeVisibility } from '../node-access';
import { caseloadSize } from './caseload-sizes';
import { Role } from './enums';
import { pageSizeRule } from './pagination';

type UserRow = { id: number; zoneId: number };
const visible = nodeVisibility('User', (user: UserRow, ctx) => sameZone(ctx, user.zoneId));
const isSelf = (user: UserRow, ctx: { viewer: { id: number } | null }) => ctx.viewer?.id === user.id;

/** Has a link to set a first password and has used no link at all: an account not taken up yet (one subquery in the same statement). */
const invitationPendingSql = (table: typeof users) =>
  sql<boolean>`(exists (select 1 from ${accountTokens} t where t."userId" = ${table.id}
      and t."purpose" in ('INVITATION', 'FIRST_SIGN_IN'))
    and not exists (select 1 from ${accountTokens} t where t."userId" = ${table.id} and t."usedAt" is not null))`;

export const User = builder.drizzleNode('users', {
  name: 'User',
  id: { column: (u) => u.id },
  select: { columns: { id: true, zoneId: true } },
  authScopes: (user, ctx) => visible(user, ctx),
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email', {
      nullable: true,
      // Colleagues see each other's names; addresses only the person and the zone's admin.
      authScopes: (user, _args, ctx) => isSelf(user, ctx) || hasRole(ctx, 'ADMIN'),
    }),
    role: t.expose('role', { type: Role }),
    active: t.exposeBoolean('active', { nullable: true, authScopes: { role: ['ADMIN'] } }),
    invitationPending: t.boolean({
      nullable: true,
      description:
        'Sent an invitation (or a first sign-in link) and not yet signed in with it: no password of their own yet. ADMIN only',
      authScopes: { role: ['ADMIN'] },
      // biome-ignore lint/complexity/noBannedTypes: keeps the extra out of the row type that resolvers return
      select: { extras: { invitationPending: invitationPendingSql } as {} },
      resolve: (user) => (user as { invitationPending?: boolean }).invitationPending === true,
    }),
    zone: t.relation('zone'),
    organisation: t.relation('organisation', { nullable: true }),
    caseloadSize: t.int({
      nullable: true,
      description:
        'A link worker’s children still on the programme (ACTIVE), as deactivating them counts them; null for other roles. ADMIN only',
      select: { columns: { role: true } },
      authScopes: { role: ['ADMIN'] },
      resolve: (user, _args, ctx) => (user.role === 'LINK_WORKER' ? caseloadSize(ctx, user) : null),
    }),
    caseload: t.relatedConnection(
      'caseload',
      {
        nullable: true,
        maxSize: 100,
        validate: pageSizeRule as never,
        defaultSize: 50,
        // Only the link worker themself reads their caseload (children's names are in it).
        authScopes: (user, _args, ctx) => isSelf(user, ctx) && hasRole(ctx, 'LINK_WORKER'),
        query: () => ({ orderBy: { reference: 'asc' } }),
      },
      {
        name: 'ChildConnection', // the published name (API-CONTRACT.md)
        fields: (c) => ({
          // Counted here: Pothos 0.20's nested totalCount builds SQL Drizzle rc.5 cannot render.
          totalCount: c.int({
            resolve: async (conn, _args, ctx) =>
              await ctx.db.$count(children, eq(children.linkWorkerId, (conn.parent as { id: number }).id)),
          }),
        }),
      },
      { name: 'ChildEdge' },
    ),
  }),
});

builder.queryField('viewer', (t) =>
  t.drizzleField({
    type: User,
    nullable: true,
    description: 'The signed-in user, or null when signed out',
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer ? ctx.db.query.users.findFirst(query({ where: { id: ctx.viewer.id } })) : null,
  }),
);

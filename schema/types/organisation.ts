import { and, eq } from 'drizzle-orm';
import { services } from '../../drizzle/schema';
import { builder } from '../builder';
import { nodeVisibility } from '../node-access';
import { OrganisationKind } from './enums';

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
        defaultSize: 50,
        description: 'Published listings; the organisation’s own staff also see drafts and archived ones',
        query: (_args, ctx) => ({
          // Drafts only when the viewer works for this organisation (the relation fixes which).
          where: {
            OR: [
              { status: 'PUBLISHED' as const },
              ...(ctx.viewer?.role === 'PROVIDER' && ctx.viewer.organisationId
                ? [{ organisationId: ctx.viewer.organisationId }]
                : []),
            ],
          },
          orderBy: { name: 'asc' },
        }),
      },
      {
        fields: (c) => ({
          // Counted here: Pothos 0.20's nested totalCount builds SQL Drizzle rc.5 cannot render.
          totalCount: c.int({
            resolve: (conn, _args, ctx) => {
              const orgId = (conn.parent as { id: number }).id;
              const own = ctx.viewer?.role === 'PROVIDER' && ctx.viewer.organisationId === orgId;
              return ctx.db.$count(
                services,
                and(eq(services.organisationId, orgId), own ? undefined : eq(services.status, 'PUBLISHED')),
              );
            },
          }),
        }),
      },
    ),
  }),
});

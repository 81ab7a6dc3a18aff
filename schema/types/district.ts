import { builder } from '../builder';
import { sameZone } from '../domain/access';
import { nodeVisibility } from '../node-access';
import { listArgs, listPage, relationPage } from './pagination';

// Districts name the areas listings serve, so they are public like the directory; signed-in
// staff see only their own zone's.
const visibleDistrict = nodeVisibility(
  'District',
  (d: { zoneId: number }, ctx) => !ctx.viewer || sameZone(ctx, d.zoneId),
);
const visibleSchool = nodeVisibility('School', (s: { zoneId: number }, ctx) => sameZone(ctx, s.zoneId));

export const District = builder.drizzleNode('districts', {
  name: 'District',
  id: { column: (d) => d.id },
  select: { columns: { zoneId: true } },
  authScopes: (d, ctx) => visibleDistrict(d, ctx),
  fields: (t) => ({
    name: t.exposeString('name'),
    schools: t.relation('schools', {
      description: 'The district’s schools, by name (a page: limit, offset)',
      args: listArgs(t),
      query: (args) => ({ orderBy: { name: 'asc', id: 'asc' }, ...relationPage(args) }),
    }),
  }),
});

export const School = builder.drizzleNode('schools', {
  name: 'School',
  id: { column: (s) => s.id },
  select: { columns: { zoneId: true } },
  authScopes: (s, ctx) => visibleSchool(s, ctx),
  fields: (t) => ({
    name: t.exposeString('name'),
    postcode: t.exposeString('postcode'),
    latitude: t.exposeFloat('latitude'),
    longitude: t.exposeFloat('longitude'),
    district: t.relation('district'),
  }),
});

builder.queryField('districts', (t) =>
  t.drizzleField({
    type: [District],
    authScopes: { signedIn: true },
    description: 'The viewer’s zone’s districts (localities), by name',
    resolve: (query, _root, _args, ctx) =>
      ctx.db.query.districts.findMany(query({ where: { zoneId: ctx.viewer!.zoneId }, orderBy: { name: 'asc' } })),
  }),
);

builder.queryField('schools', (t) =>
  t.drizzleField({
    type: [School],
    authScopes: { signedIn: true },
    description: 'The viewer’s zone’s schools, by name (a page: limit, offset)',
    args: listArgs(t),
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.schools.findMany(
        query({ where: { zoneId: ctx.viewer!.zoneId }, orderBy: { name: 'asc', id: 'asc' }, ...listPage(args) }),
      ),
  }),
);

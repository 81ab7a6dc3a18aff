import { builder } from '../builder';
import { nodeVisibility } from '../node-access';

// The national taxonomy is public.
nodeVisibility('Category', () => true);

export const Category = builder.drizzleNode('categories', {
  name: 'Category',
  id: { column: (c) => c.id },
  fields: (t) => ({
    slug: t.exposeString('slug'),
    uuid: t.exposeString('uuid', { description: 'The Open Referral taxonomy term id, the same in every portal' }),
    name: t.exposeString('name'),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', { query: { orderBy: { position: 'asc', name: 'asc', slug: 'asc' } } }),
  }),
});

builder.queryField('categories', (t) =>
  t.drizzleField({
    type: [Category],
    description: 'The whole two-level taxonomy, top level first, each level in display order',
    resolve: (query, _root, _args, ctx) =>
      ctx.db.query.categories.findMany(
        query({ orderBy: (c, { sql }) => sql`${c.parentId} nulls first, ${c.position}, ${c.name}, ${c.slug}` }),
      ),
  }),
);

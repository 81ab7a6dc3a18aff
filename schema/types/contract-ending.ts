import { sql } from 'drizzle-orm';
import type { contracts } from '../../drizzle/schema';
import { builder } from '../builder';
import { Contract, contractFilterSql } from './contract';
import { listArgs, listPage } from './pagination';

// Contracts ending soon, sorted by any of the table's columns on the server and read a page at a time:
// a national zone can have hundreds ending in the next six months.

const EndingSoonOrder = builder.enumType('ContractEndingOrder', {
  values: {
    END_DATE: { description: 'Soonest ending first' },
    REFERENCE: { description: 'By reference' },
    PROVIDER: { description: 'By the provider’s name' },
    UPTAKE: { description: 'By the share of places used (the share of value drawn is the same)' },
  },
});

/** The ORDER BY for each choice; the reference (unique in the zone) and id break ties, so pages never overlap. */
const ORDER: Record<string, (t: typeof contracts) => ReturnType<typeof sql>> = {
  END_DATE: (t) => sql`${t.endDate}`,
  REFERENCE: (t) => sql`${t.reference}`,
  PROVIDER: (t) => sql`(select o."name" from "organisations" o where o."id" = ${t.organisationId})`,
  UPTAKE: (t) => sql`(${t.placesUsed}::float8 / ${t.places})`,
};

builder.queryField('contractsEndingSoon', (t) =>
  t.drizzleField({
    type: [Contract],
    authScopes: { role: ['COMMISSIONER'] },
    description:
      'Commissioners: the zone’s signed contracts ending within this many months, sorted on the server (a page: limit, offset)',
    args: {
      months: t.arg.int({ required: true, validate: { min: 1, max: 24 } }),
      orderBy: t.arg({ type: EndingSoonOrder, description: 'Soonest ending first when not given' }),
      descending: t.arg.boolean({ description: 'Reverse the order (ties still by reference)' }),
      ...listArgs(t),
    },
    resolve: (query, _root, args, ctx) => {
      const key = ORDER[args.orderBy ?? 'END_DATE']!;
      const dir = args.descending ? sql`desc` : sql`asc`;
      return ctx.db.query.contracts.findMany(
        query({
          where: {
            RAW: (table) => contractFilterSql(table as typeof contracts, ctx, { endingWithinMonths: args.months }),
          },
          orderBy: (table) => sql`${key(table as typeof contracts)} ${dir}, ${table.reference} asc, ${table.id} asc`,
          ...listPage(args),
        }),
      );
    },
  }),
);

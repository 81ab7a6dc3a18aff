import { and, count, inArray } from 'drizzle-orm';
import { ledgerEntries } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { ownWordsOf } from '../domain/funding-pots';
import { turnBatcher } from '../turn-batch';
import { canSeeFundingPot, FundingPot } from './funding';
import { pageSizeRule } from './pagination';

// A pot's history: the ledger's FUND (a rise, or the pot being made) and DEFUND (a fall) entries
// of its total, newest first. Planned into the pot's own statement (the totalChanges relation);
// the counts of a page of pots are one grouped statement (turn-batch.ts).

const FundingPotChangeDirection = builder.enumType('FundingPotChangeDirection', {
  values: {
    RAISED: { description: 'The total went up (or the pot was made with it)' },
    LOWERED: { description: 'The total went down' },
  } as const,
});

const FundingPotTotalChange = builder.drizzleObject('ledgerEntries', {
  name: 'FundingPotTotalChange',
  description: 'One rise or fall of a funding pot’s total, as the ledger holds it',
  fields: (t) => ({
    direction: t.field({
      type: FundingPotChangeDirection,
      select: { columns: { kind: true } },
      resolve: (e) => (e.kind === 'DEFUND' ? 'LOWERED' : 'RAISED'),
    }),
    amountPence: t.expose('amountPence', {
      type: 'SafeInt',
      description: 'How much the total moved (always positive)',
    }),
    reason: t.string({ select: { columns: { reason: true } }, resolve: (e) => ownWordsOf(e.reason) }),
    at: t.expose('createdAt', { type: 'DateTime' }),
    changedBy: t.string({
      nullable: true,
      description: 'Who changed it (their name); null when the portal did',
      select: { with: { actor: { columns: { name: true } } } },
      resolve: (e) => e.actor?.name ?? null,
    }),
  }),
});

const countChanges = turnBatcher(async (ctx: Context, potIds: number[]) => {
  const rows = await ctx.db
    .select({ potId: ledgerEntries.fundingPotId, n: count() })
    .from(ledgerEntries)
    .where(and(inArray(ledgerEntries.fundingPotId, potIds), inArray(ledgerEntries.kind, ['FUND', 'DEFUND'])))
    .groupBy(ledgerEntries.fundingPotId);
  return new Map(rows.map((r) => [r.potId!, Number(r.n)]));
});

builder.drizzleObjectFields(FundingPot, (t) => ({
  totalChanges: t.relatedConnection(
    'totalChanges',
    {
      nullable: true,
      maxSize: 100,
      validate: pageSizeRule as never,
      defaultSize: 20,
      description: 'The total’s rises and falls, newest first (whoever may see the pot)',
      // Pothos types this parent as the page's row; it is the pot (its select holds zoneId, districtId).
      authScopes: (pot, _args, ctx) => canSeeFundingPot(pot as never, ctx),
      query: () => ({ orderBy: { id: 'desc' } }),
    },
    {
      fields: (c) => ({
        // Counted here: Pothos 0.20's nested totalCount builds SQL Drizzle rc.5 cannot render.
        totalCount: c.int({
          resolve: async (conn, _args, ctx) => (await countChanges(ctx, (conn.parent as { id: number }).id, null)) ?? 0,
        }),
      }),
    },
  ),
}));

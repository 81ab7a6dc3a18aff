import { and, eq } from 'drizzle-orm';
import { emailPreferences } from '../../drizzle/schema';
import { CHOOSABLE_KINDS } from './email';
import { ValidationError } from './errors';
import type { Tx } from './transaction';

export type Delivery = 'IMMEDIATE' | 'DAILY_DIGEST' | 'OFF';

/** A person's choice for every kind they can choose, IMMEDIATE where they have not chosen. */
export async function preferencesOf(db: Pick<Tx, 'select'>, userId: number) {
  const rows = await db.select().from(emailPreferences).where(eq(emailPreferences.userId, userId));
  const chosen = new Map(rows.map((r) => [r.kind, r.delivery]));
  return CHOOSABLE_KINDS.map((k) => ({ ...k, delivery: (chosen.get(k.kind) ?? 'IMMEDIATE') as Delivery }));
}

/** Sets some of a person's choices; an unknown kind is refused and nothing changes. */
export async function setPreferences(tx: Tx, userId: number, choices: { kind: string; delivery: Delivery }[]) {
  const known = new Set(CHOOSABLE_KINDS.map((k) => k.kind));
  for (const [i, c] of choices.entries())
    if (!known.has(c.kind))
      throw ValidationError.field(['input', 'preferences', String(i), 'kind'], 'There is no such kind of email');
  for (const c of choices) {
    await tx
      .delete(emailPreferences)
      .where(and(eq(emailPreferences.userId, userId), eq(emailPreferences.kind, c.kind)));
    if (c.delivery !== 'IMMEDIATE')
      await tx.insert(emailPreferences).values({ userId, kind: c.kind, delivery: c.delivery });
  }
}

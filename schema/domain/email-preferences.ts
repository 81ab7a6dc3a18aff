import { and, eq } from 'drizzle-orm';
import { emailPreferences } from '../../drizzle/schema';
import { CHOOSABLE_KINDS } from './email';
import { ValidationError } from './errors';
import type { Tx } from './transaction';

export type Delivery = 'IMMEDIATE' | 'DAILY_DIGEST' | 'OFF';

/**
 * A person's choice for every kind they can choose, IMMEDIATE where they have not chosen (OFF for a
 * kind their role must opt into). With a role, only the kinds offered to that role.
 */
export async function preferencesOf(db: Pick<Tx, 'select'>, userId: number, role?: string) {
  const rows = await db.select().from(emailPreferences).where(eq(emailPreferences.userId, userId));
  const chosen = new Map(rows.map((r) => [r.kind, r.delivery]));
  return offeredTo(role).map(({ kind, label, optInRoles }) => ({
    kind,
    label,
    delivery: (chosen.get(kind) ?? (role && optInRoles.includes(role) ? 'OFF' : 'IMMEDIATE')) as Delivery,
  }));
}

/** The kinds a role is sent, so can choose about (every kind without a role). */
const offeredTo = (role?: string) => CHOOSABLE_KINDS.filter((k) => !role || !k.roles || k.roles.includes(role));

/**
 * Sets some of a person's choices; a kind that does not exist, that their role is never sent, or
 * that is chosen twice, is refused and nothing changes.
 */
export async function setPreferences(
  tx: Tx,
  userId: number,
  role: string,
  choices: { kind: string; delivery: Delivery }[],
) {
  const offered = new Set(offeredTo(role).map((k) => k.kind));
  const seen = new Set<string>();
  for (const [i, c] of choices.entries()) {
    // Two choices for one kind: which one was meant is the person's to say, not ours to guess.
    if (seen.has(c.kind))
      throw ValidationError.field(['input', 'preferences', String(i), 'kind'], 'Each kind of email can be set once');
    seen.add(c.kind);
    if (!offered.has(c.kind))
      throw ValidationError.field(
        ['input', 'preferences', String(i), 'kind'],
        CHOOSABLE_KINDS.some((k) => k.kind === c.kind)
          ? 'This kind of email is not sent to your role'
          : 'There is no such kind of email',
      );
  }
  for (const c of choices) {
    await tx
      .delete(emailPreferences)
      .where(and(eq(emailPreferences.userId, userId), eq(emailPreferences.kind, c.kind)));
    // An opt-in kind keeps its IMMEDIATE row: that row is the choice to get it.
    const optIn = CHOOSABLE_KINDS.find((k) => k.kind === c.kind)!.optInRoles.length > 0;
    if (c.delivery !== 'IMMEDIATE' || optIn)
      await tx.insert(emailPreferences).values({ userId, kind: c.kind, delivery: c.delivery });
  }
}

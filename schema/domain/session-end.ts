import { and, eq, isNull, ne } from 'drizzle-orm';
import { sessions } from '../../drizzle/schema';
import type { Tx } from './transaction';

/**
 * Ends a user's sessions in the caller's transaction (all of them, or all but the one making the
 * request) and says how many. Sign-out everywhere, password changes and resets, and deactivation
 * all end sessions this way; the caller then calls forgetSessions for this process's cache.
 */
export async function endSessions(tx: Tx, userId: number, keepSessionId?: number): Promise<number> {
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        keepSessionId == null ? undefined : ne(sessions.id, keepSessionId),
      ),
    )
    .returning({ id: sessions.id });
  return ended.length;
}

import { and, eq, type SQL } from 'drizzle-orm';
import { users } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { voidAccountTokens } from './account-tokens';
import { audit } from './audit';
import { endSessions } from './session-end';
import type { Tx } from './transaction';

/**
 * Deactivates or reactivates a user of the actor's zone (and matching `scope`, if given), audited.
 * Callers check first who may do it (an administrator: anyone in the zone; a provider: a colleague
 * of their organisation). Deactivation ends every session: reactivating someone must not bring back
 * a token left on a shared device before they left (they sign in again, as after a password change),
 * nor an invitation or reset link sent before (an admin invites them again).
 * Returns the user, or null when no user matched (nothing is written then); the caller then calls
 * forgetSessions for this process's cache.
 */
export async function setActive(tx: Tx, actor: Viewer, userId: number, active: boolean, scope?: SQL) {
  const [user] = await tx
    .update(users)
    .set({ active })
    .where(and(eq(users.id, userId), eq(users.zoneId, actor.zoneId), scope))
    .returning();
  if (!user) return null;
  const ended = active ? 0 : await endSessions(tx, userId);
  // Links sent before (an invitation to a wrong address, a reset) stay void if they come back.
  if (!active) await voidAccountTokens(tx, userId);
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: active ? 'ACTIVATE_USER' : 'DEACTIVATE_USER',
    entityType: 'User',
    entityId: userId,
    ...(active ? {} : { detail: { sessionsEnded: ended } }),
  });
  return user;
}

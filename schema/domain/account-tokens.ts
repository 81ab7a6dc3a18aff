import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { accountTokens, users } from '../../drizzle/schema';
import { audit } from './audit';
import { hashPassword, hashToken } from './auth';
import { ValidationError } from './errors';
import { forgetSessions } from './session-cache';
import { endSessions } from './session-end';
import type { Tx } from './transaction';

export type AccountTokenPurpose = 'FIRST_SIGN_IN' | 'INVITATION' | 'PASSWORD_RESET';

export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  FIRST_SIGN_IN: 72 * 60 * 60 * 1000,
  INVITATION: 72 * 60 * 60 * 1000,
  PASSWORD_RESET: 60 * 60 * 1000,
};

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** Why a password is refused, or null when it will do. */
export function weakPasswordReason(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (new Set(password).size < 4) return 'The password is too easy to guess: use more different characters';
  return null;
}

/** A new single-use token for userId; only its hash is stored. Returns the token to send. */
export async function issueAccountToken(tx: Tx, userId: number, purpose: AccountTokenPurpose): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.insert(accountTokens).values({
    userId,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[purpose]),
  });
  return token;
}

/**
 * Whether a single-use link would set a password now (unused, unexpired, its person active),
 * without spending it and without saying whose it is or why it is dead: the same conditions
 * setPasswordWithToken checks, read only.
 */
export async function accountTokenUsable(db: Db | Tx, token: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: accountTokens.userId })
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .where(
      and(
        eq(accountTokens.tokenHash, hashToken(token)),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, sql`now()`),
        eq(users.active, true),
      ),
    )
    .limit(1);
  return !!row;
}

/**
 * Every link still out for this user (invitation, password reset) is void: once a password is set
 * (by a link or by changing it) or the account is deactivated, an older link must not take it over.
 * Voided links expire rather than count as used: "used" stays "a link set this password", so an
 * invited person deactivated before signing in is still invited when reactivated.
 */
export async function voidAccountTokens(tx: Tx, userId: number): Promise<void> {
  await tx
    .update(accountTokens)
    .set({ expiresAt: sql`least(${accountTokens.expiresAt}, now())` })
    .where(
      and(eq(accountTokens.userId, userId), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, sql`now()`)),
    );
}

/**
 * Uses a token once to set its user's password: the token is spent, every session of the user
 * ends, and it is audited, in the caller's transaction. A wrong, spent or expired token, or an
 * inactive user, gets the same answer.
 */
export async function setPasswordWithToken(tx: Tx, token: string, newPassword: string): Promise<{ userId: number }> {
  const weak = weakPasswordReason(newPassword);
  if (weak) throw ValidationError.field(['input', 'newPassword'], weak);
  const [spent] = await tx
    .update(accountTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(accountTokens.tokenHash, hashToken(token)),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: accountTokens.userId, purpose: accountTokens.purpose });
  const [user] = spent
    ? await tx
        .select({ id: users.id, zoneId: users.zoneId })
        .from(users)
        .where(and(eq(users.id, spent.userId), eq(users.active, true)))
    : [];
  if (!spent || !user)
    throw ValidationError.field(
      ['input', 'token'],
      'This link has expired or has already been used: ask for a new one',
    );
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword) })
    .where(eq(users.id, user.id));
  // The password is chosen: any other link still out (a second invitation, an earlier reset) is void.
  await voidAccountTokens(tx, user.id);
  await endSessions(tx, user.id);
  forgetSessions({ userId: user.id }); // this process; others within SESSION_CACHE_SECONDS
  await audit(tx, {
    zoneId: user.zoneId,
    actorId: user.id,
    action: 'SET_PASSWORD_WITH_LINK',
    entityType: 'User',
    entityId: user.id,
    detail: { purpose: spent.purpose },
  });
  return { userId: user.id };
}

/** An invitation asked for again within this many minutes is the same click: no second email. */
export const INVITE_QUIET_MINUTES = 5;

/**
 * What inviting someone again should do: 'JUST_SENT' when a working link went minutes ago (a double
 * click, parallel submits: send nothing), 'SEND' otherwise (an older link may be lost, or every link
 * expired: send a fresh one), null for an account whose password was ever set (by a link or otherwise).
 */
export async function invitationState(tx: Tx, userId: number): Promise<'JUST_SENT' | 'SEND' | null> {
  const invitation = sql`${accountTokens.purpose} = 'INVITATION'`;
  const [row] = await tx
    .select({
      invitations: sql<number>`count(*) filter (where ${invitation})`.mapWith(Number),
      used: sql<number>`count(*) filter (where ${accountTokens.usedAt} is not null)`.mapWith(Number),
      live: sql<number>`count(*) filter (where ${invitation} and ${accountTokens.expiresAt} > now())`.mapWith(Number),
      recent: sql<number>`count(*) filter (where ${invitation}
        and ${accountTokens.createdAt} > now() - make_interval(mins => ${INVITE_QUIET_MINUTES}))`.mapWith(Number),
    })
    .from(accountTokens)
    .where(eq(accountTokens.userId, userId));
  if (!row || row.invitations === 0 || row.used > 0) return null;
  return row.live > 0 && row.recent > 0 ? 'JUST_SENT' : 'SEND';
}

import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { sessions, signInAttempts, users, zones } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { voidAccountTokens, weakPasswordReason } from './account-tokens';
import { audit } from './audit';
import { InvalidCredentialsError, TooManyAttemptsError, ValidationError } from './errors';
import { cachedSession, forgetSessions, rememberSession } from './session-cache';
import { endSessions } from './session-end';
import { claimAttempt, settleAttempt } from './throttle';
import { inTransaction } from './transaction';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON2 = { algorithm: 2 as const, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };
/** Idle and absolute session expiry; the server sets them from SESSION_IDLE_MINUTES and SESSION_MAX_HOURS. */
export const SESSION_LIMITS = { idleMs: 2 * 60 * 60 * 1000, absoluteMs: 12 * 60 * 60 * 1000 };
export function setSessionLimits(limits: { idleMinutes: number; maxHours: number }): void {
  SESSION_LIMITS.idleMs = limits.idleMinutes * 60 * 1000;
  SESSION_LIMITS.absoluteMs = limits.maxHours * 60 * 60 * 1000;
}

export const hashPassword = (password: string) => hash(password, ARGON2);

// Verified against when the email is unknown, so both paths cost the same time.
let dummyHash: Promise<string> | undefined;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type SignedIn = { token: string; expiresAt: Date; viewer: Viewer };

/** Writes one account event to the zone's audit trail (never a password), in its own transaction. */
async function auditAccount(
  db: Db,
  user: { id: number; zoneId: number },
  action: string,
  actorId: number | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await inTransaction(db, (tx) =>
    audit(tx, { zoneId: user.zoneId, actorId, action, entityType: 'User', entityId: user.id, detail }),
  );
}

const findUser = (db: Db, email: string) => db.query.users.findFirst({ where: { email } });

/**
 * Checks a password against the throttle (counted before it is verified, see throttle.ts).
 * Failures and throttling of a known account are audited; unknown addresses are only counted.
 */
async function verifyPassword(db: Db, email: string, password: string, address: string, what: string) {
  try {
    await claimAttempt(db, email, address);
  } catch (error) {
    const known = error instanceof TooManyAttemptsError ? await findUser(db, email) : undefined;
    if (known) await auditAccount(db, known, `${what}_THROTTLED`, null, { address });
    throw error;
  }
  const user = await findUser(db, email);
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  const succeeded = ok && !!user?.active;
  await db.insert(signInAttempts).values({ email, address, succeeded });
  if (!succeeded && user) await auditAccount(db, user, `${what}_FAILED`, null, { address });
  if (succeeded) await settleAttempt(db, email, address);
  return succeeded ? user! : null;
}

async function newSession(db: Db, userId: number): Promise<{ token: string; expiresAt: Date; sessionId: number }> {
  // A fresh random token every time: a session id planted before sign-in is never adopted.
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_LIMITS.absoluteMs);
  const [session] = await db
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId, expiresAt })
    .returning({ id: sessions.id });
  return { token, expiresAt, sessionId: session!.id };
}

/** Signs in with a new session; the session the request came with (if any) ends (no fixation). */
export async function signIn(
  db: Db,
  emailInput: string,
  password: string,
  address: string,
  previousSessionId?: number,
): Promise<SignedIn> {
  const email = emailInput.trim().toLowerCase();
  const user = await verifyPassword(db, email, password, address, 'SIGN_IN');
  if (!user) throw new InvalidCredentialsError();
  if (previousSessionId !== undefined) await signOut(db, previousSessionId);

  const { token, expiresAt, sessionId } = await newSession(db, user.id);
  await auditAccount(db, user, 'SIGN_IN', user.id, { address });
  const [zone] = await db.select({ period: zones.currentPeriod }).from(zones).where(eq(zones.id, user.zoneId));
  const viewer: Viewer = {
    id: user.id,
    zoneId: user.zoneId,
    role: user.role,
    organisationId: user.organisationId,
    districtId: user.districtId,
    schoolId: user.schoolId,
    sessionId,
    period: zone!.period,
  };
  return { token, expiresAt, viewer };
}

/** The viewer for a bearer token or cookie value, or null when it is unknown, expired or idle. */
export async function viewerForToken(db: Db, token: string): Promise<Viewer | null> {
  const now = new Date();
  const tokenHash = hashToken(token);
  const cached = cachedSession(tokenHash, now.getTime());
  if (cached && cached.lastSeenAt > now.getTime() - SESSION_LIMITS.idleMs) {
    if (now.getTime() - cached.lastSeenAt > 60_000) {
      await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, cached.viewer.sessionId));
      cached.lastSeenAt = now.getTime();
    }
    return cached.viewer;
  }
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      id: users.id,
      zoneId: users.zoneId,
      role: users.role,
      organisationId: users.organisationId,
      districtId: users.districtId,
      schoolId: users.schoolId,
      period: zones.currentPeriod,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(zones, eq(zones.id, users.zoneId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_LIMITS.idleMs)),
        eq(users.active, true),
      ),
    );
  if (!row) return null;
  // Touch at most once a minute: idle expiry needs no write per request.
  let lastSeenAt = row.lastSeenAt.getTime();
  if (now.getTime() - lastSeenAt > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
    lastSeenAt = now.getTime();
  }
  const { lastSeenAt: _, expiresAt, ...viewer } = row;
  rememberSession(tokenHash, { viewer, expiresAt: expiresAt.getTime(), lastSeenAt, cachedAt: now.getTime() });
  return viewer;
}

export async function signOut(db: Db, sessionId: number): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
  forgetSessions({ sessionId });
}

/** Ends every session of the viewer's account, this one included ("sign out of all devices"). */
export async function signOutEverywhere(db: Db, viewer: Viewer, address: string): Promise<{ ended: number }> {
  const result = await inTransaction(db, async (tx) => {
    const ended = await endSessions(tx, viewer.id);
    await audit(tx, {
      zoneId: viewer.zoneId,
      actorId: viewer.id,
      action: 'SIGN_OUT_EVERYWHERE',
      entityType: 'User',
      entityId: viewer.id,
      detail: { address, sessionsEnded: ended },
    });
    return { ended };
  });
  forgetSessions({ userId: viewer.id });
  return result;
}

/**
 * Changes the viewer's password after checking the current one (throttled like sign-in); every
 * other session of the account ends, this one stays.
 */
export async function changePassword(
  db: Db,
  viewer: Viewer,
  input: { currentPassword: string; newPassword: string },
  address: string,
): Promise<void> {
  const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, viewer.id));
  const weak = weakPasswordReason(input.newPassword);
  if (weak) throw ValidationError.field(['input', 'newPassword'], weak);
  if (input.newPassword === input.currentPassword)
    throw ValidationError.field(['input', 'newPassword'], 'Choose a password different from your current one');
  const user = await verifyPassword(db, me!.email, input.currentPassword, address, 'CHANGE_PASSWORD');
  if (!user || user.id !== viewer.id)
    throw ValidationError.field(['input', 'currentPassword'], 'Your current password is not right');
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(db, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, viewer.id));
    // A reset link sent before (to a mailbox someone else may read) must not undo this change.
    await voidAccountTokens(tx, viewer.id);
    const ended = await endSessions(tx, viewer.id, viewer.sessionId);
    await audit(tx, {
      zoneId: viewer.zoneId,
      actorId: viewer.id,
      action: 'CHANGE_PASSWORD',
      entityType: 'User',
      entityId: viewer.id,
      detail: { address, otherSessionsEnded: ended },
    });
  });
  forgetSessions({ userId: viewer.id });
}

import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { sessions, signInAttempts, users, zones } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { InvalidCredentialsError } from './errors';
import { claimAttempt, settleAttempt } from './throttle';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON2 = { algorithm: 2 as const, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

export const hashPassword = (password: string) => hash(password, ARGON2);

// Verified against when the email is unknown, so both paths cost the same time.
let dummyHash: Promise<string> | undefined;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type SignedIn = { token: string; expiresAt: Date; viewer: Viewer };

export async function signIn(db: Db, emailInput: string, password: string, address: string): Promise<SignedIn> {
  const email = emailInput.trim().toLowerCase();
  // Counted before the password is checked, atomically: see throttle.ts.
  await claimAttempt(db, email, address);

  const user = await db.query.users.findFirst({ where: { email } });
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  const succeeded = ok && !!user?.active;
  await db.insert(signInAttempts).values({ email, address, succeeded });
  if (!succeeded || !user) throw new InvalidCredentialsError();
  await settleAttempt(db, email, address);

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_MS);
  const [session] = await db
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId: user.id, expiresAt })
    .returning({ id: sessions.id });
  const [zone] = await db.select({ period: zones.currentPeriod }).from(zones).where(eq(zones.id, user.zoneId));
  const viewer: Viewer = {
    id: user.id,
    zoneId: user.zoneId,
    role: user.role,
    organisationId: user.organisationId,
    sessionId: session!.id,
    period: zone!.period,
  };
  return { token, expiresAt, viewer };
}

/** The viewer for a bearer token or cookie value, or null when it is unknown, expired or idle. */
export async function viewerForToken(db: Db, token: string): Promise<Viewer | null> {
  const now = new Date();
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      id: users.id,
      zoneId: users.zoneId,
      role: users.role,
      organisationId: users.organisationId,
      period: zones.currentPeriod,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(zones, eq(zones.id, users.zoneId))
    .where(
      and(
        eq(sessions.tokenHash, hashToken(token)),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
        eq(users.active, true),
      ),
    );
  if (!row) return null;
  // Touch at most once a minute: idle expiry needs no write per request.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  const { lastSeenAt: _, ...viewer } = row;
  return viewer;
}

export async function signOut(db: Db, sessionId: number): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
}

import type { Viewer } from '../context';

// The session lookup, cached in this process for a few seconds (SESSION_CACHE_SECONDS) so a busy
// signed-in user's requests do not each spend a round trip on it. Keyed by the token's hash; this
// process forgets an entry at once when it signs the session out, ends the user's sessions
// (password change or reset, sign out everywhere) or deactivates the user. Another process learns
// of those only when its entry expires: the cross-process staleness window is the TTL (README,
// "Towards national scale"). Expiry (absolute and idle) is still checked on every request.

export type CachedSession = { viewer: Viewer; expiresAt: number; lastSeenAt: number; cachedAt: number };

const entries = new Map<string, CachedSession>();
const MAX_ENTRIES = 10_000;
let ttlMs = 0;

/** 0 turns the cache off (the default: tests count each request's statements exactly). */
export function setSessionCacheSeconds(seconds: number): void {
  ttlMs = seconds * 1000;
  entries.clear();
}

export function cachedSession(tokenHash: string, now: number): CachedSession | undefined {
  if (ttlMs === 0) return undefined;
  const entry = entries.get(tokenHash);
  if (!entry) return undefined;
  if (now - entry.cachedAt >= ttlMs || now < entry.cachedAt || now >= entry.expiresAt) {
    entries.delete(tokenHash);
    return undefined;
  }
  return entry;
}

export function rememberSession(tokenHash: string, entry: CachedSession): void {
  if (ttlMs === 0) return;
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(tokenHash, entry);
}

/** Forgets one session, every session of one user, or every session of one zone, in this process. */
export function forgetSessions(match: { sessionId: number } | { userId: number } | { zoneId: number }): void {
  for (const [key, entry] of entries) {
    const { viewer } = entry;
    if (
      'sessionId' in match
        ? viewer.sessionId === match.sessionId
        : 'userId' in match
          ? viewer.id === match.userId
          : viewer.zoneId === match.zoneId
    )
      entries.delete(key);
  }
}

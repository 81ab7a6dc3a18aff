import type { Db } from '../drizzle/client';

export type Role = 'LINK_WORKER' | 'PROVIDER' | 'COMMISSIONER' | 'ADMIN' | 'DISTRICT_LEAD' | 'SCHOOL_LEAD';

/** The signed-in person, as the session says. */
export type Viewer = {
  id: number;
  zoneId: number;
  role: Role;
  organisationId: number | null;
  /** A DISTRICT_LEAD's district, a SCHOOL_LEAD's school (their scope); absent for other roles. */
  districtId?: number | null;
  schoolId?: number | null;
  sessionId: number;
  /** The zone's budget period in force, e.g. "2026-27". */
  period: string;
};

/** What a request may do to its session cookie; the server implements it. */
export type SessionCookie = {
  set(token: string, expiresAt: Date): void;
  clear(): void;
};

/** Built fresh per request by server/context.ts (scope-auth caches on it). */
export type Context = {
  db: Db;
  /** Set when db is a read replica (server/read-routing.ts): the primary, for writes such as the search log. */
  primaryDb?: Db;
  viewer: Viewer | null;
  clientAddress: string;
  /** The time rules compare against (e.g. staleness); tests fix it, the server reads the clock. */
  now: () => Date;
  cookie: SessionCookie;
  /**
   * Work to do once the response is sent (outside the request's SQL statement count), such as the
   * search log; the server runs it after the response, anything else runs it at once (not awaited).
   */
  afterResponse?: (task: () => Promise<void>) => void;
  /** The database's key that seals page cursors (schema/page-cursors.ts); a process's own when absent. */
  cursorKey?: string;
};

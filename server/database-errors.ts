// A database that is missing, down or refuses the login is the operator's to fix, not a bug: it is
// told in one line naming where (never the password in DATABASE_URL), not as a driver's stack trace.

/** Network failures (Node's and postgres.js's codes) and PostgreSQL's refusals of a connection. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);
// 08: connection exception; 28: invalid authorisation; 3D000: no such database; 53300: too many
// connections; 57P01-57P03: the server is shutting down or starting.
const REFUSED = /^(08...|28...|3D000|53300|57P0[123])$/;

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running there?)',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  CONNECT_TIMEOUT: 'the connection timed out',
};

/** Where DATABASE_URL leads, as host:port/database, without its user name or password. */
export function databasePlace(url: string): string {
  try {
    const u = new URL(url);
    // postgres:///portal?host=/run/postgresql names a socket folder rather than a host.
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    return `${host}:${u.port || '5432'}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'DATABASE_URL';
  }
}

const lostOrRefused = (code: string) => NETWORK.has(code) || REFUSED.test(code);

/** True when the error, or one of its causes, is a lost or refused connection. */
export function isConnectionFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (lostOrRefused(String((e as { code?: unknown }).code ?? ''))) return true;
  return false;
}

// On a standby, 40001 (and 40P01 for a buffer-pin deadlock) is a statement cancelled for a conflict
// with recovery: the replica replaying a change (a vacuum, a dropped lock) that the read stood in
// the way of. Nothing is wrong with the read, and it wrote nothing: the primary can answer it.
const RECOVERY_CONFLICT = new Set(['40001', '40P01']);

/**
 * Why a read on the read replica could not finish, when the primary should answer it instead:
 * `lost` (the connection went) or `cancelled` (a conflict with recovery); null for anything else.
 * Only for reads sent to the replica: on the primary, 40001 is a write's serialization failure.
 */
export function replicaReadFailure(error: unknown): 'lost' | 'cancelled' | null {
  if (isConnectionFailure(error)) return 'lost';
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (RECOVERY_CONFLICT.has(String((e as { code?: unknown }).code ?? ''))) return 'cancelled';
  return null;
}

/** The line a reader's log gets when the primary answered a read the replica could not finish. */
export const ANSWERED_FROM_PRIMARY = {
  lost: 'a read lost the read replica: answered from the primary',
  cancelled: 'the read replica cancelled a read (a conflict with recovery): answered from the primary',
} as const;

/** The one line for an error that is the database's to blame, or null for anything else. */
export function databaseProblem(error: unknown, url: string): string | null {
  // Drizzle wraps the driver's error (with the SQL) in its own: the cause says what happened.
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (lostOrRefused(code))
      return `Cannot reach the database at ${databasePlace(url)}: ${REASONS[code] ?? e.message.split('\n')[0]}`;
  }
  return null;
}

/**
 * From now on, a database failure that reaches the top of a command (it went away mid-run) ends it
 * with that one line and exit 1. Anything else is still shown in full, as it may be a bug.
 */
let watching = false;
export function exitOnDatabaseFailure(url: string): void {
  if (watching) return;
  watching = true;
  process.on('uncaughtException', (error) => {
    const problem = databaseProblem(error, url);
    console.error(problem ?? error);
    process.exit(1);
  });
}

import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { compileTrust } from './proxy-trust';

const onOff = z.enum(['on', 'off']);

/**
 * A whole number written in decimal digits, from min to max (z.coerce.number read an empty value
 * as 0, so PORT= listened on a random port, and took 0x10 for 16).
 */
const whole = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, `must be a whole number in decimal digits, from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback);

/**
 * DATA_DIR, or the folder it links to, as operators link a data folder to a mounted disk: PGlite
 * cannot open a linked folder (an uncaught ErrnoError 44), and the lock belongs beside the real
 * folder, so that both names share one lock. Anything else (a folder, a name not made yet, a
 * dangling link, refused later with one line) stays as given.
 */
function realFolder(dataDir: string): string {
  try {
    return lstatSync(dataDir).isSymbolicLink() ? realpathSync(dataDir) : dataDir;
  } catch {
    return dataDir;
  }
}

// Links are built as new URL('/reset-password?…', PUBLIC_URL): only scheme, host and port count,
// so a path would be dropped, and z.url() let through localhost:4000 and javascript: addresses.
function isHttpOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      /^https?:\/\//i.test(value) &&
      url.hostname !== '' &&
      url.username === '' &&
      url.password === '' &&
      url.pathname === '/' &&
      url.search === '' &&
      url.hash === ''
    );
  } catch {
    return false;
  }
}

/**
 * Why postgres.js could not read this address, if it could not: it decodes the user name, password
 * and host with decodeURIComponent, so a bare % (a password such as Sec%ZZpw) threw URIError with a
 * stack at the first query. Never says the password.
 */
function postgresUrlProblem(value: string): string | null {
  const authority = value.slice(value.indexOf('://') + 3).split(/[?/]/)[0] ?? '';
  const at = authority.lastIndexOf('@');
  const decodes = (part: string) => {
    try {
      decodeURIComponent(part);
      return true;
    } catch {
      return false;
    }
  };
  if (!decodes(authority.slice(at + 1))) return 'has a % in its host that is not an escape such as %2F';
  // postgres.js would try such hosts in turn for ever when none answers, with no error to report.
  if (authority.slice(at + 1).includes(','))
    return 'names several hosts: give one, such as a proxy or PgBouncer in front of them, or the primary';
  if (at >= 0 && !decodes(authority.slice(0, at)))
    return 'has a % in its user name or password that is not an escape: write a % in the password as %25';
  try {
    new URL(value);
  } catch {
    return 'is not an address postgres:// can read (percent-encode special characters in the password, such as @ as %40)';
  }
  return null;
}

/** A postgres:// address setting: the scheme first, then that the driver can read it. */
const postgresUrl = (name: string) =>
  z
    .string()
    .regex(/^postgres(ql)?:\/\//, `${name} must start with postgres:// or postgresql://`)
    .superRefine((value, ctx) => {
      // A wrong scheme is said once, by the regex.
      const problem = /^postgres(ql)?:\/\//.test(value) ? postgresUrlProblem(value) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: `${name} ${problem}` });
    })
    .optional();

// PGlite's page cache, from 1MB to 1GB: PGlite cannot start with 2GB or more, nor below 1MB.
const SIZE_UNITS = { kB: 1 / 1024, MB: 1, GB: 1024 } as const;
const sharedBuffersMb = (size: string) => {
  const [, digits, unit] = /^(\d+)(kB|MB|GB)$/.exec(size) ?? [];
  return Number(digits) * SIZE_UNITS[unit as keyof typeof SIZE_UNITS];
};

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: whole(0, 65535, 4000),
  /** Address to listen on; unset means every interface. */
  HOST: z.string().min(1).optional(),
  DATA_DIR: z
    .string()
    .min(1)
    .default(path.resolve(import.meta.dirname, '..', '.data'))
    .transform(realFolder),
  DATABASE_URL: postgresUrl('DATABASE_URL'),
  /**
   * A streaming replica of DATABASE_URL: directory search, the ORUK feed and reports read there
   * (server/read-routing.ts); writes, sessions and reads inside a write always use DATABASE_URL.
   */
  DATABASE_READ_URL: postgresUrl('DATABASE_READ_URL'),
  /** `on` when DATABASE_URL (and DATABASE_READ_URL) lead to PgBouncer in transaction mode: no prepared statements. */
  DATABASE_PGBOUNCER: onOff.default('off'),
  DATABASE_POOL_SIZE: whole(1, 500, 10),
  /** PGlite's page cache (PostgreSQL's shared_buffers, inside the process): 16MB fits the demo, larger for big data. */
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^\d{1,9}(kB|MB|GB)$/, 'PGLITE_SHARED_BUFFERS must be a size such as 16MB')
    .refine((size) => {
      const mb = sharedBuffersMb(size);
      return mb >= 1 && mb <= 1024;
    }, 'PGLITE_SHARED_BUFFERS must be from 1MB to 1GB')
    .default('16MB'),
  SEED: z.enum(['demo', 'none']).optional(),
  /** The address people reach the portal at: every emailed link (invitations, password resets) and zone:create's. */
  PUBLIC_URL: z
    .string()
    .refine(
      isHttpOrigin,
      'PUBLIC_URL must be the address people reach the portal at, such as https://portal.example.gov.uk (http or https, no path)',
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long SIGTERM waits for requests in flight before closing their connections. */
  SHUTDOWN_GRACE_MS: whole(0, 600_000, 10_000),
  /**
   * After SIGTERM, how long the server keeps accepting and answering (readiness 503, connections
   * closed after each response) before it stops listening: the load balancer's time to notice.
   */
  SHUTDOWN_DRAIN_MS: whole(0, 600_000, 1_000),
  /** Bearer token for /metrics from other hosts; without it only loopback may scrape. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Reverse proxies whose X-Forwarded-For and X-Request-Id are believed (proxy-addr syntax). */
  TRUST_PROXY: z
    .string()
    .optional()
    .refine((list) => {
      try {
        compileTrust(list);
        return true;
      } catch {
        return false;
      }
    }, 'TRUST_PROXY must name the proxies: comma-separated addresses, CIDR ranges, or loopback, linklocal, uniquelocal (not a hop count such as 1)'),
  RETENTION_YEARS: whole(1, 100, 7),
  /** Months directory search logs are kept (the unmet-need report); pruned by housekeeping. */
  SEARCH_LOG_MONTHS: whole(1, 120, 13),
  /** Months finished emails (sent, failed, skipped) stay in the outbox; pruned by housekeeping. */
  EMAIL_HISTORY_MONTHS: whole(1, 120, 13),
  /** In-process housekeeping (sessions, attempts, retention); off when cron runs `npm run housekeeping`. */
  HOUSEKEEPING: onOff.default('on'),
  /** smtp://user:pass@host:587 or smtps://...; without it email is logged (development only). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Partnership portal <no-reply@localhost>'),
  /** `off` runs without sending email (required in production when there is no SMTP_URL). */
  EMAIL: onOff.default('on'),
  EMAIL_POLL_MS: whole(100, 600_000, 2_000),
  HOUSEKEEPING_INTERVAL_MINUTES: whole(1, 10_080, 60),
  /** A session unused this long ends (idle expiry). */
  SESSION_IDLE_MINUTES: whole(1, 10_080, 120),
  /**
   * How long a process may reuse a session lookup (0: every request asks the database). Sign-out,
   * deactivation and password changes take effect at once in the process that made them, and within
   * this many seconds in the others.
   */
  SESSION_CACHE_SECONDS: whole(0, 60, 5),
  /** A session ends this long after sign-in, however busy (absolute expiry). */
  SESSION_MAX_HOURS: whole(1, 720, 12),
});

export type Env = z.infer<typeof EnvSchema>;

/** What stops a server (not a command) from starting with these settings. */
export function serverEnvProblems(env: Env): string[] {
  const problems: string[] = [];
  if (env.DATABASE_READ_URL && !env.DATABASE_URL)
    problems.push('  DATABASE_READ_URL: needs DATABASE_URL (the primary); PGlite has no replica');
  if (env.NODE_ENV === 'production' && env.EMAIL === 'on' && !env.SMTP_URL)
    problems.push('  SMTP_URL: required in production to send email (or set EMAIL=off to run without email)');
  // Without it every emailed link would point at http://localhost:PORT, which no one else can open.
  if (env.NODE_ENV === 'production' && env.EMAIL === 'on' && !env.PUBLIC_URL)
    problems.push(
      '  PUBLIC_URL: required in production, where emails link to it; set it to the address people use, such as https://portal.example.gov.uk (or EMAIL=off)',
    );
  // The demo accounts' password is printed in the README: on a production server anyone could sign in.
  if (env.NODE_ENV === 'production' && env.SEED === 'demo')
    problems.push('  SEED: demo is not allowed in production (its accounts share a published password); use none');
  return problems;
}

export class InvalidEnvError extends Error {}

/** Parses process.env once; a bad value stops the start with a message saying which and why. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Empty or blank means not set (the default), as a compose file's `SMTP_URL=` or `PORT=` means.
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value?.trim()));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new InvalidEnvError(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  try {
    return parseEnv(source);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

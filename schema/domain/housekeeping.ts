import { sql } from 'drizzle-orm';
import { jobRuns } from '../../drizzle/schema';
import { expireAccountEmails, scrubUnsentLinks } from './account-requests';
import { audit } from './audit';
import { rowsOf } from './rows';
import type { Tx } from './transaction';

// How long records that only serve security checks are kept.
export const SIGN_IN_ATTEMPTS_KEPT_DAYS = 30;
// A client may retry a mutation with the same idempotency key for this long.
export const IDEMPOTENCY_WINDOW_DAYS = 7;
// Revoked or expired sessions are kept a little while, so "signed out" can still be explained.
export const ENDED_SESSIONS_KEPT_DAYS = 1;
// Directory search logs (no personal data; the unmet-need report) are kept this long by default
// (SEARCH_LOG_MONTHS): a year's comparison plus a month.
export const SEARCH_LOG_KEPT_MONTHS = 13;
// Emails that went out, failed for good or were never needed are kept this long by default
// (EMAIL_HISTORY_MONTHS), for "did they get the email?"; then their addresses and data go.
export const EMAIL_HISTORY_KEPT_MONTHS = 13;
// An outbox row that is finished with: nothing will send, digest or look at it again.
const FINISHED_EMAIL = sql.raw(`('SENT', 'FAILED', 'SKIPPED', 'DIGESTED')`);

export type HousekeepingResult = {
  ran: boolean;
  sessionsDeleted: number;
  signInAttemptsDeleted: number;
  idempotencyKeysDeleted: number;
  childrenAnonymised: number;
  searchLogsDeleted: number;
  /** Finished outbox rows (sent, failed, skipped, digested) past the email history's window. */
  emailsDeleted: number;
  /** Account emails dropped unsent past their link's life, and links removed from emails never to be sent. */
  emailLinksRemoved: number;
};

const count = (result: unknown) => Number(rowsOf(result)[0]?.n ?? 0);

/**
 * One run of housekeeping, inside the caller's transaction: deletes ended sessions, old sign-in
 * attempts and idempotency keys past their window, drops account emails unsent past their link's
 * life and the links of emails never to be sent, and anonymises children whose programme ended
 * more than retentionYears ago (names and date of birth go; reference, money and outcomes stay).
 * Runs at most once per `minIntervalMinutes` across all processes, and audits every run per zone.
 */
export async function runHousekeeping(
  tx: Tx,
  options: {
    retentionYears: number;
    minIntervalMinutes: number;
    searchLogMonths?: number;
    emailHistoryMonths?: number;
    now?: Date;
  },
): Promise<HousekeepingResult> {
  const now = options.now ?? new Date();
  const skipped = {
    ran: false,
    sessionsDeleted: 0,
    signInAttemptsDeleted: 0,
    idempotencyKeysDeleted: 0,
    childrenAnonymised: 0,
    searchLogsDeleted: 0,
    emailsDeleted: 0,
    emailLinksRemoved: 0,
  };
  // Whoever holds this row's lock runs; the others see it ran and skip.
  await tx
    .insert(jobRuns)
    .values({ name: 'housekeeping', lastRunAt: new Date(0) })
    .onConflictDoNothing();
  const [last] = rowsOf(await tx.execute(sql`select "lastRunAt" from job_runs where name = 'housekeeping' for update`));
  const lastRun = new Date(String(last?.lastRunAt));
  if (now.getTime() - lastRun.getTime() < options.minIntervalMinutes * 60_000) return skipped;
  const at = now.toISOString();

  const sessionsDeleted = count(
    await tx.execute(sql`with gone as (
      delete from sessions
      where "expiresAt" < ${at}::timestamptz - make_interval(days => ${ENDED_SESSIONS_KEPT_DAYS})
         or "revokedAt" < ${at}::timestamptz - make_interval(days => ${ENDED_SESSIONS_KEPT_DAYS})
      returning 1) select count(*)::int as n from gone`),
  );
  const signInAttemptsDeleted = count(
    await tx.execute(sql`with gone as (
      delete from sign_in_attempts where "at" < ${at}::timestamptz - make_interval(days => ${SIGN_IN_ATTEMPTS_KEPT_DAYS})
      returning 1) select count(*)::int as n from gone`),
  );
  const idempotencyKeysDeleted = count(
    await tx.execute(sql`with gone as (
      delete from idempotency_keys where "createdAt" < ${at}::timestamptz - make_interval(days => ${IDEMPOTENCY_WINDOW_DAYS})
      returning 1) select count(*)::int as n from gone`),
  );
  const searchLogMonths = options.searchLogMonths ?? SEARCH_LOG_KEPT_MONTHS;
  const searchLogsGone = rowsOf(
    await tx.execute(sql`delete from search_logs
      where "searchedAt" < ${at}::timestamptz - make_interval(months => ${searchLogMonths})
      returning "zoneId"`),
  );
  const anonymised = rowsOf(
    await tx.execute(sql`
      update children set "firstName" = null, "lastName" = null, "dateOfBirth" = null, "anonymisedAt" = ${at}::timestamptz
      where "anonymisedAt" is null
        and "programmeEnd" < (${at}::timestamptz - make_interval(years => ${options.retentionYears}))::date
      returning "zoneId"`),
  );
  const emailHistoryMonths = options.emailHistoryMonths ?? EMAIL_HISTORY_KEPT_MONTHS;
  const emailsDeleted = count(
    await tx.execute(sql`with gone as (
      delete from email_outbox where status in ${FINISHED_EMAIL}
        and coalesce("sentAt", "createdAt") < ${at}::timestamptz - make_interval(months => ${emailHistoryMonths})
      returning 1) select count(*)::int as n from gone`),
  );
  // With email off or the relay down, account emails wait: none keeps a working link past its life.
  const emailLinksRemoved = (await expireAccountEmails(tx, now)) + (await scrubUnsentLinks(tx));
  await tx.update(jobRuns).set({ lastRunAt: now }).where(sql`name = 'housekeeping'`);

  const zones = rowsOf(await tx.execute(sql`select id from zones order by id`));
  for (const zone of zones) {
    const zoneId = Number(zone.id);
    await audit(tx, {
      zoneId,
      actorId: null,
      action: 'HOUSEKEEPING',
      entityType: 'Zone',
      entityId: zoneId,
      detail: {
        childrenAnonymised: anonymised.filter((r) => Number(r.zoneId) === zoneId).length,
        retentionYears: options.retentionYears,
        searchLogsDeleted: searchLogsGone.filter((r) => Number(r.zoneId) === zoneId).length,
        searchLogMonths,
        // Sessions, attempts and keys are not per zone: the totals for the whole deployment.
        sessionsDeleted,
        signInAttemptsDeleted,
        idempotencyKeysDeleted,
        emailsDeleted,
        emailHistoryMonths,
        emailLinksRemoved,
      },
    });
  }
  return {
    ran: true,
    sessionsDeleted,
    signInAttemptsDeleted,
    idempotencyKeysDeleted,
    childrenAnonymised: anonymised.length,
    searchLogsDeleted: searchLogsGone.length,
    emailsDeleted,
    emailLinksRemoved,
  };
}

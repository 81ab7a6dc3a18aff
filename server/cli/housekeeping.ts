import { endDueContracts } from '../../schema/domain/contracts';
import { runDeadlines } from '../../schema/domain/deadlines';
import { runDigest } from '../../schema/domain/digest';
import { runListingReviewReminders } from '../../schema/domain/listing-reviews';
import { sendLocalOfferDigests } from '../../schema/domain/local-offer-send';
import { runOutcomeReminders } from '../../schema/domain/outcome-reminders';
import { londonDate } from '../../schema/domain/working-days';
import { loadEnv } from '../env';
import { housekeepOnce } from '../jobs/housekeeping';
import { commandLine } from './args';
import { openDatabase } from './common';

// `npm run housekeeping`: one run now, for cron when HOUSEKEEPING=off. On PostgreSQL it runs beside
// the servers (the job's row lock keeps it to one at a time); on PGlite the server does it itself.
commandLine('Usage: npm run housekeeping', {
  about:
    'One housekeeping run now: deletes ended sessions and old records, anonymises children past retention, ' +
    'and sends the reminders and digests that are due.',
});
const env = loadEnv();
const handle = await openDatabase(env, 'npm run housekeeping', { existing: true });
try {
  const result = await housekeepOnce(handle, {
    retentionYears: env.RETENTION_YEARS,
    searchLogMonths: env.SEARCH_LOG_MONTHS,
    emailHistoryMonths: env.EMAIL_HISTORY_MONTHS,
    minIntervalMinutes: 0,
  });
  console.log(
    `Housekeeping: ${result.sessionsDeleted} ended sessions and ${result.signInAttemptsDeleted} old sign-in attempts deleted, ` +
      `${result.idempotencyKeysDeleted} idempotency keys past their window deleted, ` +
      `${result.emailsDeleted} finished emails older than ${env.EMAIL_HISTORY_MONTHS} months deleted, ${result.childrenAnonymised} children anonymised ` +
      `(programme ended more than ${env.RETENTION_YEARS} years ago).`,
  );
  if (result.vacuumed) console.log('Embedded database vacuumed and analysed (PGlite has no autovacuum).');
  // Response deadlines run beside housekeeping (reminders, escalations, lapses).
  const deadlines = await runDeadlines(handle.db, { minIntervalMinutes: 0 });
  console.log(
    `Response deadlines: ${deadlines.reminded} reminders, ${deadlines.escalated} escalations, ${deadlines.expired} commissions lapsed.`,
  );
  const reminders = await runOutcomeReminders(handle.db, { minIntervalMinutes: 0 });
  console.log(`Outcome measures: ${reminders.due} due and ${reminders.overdue} overdue reminders to link workers.`);
  const reviews = await runListingReviewReminders(handle.db);
  console.log(`Listing reviews: ${reviews} providers reminded of listings five months unreviewed.`);
  const ended = await handle.db.transaction((tx) => endDueContracts(tx, londonDate(new Date())));
  console.log(`Contracts: ${ended} past their end date ended, unused places' money returned to their pots.`);
  // What the server's deadlines job sends on its timer, so cron mode (HOUSEKEEPING=off) loses none of it.
  const offers = await sendLocalOfferDigests(handle.db);
  console.log(`Local offer: ${offers.digests} digests due, ${offers.emails} emails queued.`);
  // Once a day across all runs however often cron calls this (the digest's job_runs row).
  const digest = await runDigest(handle.db, { minIntervalMinutes: 23 * 60 });
  console.log(
    digest.ran
      ? `Daily digest: ${digest.digests} digest emails queued.`
      : 'Daily digest: already sent in the last day.',
  );
} finally {
  await handle.close();
}

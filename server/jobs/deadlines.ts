import type { Db } from '../../drizzle/client';
import { endDueContracts } from '../../schema/domain/contracts';
import { runDeadlines } from '../../schema/domain/deadlines';
import { runDigest } from '../../schema/domain/digest';
import { runListingReviewReminders } from '../../schema/domain/listing-reviews';
import { sendLocalOfferDigests } from '../../schema/domain/local-offer-send';
import { runOutcomeReminders } from '../../schema/domain/outcome-reminders';

const DAY_MINUTES = 24 * 60;

import { HOLIDAYS_KNOWN_UNTIL, londonDate } from '../../schema/domain/working-days';
import type { Logger } from '../logger';
import { runEvery } from './every';

/**
 * Response deadlines inside the server, beside housekeeping (same switch and interval): a first
 * run a minute after start, then every interval. With N processes the job_runs row lock makes
 * one of them do the work each interval.
 */
export function scheduleDeadlines(db: Db, options: { everyMinutes: number; logger: Logger }): { stop: () => void } {
  const sixMonths = new Date(Date.now() + 183 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  if (HOLIDAYS_KNOWN_UNTIL < sixMonths)
    options.logger.warn(
      { knownUntil: HOLIDAYS_KNOWN_UNTIL },
      'data/bank-holidays.json ends within six months: refresh it from https://www.gov.uk/bank-holidays.json',
    );
  return runEvery('deadlines', options, async () => {
    const result = await runDeadlines(db, { minIntervalMinutes: options.everyMinutes - 1 });
    if (result.ran) options.logger.info({ job: 'deadlines', ...result }, 'deadlines ran');
    // Outcome measures due and overdue: the link workers are told, once per child and point.
    const reminders = await runOutcomeReminders(db, { minIntervalMinutes: options.everyMinutes - 1 });
    if (reminders.ran) options.logger.info({ job: 'outcome-reminders', ...reminders }, 'outcome reminders ran');
    // Listing review reminders (five months unreviewed) ride with the deadlines' run.
    if (result.ran) {
      const reminded = await runListingReviewReminders(db);
      if (reminded) options.logger.info({ job: 'listing-reviews', reminded }, 'listing review reminders sent');
      // Block contracts past their end date end, and their unused places' money goes back.
      const ended = await db.transaction((tx) => endDueContracts(tx, londonDate(new Date())));
      if (ended) options.logger.info({ job: 'contracts', ended }, 'contracts past their end date ended');
      // The local offer digests due this week or month (once per period across processes).
      const offers = await sendLocalOfferDigests(db);
      if (offers.digests) options.logger.info({ job: 'local-offer', ...offers }, 'local offer digests sent');
    }
    // The daily digest rides on the same timer: once a day across all processes.
    const digest = await runDigest(db, { minIntervalMinutes: DAY_MINUTES - options.everyMinutes / 2 });
    if (digest.ran) options.logger.info({ job: 'digest', ...digest }, 'daily digest ran');
  });
}

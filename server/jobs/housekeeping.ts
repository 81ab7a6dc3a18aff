import type { Db } from '../../drizzle/client';
import { type HousekeepingResult, runHousekeeping } from '../../schema/domain/housekeeping';
import { inTransaction } from '../../schema/domain/transaction';
import type { Logger } from '../logger';
import { runEvery } from './every';

/** One housekeeping run in one transaction (skipped when another process ran it recently). */
export function housekeepOnce(
  db: Db,
  options: { retentionYears: number; minIntervalMinutes: number; searchLogMonths?: number },
): Promise<HousekeepingResult> {
  return inTransaction(db, (tx) => runHousekeeping(tx, options));
}

/**
 * Housekeeping inside the server: a first run a minute after start, then every interval. With
 * N processes the job_runs row lock makes one of them do the work each interval.
 */
export function scheduleHousekeeping(
  db: Db,
  options: { everyMinutes: number; retentionYears: number; searchLogMonths?: number; logger: Logger },
): { stop: () => void } {
  return runEvery('housekeeping', options, async () => {
    const result = await housekeepOnce(db, {
      retentionYears: options.retentionYears,
      searchLogMonths: options.searchLogMonths,
      minIntervalMinutes: options.everyMinutes - 1,
    });
    if (result.ran) options.logger.info({ job: 'housekeeping', ...result }, 'housekeeping ran');
  });
}

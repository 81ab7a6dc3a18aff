import type { DbHandle } from '../../drizzle/client';
import { vacuumEmbedded } from '../../drizzle/vacuum';
import { type HousekeepingResult, runHousekeeping } from '../../schema/domain/housekeeping';
import { inTransaction } from '../../schema/domain/transaction';
import type { Logger } from '../logger';
import { runEvery } from './every';

/**
 * One housekeeping run in one transaction (skipped when another process ran it recently); then,
 * on PGlite, the vacuum its missing autovacuum would have done (drizzle/vacuum.ts).
 */
export async function housekeepOnce(
  handle: Pick<DbHandle, 'db' | 'kind' | 'pglite'>,
  options: {
    retentionYears: number;
    minIntervalMinutes: number;
    searchLogMonths?: number;
    emailHistoryMonths?: number;
  },
): Promise<HousekeepingResult & { vacuumed: boolean }> {
  const result = await inTransaction(handle.db, (tx) => runHousekeeping(tx, options));
  return { ...result, vacuumed: result.ran && (await vacuumEmbedded(handle)) };
}

/**
 * Housekeeping inside the server: a first run a minute after start, then every interval. With
 * N processes the job_runs row lock makes one of them do the work each interval.
 */
export function scheduleHousekeeping(
  handle: Pick<DbHandle, 'db' | 'kind' | 'pglite'>,
  options: {
    everyMinutes: number;
    retentionYears: number;
    searchLogMonths?: number;
    emailHistoryMonths?: number;
    logger: Logger;
  },
): { stop: () => void } {
  return runEvery('housekeeping', options, async () => {
    const result = await housekeepOnce(handle, {
      retentionYears: options.retentionYears,
      searchLogMonths: options.searchLogMonths,
      emailHistoryMonths: options.emailHistoryMonths,
      minIntervalMinutes: options.everyMinutes - 1,
    });
    if (result.ran) options.logger.info({ job: 'housekeeping', ...result }, 'housekeeping ran');
  });
}

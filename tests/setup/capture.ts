import type { Logger } from 'drizzle-orm';
import { statementCounter } from '../../server/query-counter';

export type CapturedStatement = { query: string; params: unknown[] };

/**
 * A Drizzle logger that records every statement's SQL and parameters (to EXPLAIN or replay them)
 * and still counts them for the X-SQL-Statements header the tests read.
 */
export function statementCapture(): { logger: Logger; captured: CapturedStatement[] } {
  const captured: CapturedStatement[] = [];
  return {
    captured,
    logger: {
      logQuery(query, params) {
        statementCounter.logQuery(query, params);
        captured.push({ query, params });
      },
    },
  };
}

import type { Logger } from 'drizzle-orm';
import { statementCounter } from '../../server/query-counter';

export type CapturedStatement = { query: string; params: unknown[] };

/**
 * A Drizzle logger that records every statement's SQL and parameters (to EXPLAIN or replay them)
 * and still counts them for the X-SQL-Statements header the tests read. Records from the start,
 * or with `{ recording: false }` only inside `record(run)`, which returns what `run` sent.
 */
export function statementCapture({ recording = true } = {}): {
  logger: Logger;
  captured: CapturedStatement[];
  record: (run: () => Promise<unknown>) => Promise<CapturedStatement[]>;
} {
  const captured: CapturedStatement[] = [];
  let on = recording;
  return {
    captured,
    logger: {
      logQuery(query, params) {
        statementCounter.logQuery(query, params);
        if (on) captured.push({ query, params });
      },
    },
    async record(run) {
      captured.length = 0;
      on = true;
      try {
        await run();
      } finally {
        on = recording;
      }
      return [...captured];
    },
  };
}

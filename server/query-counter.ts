import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm';

// Counts the SQL statements each request runs (via Drizzle's logger), so tests can pin
// "one statement per page" exactly and operators can spot N+1 regressions in headers.
const current = new AsyncLocalStorage<{ statements: number }>();

export const statementCounter: Logger = {
  logQuery() {
    const store = current.getStore();
    if (store) store.statements++;
  },
};

export function countStatements<T>(fn: (tally: { statements: number }) => Promise<T>): Promise<T> {
  const tally = { statements: 0 };
  return current.run(tally, () => fn(tally));
}

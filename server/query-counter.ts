import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm';

// Counts the SQL statements each request runs (via Drizzle's logger), so tests can pin
// "one statement per page" exactly and developers can spot N+1 regressions in headers. Only off
// production: an AsyncLocalStorage in use makes Node 20 run a hook on every promise of every
// request, which cost a page of 20 services about 10% of its CPU (npm run bench:overhead).
const current = new AsyncLocalStorage<{ statements: number }>();

export const statementCounter: Logger = {
  logQuery() {
    const store = current.getStore();
    if (store) store.statements++;
  },
};

/** Runs fn with a tally of its statements; `counting` false runs it as it is (the tally stays 0). */
export function countStatements<T>(fn: (tally: { statements: number }) => Promise<T>, counting = true): Promise<T> {
  const tally = { statements: 0 };
  return counting ? current.run(tally, () => fn(tally)) : fn(tally);
}

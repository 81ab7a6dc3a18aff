import path from 'node:path';
import cliProgress from 'cli-progress';
import { sql } from 'drizzle-orm';
import { createDb, type DbHandle } from '../../drizzle/client';
import { DataDirUnusableError, noDatabase, prepareDataDir } from '../../drizzle/data-dir';
import { DataDirLockedError, type LockHolder, liveHolder } from '../../drizzle/data-dir-lock';
import { rowsOf } from '../../schema/domain/rows';
import { databasePlace, databaseProblem, exitOnDatabaseFailure } from '../database-errors';
import type { Env } from '../env';

/**
 * Opens the configured database for a command, or exits 1 with one line: who holds the data folder,
 * or why the database cannot be reached. `existing`: the command reads the portal's data (reconcile,
 * housekeeping, backup), so a folder or database without it is refused rather than made.
 */
export async function openDatabase(env: Env, command: string, options: { existing?: boolean } = {}): Promise<DbHandle> {
  let handle: DbHandle;
  try {
    if (!env.DATABASE_URL) prepareDataDir(env.DATA_DIR, options);
    handle = await createDb({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      command,
      pgbouncer: env.DATABASE_PGBOUNCER === 'on',
    });
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof DataDirUnusableError) fail(error.message);
    throw error;
  }
  const url = env.DATABASE_URL;
  if (url) exitOnDatabaseFailure(url);
  let ours: boolean;
  try {
    // postgres.js connects at the first query: asked now, a bad URL is told before any work starts.
    const found = rowsOf(await handle.db.execute(sql`select to_regclass('public.users') is not null as ours`));
    ours = (found[0] as { ours: boolean } | undefined)?.ours === true;
  } catch (error) {
    await handle.close().catch(() => {});
    const problem = url ? databaseProblem(error, url) : null;
    if (problem) fail(problem);
    throw error;
  }
  if (options.existing && !ours) {
    await handle.close();
    fail(
      url
        ? `No portal database at ${databasePlace(url)}: its tables are missing. Run npm run db:migrate, or set DATABASE_URL to the portal's database.`
        : noDatabase(path.resolve(env.DATA_DIR)).message,
    );
  }
  return handle;
}

export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

/** The running server holding the PGlite folder, if it can take commands. */
export function runningServer(env: Env): (LockHolder & { port: number; controlToken: string }) | null {
  if (env.DATABASE_URL) return null;
  const holder = liveHolder(env.DATA_DIR);
  if (!holder) return null;
  if (!holder.port || !holder.controlToken)
    fail(
      `The data folder ${env.DATA_DIR} is in use by process ${holder.pid} (${holder.command}), which takes no commands. Wait for it to finish, or stop it.`,
    );
  return holder as LockHolder & { port: number; controlToken: string };
}

/** POSTs to a running server's control path (loopback, its per-start token). */
export async function askServer(
  holder: { port: number; controlToken: string },
  path: string,
  body?: unknown,
): Promise<Response> {
  const res = await fetch(`http://127.0.0.1:${holder.port}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${holder.controlToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 400) fail(`Nothing was created: ${((await res.json()) as { error: string }).error}`);
  if (!res.ok) fail(`The running server refused ${path}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

/**
 * Progress for a long command. On a terminal, a cli-progress bar; otherwise (cron, a log, a test) a
 * plain line each time the count passes a multiple of `step` (Infinity: none), as a redrawn bar
 * would fill a log with control characters. Both go to stderr and are chosen by stderr's isTTY, so
 * stdout carries only the command's result and `> file` still shows the bar.
 */
export function progress<P extends object>(options: {
  /** The bar's cli-progress format: {bar}, {value}, {total}, {percentage} and the payload's names. */
  format: string;
  /** The bar's format while no total is known: a count, with no bar or total to mislead. */
  countOnly?: string;
  step: number;
  line: (count: number, payload: P) => string;
}) {
  let known = !options.countOnly;
  const { countOnly } = options;
  const format: cliProgress.Options['format'] = countOnly
    ? (o, params, payload) =>
        cliProgress.Format.Formatter({ ...o, format: known ? options.format : countOnly }, params, payload)
    : options.format;
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format }, cliProgress.Presets.shades_classic) : null;
  let started = false;
  let printed = 0;
  /** Whether update() would show this count: a costly figure need only be worked out then. */
  const due = (count: number, last = false) => !!bar || last || Math.floor(count / options.step) > printed;
  // The first frame is drawn at once, before any update: it starts at the value it is given, or it
  // would show 0 beside a payload that already counts a page.
  const start = (total: number, payload: P, value = 0) => {
    bar?.start(total, value, payload);
    started = true;
  };
  return {
    due,
    start,
    /**
     * `count` is what the step counts (and the bar's value unless `value` is given); `last` prints
     * the line even off a step; `total` corrects a total not known at the start (it grows to the value).
     */
    update(payload: P, at: { count: number; value?: number; total?: number; last?: boolean }) {
      const value = at.value ?? at.count;
      if (at.total !== undefined) known = true;
      if (bar) {
        if (!started) start(Math.max(at.total ?? 0, value), payload, value);
        else if (at.total !== undefined || value > bar.getTotal()) bar.setTotal(Math.max(at.total ?? 0, value));
        bar.update(value, payload);
      } else if (due(at.count, at.last)) {
        printed = Math.floor(at.count / options.step);
        console.error(options.line(at.count, payload));
      }
    },
    /** A message while the bar is drawn goes on a line of its own rather than over the bar. */
    note(message: string) {
      console.error(started && bar ? `\n${message}` : message);
    },
    /** `total`: the total as it turned out (a feed's total_items can be wrong), set before the last frame. */
    stop(value?: number, total?: number) {
      if (total !== undefined && started) bar?.setTotal(total);
      if (value !== undefined) bar?.update(value);
      bar?.stop();
      started = false;
    },
  };
}

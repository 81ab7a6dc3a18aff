import { createDb, type DbHandle } from '../../drizzle/client';
import { DataDirUnusableError, prepareDataDir } from '../../drizzle/data-dir';
import { DataDirLockedError, type LockHolder, liveHolder } from '../../drizzle/data-dir-lock';
import type { Env } from '../env';

/** Opens the configured database for a command, or exits 1 saying who holds the data folder. */
export async function openDatabase(env: Env, command: string): Promise<DbHandle> {
  try {
    if (!env.DATABASE_URL) prepareDataDir(env.DATA_DIR);
    return await createDb({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      command,
      pgbouncer: env.DATABASE_PGBOUNCER === 'on',
    });
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof DataDirUnusableError) fail(error.message);
    throw error;
  }
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

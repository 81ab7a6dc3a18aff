import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../drizzle/client';
import { rowsOf } from '../../schema/domain/rows';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';
import { newDeployment } from './harness';

// Audit (operations) finding 13: restoring a backup with a corrupt table file said only
// "Failed query: ." (Drizzle's first line), dropping the database's reason.

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.runIf(TEST_DB === 'pglite')('restoring a backup with a corrupt table file', () => {
  it("says the database's reason in one line, and writes nothing", async () => {
    const deployment = await newDeployment();
    cleanups.push(() => deployment.cleanup());
    const dataDir = deployment.env.DATA_DIR!;
    let handle = await createDb({ dataDir, command: 'a test' });
    const [row] = rowsOf(await handle.db.execute(sql`select pg_relation_filepath('ledger_entries') as p`));
    await handle.close();
    const table = path.join(dataDir, String(row!.p));
    const bytes = readFileSync(table);
    for (let i = 0; i < 24; i++) bytes[i] = bytes[i]! ^ 0xa5; // the first page's header
    writeFileSync(table, bytes);
    handle = await createDb({ dataDir, command: 'a test' });
    const backup = path.join(path.dirname(dataDir), 'corrupt.tar.gz');
    writeFileSync(backup, Buffer.from(await (await handle.pglite!.dumpDataDir('gzip')).arrayBuffer()));
    await handle.close();

    const target = path.join(path.dirname(dataDir), 'restored');
    const run = await runScript('server/cli/restore.ts', { DATA_DIR: target }, { args: [backup] });
    console.log(run.output);
    expect(run.code).toBe(1);
    expect(run.output.trim().split('\n')).toHaveLength(1);
    expect(run.output).not.toMatch(/Failed query/);
    expect(run.output).toMatch(/invalid page in block 0 of relation "base\/\d+\/\d+"/);
    expect(run.output).toMatch(/Nothing was written to/);
  }, 120_000);
});

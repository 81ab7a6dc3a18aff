import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_DB } from '../setup/database';
import { type Deployment, newDeployment, start } from './harness';

// Operators link a data folder to a mounted disk. PGlite could not open a DATA_DIR that is a
// symbolic link: the server died with an uncaught ErrnoError dump. It now opens the folder linked
// to, with the lock beside that folder, so both names are one database and one lock.

let deployment: Deployment;
let scratch: string;
beforeAll(async () => {
  deployment = await newDeployment();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'data-dir-link-'));
}, 120_000);
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await deployment.cleanup();
});

it.runIf(TEST_DB === 'pglite')(
  'serves a linked DATA_DIR, and the real folder’s name shares its lock',
  async () => {
    const link = path.join(scratch, 'linked-data');
    symlinkSync(deployment.env.DATA_DIR!, link);
    const server = await start(deployment, { DATA_DIR: link });
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(200);
      // The same folder by its own name is held by the first server.
      const second = await start(deployment).then(
        async (other) => {
          await other.stop();
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(second).toMatch(/^server exited with 1:/);
      expect(second).toMatch(/in use by process/);
    } finally {
      await server.stop();
    }
    expect(server.logs()).not.toMatch(/ErrnoError|uncaught/);
  },
  120_000,
);

import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../setup/database';
import { newDeployment, start } from './harness';

// Audit (operations) finding 2: with PGlite's data folder deleted under a running server, /readyz
// stayed 200 and portal_db_up 1 (`select 1` is answered from memory) while every write failed.
// Finding 14: each failing probe was logged at error level as "request failed", without the reason.

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.runIf(TEST_DB === 'pglite')('a PGlite data folder lost under a running server', () => {
  it("makes /readyz 503 naming the folder, portal_db_up 0, and leaves out the database's figures", async () => {
    const deployment = await newDeployment();
    cleanups.push(() => deployment.cleanup());
    const server = await start(deployment);
    cleanups.push(() => server.stop());
    expect(await fetch(`${server.url}/readyz`).then((r) => r.json())).toEqual({ ready: true });
    const before = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(before).toMatch(/^portal_db_up 1$/m);
    expect(before).toMatch(/^portal_commissions\{status="[A-Z_]+"\} \d+$/m);

    rmSync(deployment.env.DATA_DIR!, { recursive: true, force: true });

    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { reason: string };
    expect(body.reason).toContain(deployment.env.DATA_DIR!);
    expect(body.reason).toMatch(/data folder .* is missing/);
    const after = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(after).toMatch(/^portal_db_up 0$/m);
    // README: the database's figures are left out until it is back (they were still counted from memory).
    expect(after).not.toMatch(/^portal_commissions\{/m);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Finding 14: the reason is logged once, as a warning, not an error line per probe.
    for (let i = 0; i < 4; i++) expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    const lines = server.logs().split('\n');
    const notReady = lines.filter((l) => l.includes('"msg":"not ready: the data folder'));
    expect(notReady).toHaveLength(1);
    expect(notReady[0]).toMatch(/"level":40/);
    expect(lines.filter((l) => l.includes('"path":"/readyz"') && l.includes('"level":50'))).toEqual([]);
  }, 120_000);
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../drizzle/client';
import { TEST_DATABASE_URL, TEST_DB, TEST_DB_PREFIX, withDatabase } from '../setup/database';
import { runScript, startServerProcess } from '../setup/processes';
import { startTcpRelay } from '../setup/tcp-relay';
import { gql, signIn } from './harness';

// ISSUE 8, points 5, 6 and 7: an empty deployment gets its first zone and administrator; two
// processes cold-starting on one empty PostgreSQL; readiness that tells the truth.

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** An empty database: a new PostgreSQL database, or a new PGlite folder. */
async function emptyDatabase(): Promise<Record<string, string>> {
  if (TEST_DB === 'postgres') {
    const name = `${TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
    const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    cleanups.push(async () => {
      const sql = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    });
    return { DATABASE_URL: withDatabase(TEST_DATABASE_URL, name) };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-empty-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return { DATA_DIR: path.join(dir, 'data') };
}

const zoneCount = async (env: Record<string, string>) => {
  const db = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR });
  try {
    return await db.db.$count((await import('../../drizzle/schema')).zones);
  } finally {
    await db.close();
  }
};

describe('zone:create on an empty deployment', () => {
  it('creates the zone and its administrator from a piped password; refuses clearly and writes nothing on bad input', async () => {
    const env = await emptyDatabase();
    const password = 'correct horse battery staple';
    const created = await runScript('server/cli/zone-create.ts', env, {
      args: ['--slug', 'wigan', '--name', 'Wigan', '--admin-email', 'Admin@Wigan.example'],
      stdin: `${password}\n`,
    });
    expect(created.output).toMatch(/Created zone "wigan"/);
    expect(created.code).toBe(0);

    const refusals: [string[], string | undefined, RegExp][] = [
      [['--slug', 'wigan', '--name', 'Again', '--admin-email', 'other@wigan.example'], password, /already exists/],
      [['--slug', 'bolton', '--name', 'Bolton', '--admin-email', 'not-an-email'], password, /email address/],
      [['--slug', 'bolton', '--name', 'Bolton', '--admin-email', 'a@bolton.example'], 'short', /at least 12/],
      [['--slug', 'Bad Slug!', '--name', 'Bolton', '--admin-email', 'a@bolton.example'], password, /slug/],
      [['--slug', 'bolton', '--name', 'Bolton\u202Enotlob', '--admin-email', 'a@bolton.example'], password, /hidden/],
      [
        ['--slug', 'bolton', '--name', 'Bolton', '--admin-email', 'a@bolton.example', '--admin-name', 'Ann\u001b[2J'],
        password,
        /hidden control characters from the administrator’s name/,
      ],
      [
        ['--slug', 'bolton', '--name', 'Bolton', '--admin-email', 'admin@wigan.example'],
        password,
        /already has this email/,
      ],
    ];
    for (const [args, stdin, message] of refusals) {
      const refused = await runScript('server/cli/zone-create.ts', env, { args, stdin });
      expect(refused.output).toMatch(message);
      expect(refused.output).toMatch(/Nothing was created/);
      expect(refused.code).toBe(1);
    }
    expect(await zoneCount(env)).toBe(1);

    const server = await startServerProcess({ ...env, SEED: 'none' });
    try {
      const token = await signIn(server.url, 'admin@wigan.example', password);
      const me = await gql(server.url, '{ viewer { role zone { slug name } } }', {}, token);
      expect(me.body.data.viewer).toEqual({ role: 'ADMIN', zone: { slug: 'wigan', name: 'Wigan' } });
    } finally {
      await server.stop();
    }
  }, 300_000);

  it('without a piped password prints a single-use link that sets the password once', async () => {
    const env = await emptyDatabase();
    const created = await runScript('server/cli/zone-create.ts', env, {
      args: ['--slug', 'leigh', '--name', 'Leigh', '--admin-email', 'head@leigh.example'],
    });
    expect(created.code).toBe(0);
    const link = /(http\S+reset-password\?token=(\S+))/.exec(created.output);
    expect(link).not.toBeNull();
    const server = await startServerProcess({ ...env, SEED: 'none' });
    try {
      const reset = (newPassword: string) =>
        gql(
          server.url,
          'mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { __typename ... on Error { message } } }',
          { i: { token: link![2], newPassword } },
        );
      expect((await reset('tiny')).body.data.resetPassword.__typename).toBe('ValidationError');
      expect((await reset('a long enough passphrase')).body.data.resetPassword.__typename).toBe('ResetPasswordSuccess');
      const again = await reset('another long passphrase');
      expect(again.body.data.resetPassword.message).toMatch(/expired or has already been used/);
      await signIn(server.url, 'head@leigh.example', 'a long enough passphrase');
      await expect(signIn(server.url, 'head@leigh.example', 'another long passphrase')).rejects.toThrow();
    } finally {
      await server.stop();
    }
  }, 180_000);
});

describe.runIf(TEST_DB === 'postgres')('PostgreSQL deployments', () => {
  it('two processes cold-starting at once on an empty database both come up, with every demo account', async () => {
    const env = await emptyDatabase();
    const servers = await Promise.all([0, 1].map(() => startServerProcess({ ...env, SEED: 'demo' })));
    try {
      for (const server of servers) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      for (const email of [
        'linkworker@demo.test',
        'provider@demo.test',
        'commissioner@demo.test',
        'admin@demo.test',
        'commissioner@other.test',
      ])
        await signIn(servers[1]!.url, email);
      expect(await zoneCount(env)).toBe(2);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  }, 180_000);

  it('/readyz is 503 with a reason within a second or so of the database going away, and 200 when it is back', async () => {
    const env = await emptyDatabase();
    // A TCP relay in front of PostgreSQL that the test can cut.
    const relay = await startTcpRelay(env.DATABASE_URL!);
    const server = await startServerProcess({ DATABASE_URL: relay.url, SEED: 'none' });
    try {
      expect(await fetch(`${server.url}/readyz`).then((r) => r.json())).toEqual({ ready: true });
      relay.cut();
      const started = Date.now();
      const down = await fetch(`${server.url}/readyz`);
      const took = Date.now() - started;
      console.log(`readyz: answered ${down.status} in ${took} ms with the database gone`);
      expect(down.status).toBe(503);
      expect((await down.json()).reason).toMatch(/database/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      // Metrics still answer: the process's own figures, the database's marked down and left out.
      const metrics = await fetch(`${server.url}/metrics`);
      const text = await metrics.text();
      expect(metrics.status).toBe(200);
      expect(text).toMatch(/^portal_db_up 0$/m);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(text).toMatch(/^portal_db_pool_connections\{state="max"\} \d+/m);
      expect(text).not.toMatch(/^portal_commissions\{/m);
      relay.restore();
      let back = 0;
      for (let i = 0; i < 50 && back !== 200; i++) {
        back = (await fetch(`${server.url}/readyz`)).status;
        if (back !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(back).toBe(200);
      expect(await fetch(`${server.url}/metrics`).then((r) => r.text())).toMatch(/^portal_db_up 1$/m);
    } finally {
      await server.stop();
      relay.close();
    }
    // Both scrapes (database down, then back) answered normally, neither logged as a failure.
    const scrapes = server
      .logs()
      .split('\n')
      .filter((l) => l.includes('"path":"/metrics"'));
    expect(scrapes).toHaveLength(2);
    for (const line of scrapes) expect(line).toMatch(/"level":30.*"status":200/);
  }, 180_000);
});

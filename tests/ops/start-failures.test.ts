import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, runScript } from '../setup/processes';
import { type Deployment, newDeployment, start } from './harness';

// The server's start, like the commands: a database it cannot reach, or a port already taken, is
// one line saying what to fix and exit 1, not an "uncaught exception" with a stack.

let deployment: Deployment;
beforeAll(async () => {
  deployment = await newDeployment();
}, 120_000);
afterAll(() => deployment.cleanup());

const noStack = (output: string) => expect(output).not.toMatch(/\n\s+at |uncaught exception|"stack"/);

it('a database that cannot be reached is one line naming where, never the password', async () => {
  const run = await runScript('server/main.ts', { DATABASE_URL: 'postgres://postgres:hush-hush@127.0.0.1:1/none' });
  expect(run.code, run.output).toBe(1);
  expect(run.output).toContain('Cannot reach the database at 127.0.0.1:1/none: connection refused');
  expect(run.output.trim().split('\n')).toHaveLength(1);
  expect(run.output).not.toContain('hush-hush');
  noStack(run.output);
});

it('a port already in use is one line, and the data folder is free again', async () => {
  const port = await freePort();
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(port, resolve));
  try {
    const run = await runScript('server/main.ts', { ...deployment.env, PORT: String(port), HOUSEKEEPING: 'off' });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(new RegExp(`Cannot listen on every interface port ${port}: it is already in use`));
    noStack(run.output);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
  const server = await start(deployment);
  await server.stop();
}, 120_000);

// HOST=256.1.1.1 (no such address) or an address this machine does not have was a fatal "uncaught
// exception" with a stack; it is a setting to change, as a taken port is.
it.each([
  ['256.1.1.1', 'no such address'],
  ['10.9.9.9', 'address not available'],
])(
  'HOST=%s is one line saying so, exit 1',
  async (host, reason) => {
    const port = await freePort();
    const run = await runScript('server/main.ts', {
      ...deployment.env,
      HOST: host,
      PORT: String(port),
      HOUSEKEEPING: 'off',
    });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`Cannot listen on ${host} port ${port}: ${reason} (set HOST or PORT)`);
    noStack(run.output);
  },
  120_000,
);

// Said before the database is opened and migrated (about 18 s on PGlite), not after: with a
// database that cannot be reached as well, the address is the one thing said.
it('a bad HOST or a taken port is said before the database is opened', async () => {
  const port = await freePort();
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(port, resolve));
  try {
    const database = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', HOUSEKEEPING: 'off' };
    const busy = await runScript('server/main.ts', { ...database, PORT: String(port) });
    expect(busy.code, busy.output).toBe(1);
    expect(busy.output).toContain(`Cannot listen on every interface port ${port}: it is already in use`);
    const host = await runScript('server/main.ts', { ...database, HOST: '10.9.9.9', PORT: String(port + 1) });
    expect(host.code, host.output).toBe(1);
    expect(host.output).toContain('Cannot listen on 10.9.9.9');
    for (const run of [busy, host]) {
      expect(run.output).not.toContain('Cannot reach the database');
      expect(run.output.trim().split('\n')).toHaveLength(1);
      noStack(run.output);
    }
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
}, 120_000);

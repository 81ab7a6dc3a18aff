import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../setup/processes';
import { type Deployment, newDeployment } from './harness';

// ISSUE 8, point 8, as an operator stops it: `npm run start:prod` runs its script through `sh -c`,
// and Debian's sh does not exec its last command, so without `exec` in the script a SIGTERM sent to
// npm's pid alone (not its process group: `kill PID`, a supervisor that signals one process) stopped
// npm and sh but left the server running, holding the port and the data folder.

const root = path.resolve(import.meta.dirname, '..', '..');
let deployment: Deployment;
beforeAll(async () => {
  deployment = await newDeployment();
}, 120_000);
afterAll(() => deployment.cleanup());

/** Alive and not a zombie (a zombie has exited; it only waits to be reaped). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

const answers = (url: string) =>
  fetch(`${url}/readyz`).then(
    (r) => r.status,
    () => 'refused',
  );

/** Processes (not zombies) started with `marker` in their environment: what a test left running. */
function withMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(marker) && running(Number(entry)))
        found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

describe(`npm run start:prod on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('SIGTERM to the npm process alone stops the server: port closed, server and npm gone', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const npm: ChildProcess = spawn('npm', ['run', 'start:prod', '--silent'], {
      cwd: root,
      env: { ...process.env, ...deployment.env, EMAIL: 'off', HOUSEKEEPING: 'off', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    let serverPid: number | undefined;
    try {
      // The server's own pid, from its "Portal ready" log line (npm's child, or sh's without exec).
      await expect
        .poll(() => /"pid":(\d+)[^\n]*Portal ready/.exec(output)?.[1], { timeout: 90_000, interval: 200 })
        .toBeDefined();
      serverPid = Number(/"pid":(\d+)[^\n]*Portal ready/.exec(output)![1]);
      expect(serverPid).not.toBe(npm.pid);
      expect(await answers(url)).toBe(200);

      process.kill(npm.pid!, 'SIGTERM'); // npm's pid only, not the group
      await npmExited;
      await expect.poll(() => answers(url), { timeout: 20_000, interval: 200 }).toBe('refused');
      await expect.poll(() => running(serverPid!), { timeout: 20_000, interval: 200 }).toBe(false);
      expect(output).toMatch(/"msg":"stopped"/);
    } finally {
      // Whatever happened, leave nothing running (only the processes this test started).
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
      if (serverPid && running(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  }, 180_000);
});

// The tsx command relays a signal to its child and, when the child has not answered over its IPC
// socket within 30 ms, kills it with SIGKILL: a command whose event loop is busy (PGlite runs its
// queries on the main thread) was killed mid-step under load, with no "Stopped after" and no clean
// close of the data folder (seen in CI). Every script but the watcher and the test runner runs its
// file in node itself, with tsx as a loader only, so the signal reaches the command's own handler.
describe('every npm script that runs a file', () => {
  it('runs it in node with tsx as a loader, not through the tsx command and its signal relay', () => {
    const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    const throughTsx = Object.entries(scripts).filter(
      ([name, command]) =>
        /(^|\s)tsx\s/.test(command.replaceAll('--import tsx', '')) && !['dev', 'test'].includes(name),
    );
    expect(throughTsx).toEqual([]);
    for (const [name, command] of Object.entries(scripts))
      if (command.includes('--import tsx') && !command.includes('&&'))
        expect(command, name).toMatch(/(^|\s)exec node --import tsx /);
  });
});

describe(`a long command through npm on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  // The command scripts `exec` too (audit 57): without it, `kill <npm's pid>` left seed:scale
  // running as an orphan, holding the data folder, instead of stopping within a step (exit 130).
  it('SIGTERM to the npm process alone stops npm run seed:scale within a step, and nothing is left running', async () => {
    const marker = `NPM_SIGNAL_TEST=${process.pid}-${Date.now()}`;
    const npm: ChildProcess = spawn(
      'npm',
      ['run', 'seed:scale', '--silent', '--', '--services', '4000', '--children', '4000', '--zones', '400'],
      {
        cwd: root,
        env: { ...process.env, ...deployment.env, [marker.split('=')[0]!]: marker.split('=')[1]! },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    npm.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    try {
      await expect.poll(() => /\d+\/400 zones/.test(output), { timeout: 120_000, interval: 200 }).toBe(true);
      process.kill(npm.pid!, 'SIGTERM'); // npm's pid only, not the group
      await npmExited;
      await expect.poll(() => withMarker(marker), { timeout: 30_000, interval: 200 }).toEqual([]);
      // Its last words reach the pipe as it exits: read until they have arrived.
      await expect.poll(() => output, { timeout: 10_000, interval: 100 }).toMatch(/Stopped after \d+ of 400 zones/);
    } finally {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
      for (const pid of withMarker(marker)) process.kill(pid, 'SIGKILL');
    }
  }, 240_000);
});

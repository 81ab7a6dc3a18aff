import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// `npm run restore` of archives made to hurt: each is refused from what its headers say, with the
// reason in words, before anything is inflated into memory or written beside or into DATA_DIR.
// (A gzip that inflated to 2 GiB once took 6.4 GB of memory and was refused as "[object Object]".)

const scratch = mkdtempSync(path.join(os.tmpdir(), 'portal-restore-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One ustar header block: enough to say what an entry claims to be without its contents. */
function header(name: string, size: number, type = '0', linkname = ''): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0);
  block.write('0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  block.write('00000000000\0', 136);
  block.write(' '.repeat(8), 148);
  block.write(type, 156);
  block.write(linkname, 157);
  block.write('ustar\0', 257);
  block.write('00', 263);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}
const file = (name: string, text: string) => {
  const body = Buffer.alloc(Math.ceil(text.length / 512) * 512);
  body.write(text);
  return Buffer.concat([header(name, text.length), body]);
};
const archive = (name: string, ...parts: Buffer[]) => {
  const where = path.join(scratch, name);
  writeFileSync(where, gzipSync(Buffer.concat([...parts, Buffer.alloc(1024)])));
  return where;
};

describe.runIf(TEST_DB === 'pglite')('restore refuses hostile archives', () => {
  const cases: [string, string, RegExp][] = [
    // Claims 2 GiB: PostgreSQL never writes a file over 1 GB, so the header alone is enough.
    [
      'huge.tar.gz',
      archive('huge.tar.gz', file('PG_VERSION', '17\n'), header('base/1/1259', 2 * 1024 ** 3)),
      /it holds a file of 2\.0 GB \(base\/1\/1259\); a database folder's files are at most 1\.0 GB/,
    ],
    [
      'escape.tar.gz',
      archive('escape.tar.gz', file('../escaped', '17\n')),
      /it names a file outside its own folder \(\.\.\/escaped\)/,
    ],
    [
      'link.tar.gz',
      archive('link.tar.gz', header('PG_VERSION', 0, '2', '/etc/passwd')),
      /it holds a symbolic link \(PG_VERSION\)/,
    ],
    ['no-version.tar.gz', archive('no-version.tar.gz', file('notes.txt', 'hello\n')), /no PG_VERSION file/],
    ['not-tar.tar.gz', archive('not-tar.tar.gz', Buffer.from('x'.repeat(4096))), /a gzip file but not a tar archive/],
  ];
  it.each(cases)(
    '%s: one line saying why, exit 1, nothing written',
    async (name, archivePath, reason) => {
      const target = path.join(scratch, `into-${name}`);
      const run = await runScript('server/cli/restore.ts', { DATA_DIR: target }, { args: [archivePath] });
      expect(run.code, run.output).toBe(1);
      expect(run.output.trim().split('\n'), run.output).toHaveLength(1);
      expect(run.output).toMatch(reason);
      expect(run.output).toMatch(/Nothing was written to/);
      expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
      expect(readdirSync(scratch).filter((f) => f.includes('.restoring-'))).toEqual([]);
      expect(existsSync(path.join(scratch, 'escaped'))).toBe(false);
    },
    60_000,
  );

  it('a large archive piped to a log shows a plain progress line every 10%', async () => {
    // 9 MiB that gzip cannot shrink: past the size where a restore takes long enough to report.
    const big = 9 * 1024 * 1024;
    const where = archive('big.tar.gz', file('PG_VERSION', '18\n'), header('base/1/big', big), randomBytes(big));
    const run = await runScript(
      'server/cli/restore.ts',
      { DATA_DIR: path.join(scratch, 'into-big') },
      { args: [where] },
    );
    // Not a real database, so it is refused after unpacking; the lines came while it unpacked.
    const lines = run.output.split('\n').filter((l) => l.startsWith('Unpacking: '));
    expect(
      lines.map((l) => /^Unpacking: (\d+)% \([\d.]+ of [\d.]+ MB\)$/.exec(l)?.[1]),
      run.output,
    ).toEqual(['10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
    expect(run.output).toMatch(/Could not restore/);
  }, 60_000);

  // The bar-or-lines choice is made by the stream progress is written to (stderr, as the other
  // commands), so stdout keeps only the result. `script` gives stderr a terminal.
  // Under CI it always runs (Debian's bsdutils has script).
  it.runIf(existsSync('/usr/bin/script') || process.env.CI === 'true')(
    'progress is on stderr and chosen by it: lines when piped, a bar on a terminal, never on stdout',
    () => {
      const big = 9 * 1024 * 1024;
      const where = archive('streams.tar.gz', file('PG_VERSION', '18\n'), header('base/1/big', big), randomBytes(big));
      const options = {
        cwd: path.resolve(import.meta.dirname, '..', '..'),
        env: { ...process.env, DATA_DIR: path.join(scratch, 'into-streams') },
        encoding: 'utf8' as const,
        timeout: 60_000,
      };
      const args = ['--import', 'tsx', 'server/cli/restore.ts', where];
      const piped = spawnSync(process.execPath, args, options);
      expect(piped.stderr).toMatch(/^Unpacking: 100% /m);
      expect(piped.stdout).not.toMatch(/Unpacking/);

      const stdout = path.join(scratch, 'restore-stdout.txt');
      const command = [process.execPath, ...args].map((a) => JSON.stringify(a)).join(' ');
      const terminal = spawnSync('script', ['-qec', `${command} > ${JSON.stringify(stdout)}`, '/dev/null'], options);
      expect(terminal.stdout).toMatch(/Unpacking \[/);
      expect(terminal.stdout).not.toMatch(/Unpacking: /);
      expect(terminal.stdout).toMatch(/Could not restore/);
      expect(readFileSync(stdout, 'utf8')).not.toMatch(/Unpacking/);
    },
    60_000,
  );

  it('a file that is not gzip says so', async () => {
    const plain = path.join(scratch, 'plain.tar.gz');
    writeFileSync(plain, 'not a backup');
    const target = path.join(scratch, 'into-plain');
    mkdirSync(target);
    const run = await runScript('server/cli/restore.ts', { DATA_DIR: target }, { args: [plain] });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/Could not restore .*: it is not a gzip file\./);
    expect(readdirSync(target)).toEqual([]);
  }, 60_000);
});

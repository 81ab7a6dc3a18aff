import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postcodeOutwards, postcodes, postcodesEnded } from '../../drizzle/schema';
import { loadPostcodes } from '../../schema/domain/postcodes-load';
import { startServer, type TestServer } from '../setup/server';

// Successive ONSPD files: a postcode a later file terminates stops resolving, an outward code's
// centre is the mean of every postcode held for it (each once), and a row that holds no postcode
// at all is counted apart from one without a location.
const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/onspd-sample.csv');
const [headerLine, templateLine] = readFileSync(FIXTURE, 'utf8').split('\n');
const names = headerLine!.split(',');
const template = templateLine!.split(',');

/** An ONSPD file in the real format: the fixture's header, and its first row with these fields changed. */
function onspd(rows: { pcds: string; lat: number; long: number; doterm?: string }[]): Readable {
  const lines = rows.map((r) => {
    const cells = [...template];
    const set = (name: string, value: string) => {
      cells[names.indexOf(name)] = value;
    };
    set('pcd', r.pcds.replace(' ', ''));
    set('pcd2', r.pcds);
    set('pcds', r.pcds);
    set('doterm', r.doterm ?? '');
    set('lat', r.lat.toFixed(6));
    set('long', r.long.toFixed(6));
    return cells.join(',');
  });
  return Readable.from([`${[headerLine, ...lines].join('\n')}\n`]);
}

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const centre = async (outward: string) =>
  (await s.db.select().from(postcodeOutwards).where(eq(postcodeOutwards.outward, outward)))[0];
const ended = (p: string) => s.db.select().from(postcodesEnded).where(eq(postcodesEnded.postcode, p));
const precision = async (p: string) =>
  (await s.gql(`query($p: String!) { postcode(postcode: $p) { precision } }`, { p })).data.postcode.precision;

describe('loading one postcode file after another', () => {
  it('removes a postcode a later file terminates, recentres outward codes over all held postcodes, counts non-postcodes apart', async () => {
    // KW1 is not in the demo seed's postcodes: its centre comes from these files alone.
    expect(await s.db.select().from(postcodes).where(like(postcodes.postcode, 'KW1 %'))).toEqual([]);
    const first = await loadPostcodes(
      s.db,
      onspd([
        { pcds: 'KW1 4AA', lat: 58.0, long: -3.0 },
        // The same postcode twice: counted once in its outward code's centre.
        { pcds: 'KW1 4AA', lat: 58.0, long: -3.0 },
        { pcds: 'KW1 4AB', lat: 58.4, long: -3.4 },
      ]),
    );
    expect(first).toMatchObject({ read: 3, loaded: 2, outwards: 1 });
    expect((await centre('KW1'))!.latitude).toBeCloseTo(58.2, 9);
    expect((await centre('KW1'))!.longitude).toBeCloseTo(-3.2, 9);
    expect(await precision('KW1 4AB')).toBe('FULL');

    const second = await loadPostcodes(
      s.db,
      onspd([
        { pcds: 'KW1 4AB', lat: 58.4, long: -3.4, doterm: '202601' },
        { pcds: 'KW1 5AA', lat: 58.6, long: -3.6 },
        { pcds: 'NOTAPC', lat: 58.5, long: -3.5 },
      ]),
    );
    expect(second).toEqual({
      read: 3,
      loaded: 1,
      terminated: 1,
      removed: 1,
      invalid: 0,
      notPostcode: 1,
      outwards: 1,
      format: 'ONSPD',
    });
    // Terminated in the later file: no longer a current postcode, only its outward code is known.
    expect(await s.db.select().from(postcodes).where(eq(postcodes.postcode, 'KW1 4AB'))).toEqual([]);
    expect(await precision('KW1 4AB')).toBe('OUTWARD');
    // ...and held as ended, with its month, so a search can say it is no longer in use.
    expect(await ended('KW1 4AB')).toEqual([{ postcode: 'KW1 4AB', endedOn: '2026-01' }]);
    // KW1's centre: KW1 4AA from the first file and KW1 5AA from the second.
    expect((await centre('KW1'))!.latitude).toBeCloseTo((58.0 + 58.6) / 2, 9);
    expect((await centre('KW1'))!.longitude).toBeCloseTo((-3.0 + -3.6) / 2, 9);
  });
});

describe('a postcode that ended, then is used again', () => {
  it('is held as ended with its month (null when doterm is odd) until a newer file lists it live', async () => {
    await loadPostcodes(
      s.db,
      onspd([
        { pcds: 'KW2 6AA', lat: 58.3, long: -3.3, doterm: '201912' },
        { pcds: 'KW2 6AB', lat: 58.3, long: -3.3, doterm: 'n/a' },
        { pcds: 'KW2 6AD', lat: 58.3, long: -3.3 },
      ]),
    );
    expect(await ended('KW2 6AA')).toEqual([{ postcode: 'KW2 6AA', endedOn: '2019-12' }]);
    expect(await ended('KW2 6AB')).toEqual([{ postcode: 'KW2 6AB', endedOn: null }]);
    const q = `query($p: String!) { postcode(postcode: $p) { postcode outward precision endedOn } }`;
    expect((await s.gql(q, { p: 'kw26aa' })).data.postcode).toEqual({
      postcode: 'KW2 6AA',
      outward: 'KW2',
      precision: 'OUTWARD',
      endedOn: '2019-12',
    });
    // A renumbered development re-using the postcode: live again, and no longer ended.
    const later = await loadPostcodes(s.db, onspd([{ pcds: 'KW2 6AA', lat: 58.31, long: -3.31 }]));
    expect(later).toMatchObject({ loaded: 1, terminated: 0, removed: 0 });
    expect(await ended('KW2 6AA')).toEqual([]);
    expect((await s.gql(q, { p: 'KW2 6AA' })).data.postcode).toMatchObject({ precision: 'FULL', endedOn: null });
  });
});

describe('an outward code whose postcodes a later file all terminates', () => {
  it('is removed, so a search there is told the postcode is unknown, as for any unknown outward code', async () => {
    // KW99 is in neither the demo seed nor the national centroids: only these files place it.
    expect(await centre('KW99')).toBeUndefined();
    await loadPostcodes(
      s.db,
      onspd([
        { pcds: 'KW99 1AA', lat: 58.0, long: -3.0 },
        { pcds: 'KW99 1AB', lat: 58.2, long: -3.2 },
      ]),
    );
    expect(await precision('KW99 1AC')).toBe('OUTWARD');
    const later = await loadPostcodes(
      s.db,
      onspd([
        { pcds: 'KW99 1AA', lat: 58.0, long: -3.0, doterm: '202601' },
        { pcds: 'KW99 1AB', lat: 58.2, long: -3.2, doterm: '202601' },
      ]),
    );
    expect(later).toMatchObject({ terminated: 2, removed: 2, outwards: 0 });
    expect(await centre('KW99')).toBeUndefined();
    expect(await precision('KW99 1AA')).toBe('UNKNOWN');
    // Its outward code is gone too, but it is still known to have ended.
    const q = `query($p: String!) { postcode(postcode: $p) { precision endedOn } }`;
    expect((await s.gql(q, { p: 'KW99 1AA' })).data.postcode).toEqual({ precision: 'UNKNOWN', endedOn: '2026-01' });
    expect(await precision('KW99 1AC')).toBe('UNKNOWN');
    // A search near it says it is unknown and that it ended; one never held says only the first.
    const search = `query($p: String!) { services(first: 1, filter: { nearPostcode: $p }) { totalCount } }`;
    const said = async (p: string) => (await s.gql(search, { p })).errors?.[0]?.extensions?.fieldErrors;
    expect(await said('KW99 1AA')).toEqual([
      {
        path: ['filter', 'nearPostcode'],
        message: 'We do not know the postcode KW99 1AA: it is no longer in use (it ended in January 2026)',
      },
    ]);
    expect(await said('KW99 1AC')).toEqual([
      { path: ['filter', 'nearPostcode'], message: 'We do not know the postcode KW99 1AC' },
    ]);
    // The Open Referral feed's postcode parameter says the same, as a 400 naming the parameter.
    const feed = async (p: string) => {
      const res = await fetch(`${s.url}/openreferral/demo/services?postcode=${encodeURIComponent(p)}`);
      return { status: res.status, body: await res.json() };
    };
    expect(await feed('KW99 1AA')).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'BAD_REQUEST',
          parameter: 'postcode',
          message: 'We do not know the postcode KW99 1AA: it is no longer in use (it ended in January 2026)',
        },
      },
    });
    expect(await feed('KW99 1AC')).toMatchObject({
      status: 400,
      body: { error: { parameter: 'postcode', message: 'We do not know the postcode KW99 1AC' } },
    });
  });

  it('keeps the centre of an outward code a file names only by terminated postcodes we never held', async () => {
    // A centre with no postcodes of ours behind it (as the national centroids are): the file's
    // terminated row removes nothing, so the centre stays.
    await s.db.insert(postcodeOutwards).values({ outward: 'KW98', latitude: 58.1, longitude: -3.1 });
    const later = await loadPostcodes(s.db, onspd([{ pcds: 'KW98 1AA', lat: 58.1, long: -3.1, doterm: '201001' }]));
    expect(later).toMatchObject({ terminated: 1, removed: 0 });
    expect(await centre('KW98')).toEqual({ outward: 'KW98', latitude: 58.1, longitude: -3.1 });
    expect(await precision('KW98 1AB')).toBe('OUTWARD');
  });
});

describe('npm run postcodes:load -- --help', () => {
  it('prints the usage on stdout and exits 0', async () => {
    const run = await promisify(execFile)('npx', ['tsx', 'server/cli/postcodes-load.ts', '--help'], { cwd: ROOT }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
    );
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/^Usage: npm run postcodes:load -- /);
  }, 60_000);
});

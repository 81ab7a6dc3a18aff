import { execFile } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postcodeOutwards, postcodes, postcodesEnded } from '../../drizzle/schema';
import { gridToWgs84 } from '../../schema/domain/osgb';
import { loadPostcodes } from '../../schema/domain/postcodes-load';
import { startServer, type TestServer } from '../setup/server';

// Real postcode data: the ONS Postcode Directory loaded (a small fixture in its real format),
// terminated postcodes skipped, outward-code centroids, and the outward fallback a search states.
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/onspd-sample.csv');
const CODE_POINT = path.resolve(import.meta.dirname, '../fixtures/codepoint-open-sample.csv');
const ROOT = path.resolve(import.meta.dirname, '../..');
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('loading OS Code-Point Open', () => {
  it('is told from ONSPD by its first line; eastings and northings become WGS84; no-coordinate rows skipped', async () => {
    const summary = await loadPostcodes(s.db, createReadStream(CODE_POINT));
    expect(summary).toEqual({
      read: 5,
      loaded: 4,
      terminated: 0,
      removed: 0,
      invalid: 1,
      notPostcode: 0,
      outwards: 2,
      format: 'CODE_POINT_OPEN',
    });
    const [palace] = await s.db.select().from(postcodes).where(eq(postcodes.postcode, 'SW1A 1AA'));
    expect(palace).toMatchObject(gridToWgs84(529090, 179645));
    // Where the ONSPD puts it (lat 51.501009, long -0.141588): within a few metres.
    expect(palace!.latitude).toBeCloseTo(51.501009, 4);
    expect(palace!.longitude).toBeCloseTo(-0.141588, 4);
    expect(await s.db.select().from(postcodes).where(eq(postcodes.postcode, 'SE6 9ZZ'))).toEqual([]);
    const [sw1a] = await s.db.select().from(postcodeOutwards).where(eq(postcodeOutwards.outward, 'SW1A'));
    const three = [gridToWgs84(529090, 179645), gridToWgs84(529095, 179635), gridToWgs84(530047, 179951)];
    expect(sw1a!.latitude).toBeCloseTo(three.reduce((t, p) => t + p.latitude, 0) / 3, 6);
  });
  it('reads the file with the header row OS ships separately, too', async () => {
    const csv =
      'Postcode,Positional_quality_indicator,Eastings,Northings,Country_code,NHS_regional_HA_code,NHS_HA_code,Admin_county_code,Admin_district_code,Admin_ward_code\n' +
      '"SW1A0AA",10,530268,179545,"E92000001","E19000003","E18000007","","E09000033","E05013806"\n';
    expect(await loadPostcodes(s.db, Readable.from([csv]))).toMatchObject({
      read: 1,
      loaded: 1,
      format: 'CODE_POINT_OPEN',
    });
    const [row] = await s.db.select().from(postcodes).where(eq(postcodes.postcode, 'SW1A 0AA'));
    expect(row).toMatchObject(gridToWgs84(530268, 179545));
  });
});

describe('loading the ONS Postcode Directory', () => {
  it('loads live postcodes, skips terminated and unlocated ones, computes outward centroids', async () => {
    const summary = await loadPostcodes(s.db, createReadStream(FIXTURE));
    expect(summary).toEqual({
      read: 6,
      loaded: 4,
      terminated: 1,
      removed: 0,
      invalid: 1,
      notPostcode: 0,
      outwards: 2,
      format: 'ONSPD',
    });
    const rows = await s.db
      .select()
      .from(postcodes)
      .where(inArray(postcodes.postcode, ['SE15 4QL', 'SE15 8ZZ', 'ZZ99 3WZ', 'M1 1AE']));
    expect(rows.map((r) => r.postcode).sort()).toEqual(['M1 1AE', 'SE15 4QL']);
    expect(rows.find((r) => r.postcode === 'SE15 4QL')).toMatchObject({ latitude: 51.469427, longitude: -0.067383 });
    // The terminated row (doterm 201212) is held as ended, with its month.
    expect(await s.db.select().from(postcodesEnded).where(eq(postcodesEnded.postcode, 'SE15 8ZZ'))).toEqual([
      { postcode: 'SE15 8ZZ', endedOn: '2012-12' },
    ]);
    const [se15] = await s.db.select().from(postcodeOutwards).where(eq(postcodeOutwards.outward, 'SE15'));
    expect(se15!.latitude).toBeCloseTo((51.469427 + 51.469083 + 51.477371) / 3, 6);
    // Loading again changes nothing but is allowed (councils reload each quarter's release).
    expect(await loadPostcodes(s.db, createReadStream(FIXTURE))).toMatchObject({ loaded: 4 });
  });

  it('skips a row whose coordinates are missing or are no place in the UK, and keeps its outward centre true', async () => {
    const header = 'pcds,doterm,lat,long\n';
    // Berwick-upon-Tweed: an outward code the demo holds no postcodes in, so its centre is this file's.
    const rows = ['TD15 1AA,,55.770000,-2.000000', 'TD15 1AB,,55.770000,500', 'TD15 1AD,,,', 'TD15 1AE,,0,0'];
    const summary = await loadPostcodes(s.db, Readable.from([header + rows.join('\n')]));
    expect(summary).toMatchObject({ read: 4, loaded: 1, invalid: 3 });
    const held = await s.db
      .select()
      .from(postcodes)
      .where(inArray(postcodes.postcode, ['TD15 1AA', 'TD15 1AB', 'TD15 1AD', 'TD15 1AE']));
    expect(held.map((r) => r.postcode)).toEqual(['TD15 1AA']);
    const [td15] = await s.db.select().from(postcodeOutwards).where(eq(postcodeOutwards.outward, 'TD15'));
    expect(td15).toMatchObject({ latitude: 55.77, longitude: -2 });
  });

  it('finds services near SE15 4QL, and says when only the outward code is known', async () => {
    const search = await s.gql(
      `{ services(first: 3, filter: { nearPostcode: "se15 4ql", withinKm: 5 }) { totalCount edges { node { distanceKm } } } }`,
    );
    expect(search.errors).toBeUndefined();
    expect(search.data.services.totalCount).toBeGreaterThan(0);
    const q = `query($p: String!) { postcode(postcode: $p) { postcode outward precision } }`;
    expect((await s.gql(q, { p: 'se154ql' })).data.postcode).toEqual({
      postcode: 'SE15 4QL',
      outward: 'SE15',
      precision: 'FULL',
    });
    expect((await s.gql(q, { p: 'SE15 9XX' })).data.postcode).toEqual({
      postcode: 'SE15 9XX',
      outward: 'SE15',
      precision: 'OUTWARD',
    });
    expect((await s.gql(q, { p: 'YO62 5XX' })).data.postcode.precision).toBe('UNKNOWN');
    // A postcode that has ended: placed by its outward code, and said to be no longer in use.
    expect(
      (await s.gql(`query($p: String!) { postcode(postcode: $p) { precision endedOn } }`, { p: 'SE15 8ZZ' })).data
        .postcode,
    ).toEqual({ precision: 'OUTWARD', endedOn: '2012-12' });
    expect((await s.gql(`{ postcode(postcode: "SE15 9XX") { endedOn } }`)).data.postcode.endedOn).toBeNull();
    expect((await s.gql(q, { p: 'not a postcode' })).data.postcode).toBeNull();
  });

  it('npm run postcodes:load streams a file into a fresh database and reports; a missing file exits 1', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'postcodes-'));
    const run = promisify(execFile);
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const ok = await run('npx', ['tsx', 'server/cli/postcodes-load.ts', FIXTURE], { cwd: ROOT, env });
    expect(ok.stdout).toMatch(/Loaded 4 postcodes and 2 outward codes from 6 rows/);
    const missing = await run('npx', ['tsx', 'server/cli/postcodes-load.ts', '/nowhere.csv'], { cwd: ROOT, env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(missing).toMatchObject({ code: 1 });
  }, 120_000);

  it('a file that is not a postcode file, or an unknown option, is refused with a non-zero exit and nothing loaded', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'postcodes-bad-'));
    const { writeFileSync } = await import('node:fs');
    const garbage = path.join(dir, 'pc.csv');
    writeFileSync(garbage, 'garbage,,\n\x00\x01');
    const people = path.join(dir, 'people.csv');
    writeFileSync(people, 'name,email\nAda,ada@example.test\nGrace,grace@example.test\n');
    // The loader itself refuses before writing anything.
    const before = (await s.db.select().from(postcodes)).length;
    await expect(loadPostcodes(s.db, createReadStream(people))).rejects.toThrow(/none of its 3 rows has a postcode/);
    expect((await s.db.select().from(postcodes)).length).toBe(before);
    const env = { ...process.env, DATA_DIR: path.join(dir, 'data') } as Record<string, string | undefined>;
    delete env.DATABASE_URL;
    const run = (arg: string) =>
      promisify(execFile)('npx', ['tsx', 'server/cli/postcodes-load.ts', arg], { cwd: ROOT, env }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    for (const bad of [garbage, people]) {
      const result = await run(bad);
      expect(result.code, result.out).toBe(1);
      expect(result.out.trim()).toMatch(/^\S+ is not an ONSPD or Code-Point Open file: .*Nothing was changed\.$/);
      // The data folder it was pointed at did not exist: it is not left behind (audit 57).
      expect(existsSync(env.DATA_DIR!)).toBe(false);
    }
    const bogus = await run('--bogus');
    expect(bogus.code).toBe(2);
    expect(bogus.out).toMatch(/^Unknown option --bogus/);
  }, 120_000);
});

import { get } from 'node:http';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, zones } from '../../drizzle/schema';
import { rowsOf } from '../../schema/domain/rows';
import { planScale, zoneSlug } from '../../server/seed/scale/plan';
import { SCALE_PASSWORD, seedScale } from '../../server/seed/scale/run';
import { startServer, type TestServer } from '../setup/server';

// A commissioner who cancels the commissions CSV (closes the tab) must not leave the server reading
// the rest of the zone for nobody: streamCsvPages stops at the next page once the socket closes.
// Seen without timing: the export's audit record says how many rows were written when it stopped
// and that the file was not complete. Pages of 10 rows, a zone of 3,000 commissions: 300 pages.
// (A page is read only after the one before was written, so rows written is pages read, less one.)

const PAGE = 10;
const COMMISSIONS = 3000;
let s: TestServer;
let zoneId: number;
let token: string;
beforeAll(async () => {
  s = await startServer({ exportPageSize: PAGE });
  await seedScale(s.db, planScale({ services: 60, children: 150, commissions: COMMISSIONS, zones: 1 }), () => {});
  zoneId = (
    await s.db
      .select()
      .from(zones)
      .where(eq(zones.slug, zoneSlug(1)))
  )[0]!.id;
  // Long rationales (12 kB a row, 36 MB a file) outgrow what the sockets buffer (about 4 MB on loopback),
  // so the server meets backpressure and so hears of the close, whatever the database's pace.
  await s.db.execute(sql`update "commissions" set "rationale" = repeat('Agreed at the family review. ', 420)
    where "zoneId" = ${zoneId}`);
  const signIn = await s.gql(
    `mutation($input: SignInInput!) { signIn(input: $input) { ... on SignInSuccess { token } } }`,
    { input: { email: `commissioner@${zoneSlug(1)}.scale.test`, password: SCALE_PASSWORD } },
  );
  token = signIn.data.signIn.token;
}, 120_000);
afterAll(() => s.close());

/** Reads the export's first chunk, then goes away (the connection closed, as a cancelled download). */
const readFirstChunkAndLeave = () =>
  new Promise<{ status: number; chunk: string }>((resolve, reject) => {
    const req = get(
      `${s.url}/exports/commissions.csv?period=2026-27`,
      { headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.once('data', (chunk: Buffer) => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, chunk: chunk.toString('utf8') });
        });
      },
    );
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
  });

const exportRecord = async () =>
  (
    await s.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.zoneId, zoneId), eq(auditEvents.action, 'EXPORT_COMMISSIONS')))
  )[0]?.detail;

describe('the commissions CSV when the client goes away', () => {
  it('stops reading pages, and the audit record says the file was cut short', async () => {
    const [{ n: total }] = rowsOf(
      await s.db.execute(sql`select count(*)::int as n from "commissions" where "zoneId" = ${zoneId}`),
    ) as [{ n: number }];
    expect(Number(total)).toBe(COMMISSIONS);

    const { status, chunk } = await readFirstChunkAndLeave();
    expect(status).toBe(200);
    expect(chunk.startsWith('\uFEFFcommissionId,commissionReference,')).toBe(true);

    // The record is written once the stream has stopped; wait for it (bounded, not a timed assertion).
    let detail: Record<string, unknown> | undefined;
    for (let i = 0; i < 200 && !detail; i++) {
      detail = await exportRecord();
      if (!detail) await new Promise((r) => setTimeout(r, 50));
    }
    expect(detail).toMatchObject({ complete: false, period: '2026-27' });
    const rows = Number(detail!.rows);
    // Whole pages went out before the close was seen; far fewer than the zone's 300.
    expect(rows % PAGE).toBe(0);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(COMMISSIONS / 4);
  });
});

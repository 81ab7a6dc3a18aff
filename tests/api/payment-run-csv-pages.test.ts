import { get } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, paymentLines, paymentRuns, users } from '../../drizzle/schema';
import { PAYMENT_RUN_COLUMNS, paymentRunCsvPage } from '../../schema/domain/payment-export';
import { toCsv } from '../../server/export';
import { startServer, type TestServer } from '../setup/server';

// The payment run CSV is streamed in keyset pages (supplier name, then line id) like the commissions
// CSV. Paging must not change a byte: a run read 2 lines a page is exactly the file of one read,
// written whole as the export did before it streamed.

const PAGE = 2;
let s: TestServer;
let zoneId: number;
let runId: number;
beforeAll(async () => {
  s = await startServer({ exportPageSize: PAGE });
  zoneId = (await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test')))[0]!.zoneId;
  runId = (await s.db.select().from(paymentRuns).where(eq(paymentRuns.zoneId, zoneId)))[0]!.id;
});
afterAll(() => s.close());

/** The body and trailers (node:http: fetch does not expose the X-SQL-Statements trailer). */
const download = (path: string, token: string) =>
  new Promise<{ status: number; text: string; trailers: NodeJS.Dict<string> }>((resolve, reject) =>
    get(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, trailers: res.trailers }));
    }).on('error', reject),
  );

describe('the payment run CSV, page by page', () => {
  it('is byte for byte the whole run written at once, one SQL statement a page', async () => {
    // The file as it was made before streaming: every row read at once, written whole.
    const whole = await paymentRunCsvPage(s.db, zoneId, runId, null, 1_000_000);
    expect(whole.length).toBeGreaterThan(2 * PAGE);
    // Some supplier has lines on both sides of a page boundary: the key's line id orders within it.
    const suppliers = whole.map((r) => r.supplier);
    expect(new Set(suppliers).size).toBeLessThan(suppliers.length);

    const { status, text, trailers } = await download(
      `/exports/payment-runs/${runId}.csv`,
      await s.signIn('commissioner@demo.test'),
    );
    expect(status).toBe(200);
    expect(text).toBe(toCsv(whole, PAYMENT_RUN_COLUMNS));
    // A byte-order mark first, for Excel (which reads UTF-8 without one as Windows-1252), then the header.
    expect(text.split('\n')[0]).toBe(`\uFEFF${PAYMENT_RUN_COLUMNS.join(',')}`);
    // Full pages, then the short (perhaps empty) one that says it is the last.
    expect(trailers['x-sql-statements']).toBe(String(Math.floor(whole.length / PAGE) + 1));
  });

  // Audit 42 F10: the file and the run's lines named the supplier as it is called today.
  it('names each supplier as paid, though the organisation is renamed afterwards', async () => {
    const [first] = await paymentRunCsvPage(s.db, zoneId, runId, null, 1);
    const [line] = await s.db.select().from(paymentLines).where(eq(paymentLines.runId, runId)).limit(1);
    const [org] = await s.db.select().from(organisations).where(eq(organisations.id, line!.organisationId));
    const paidAs = org!.name;
    await s.db
      .update(organisations)
      .set({ name: `${paidAs} (renamed)` })
      .where(eq(organisations.id, org!.id));
    try {
      const { text } = await download(`/exports/payment-runs/${runId}.csv`, await s.signIn('commissioner@demo.test'));
      expect(text).toContain(paidAs);
      expect(text).not.toContain('(renamed)');
      expect((await paymentRunCsvPage(s.db, zoneId, runId, null, 1))[0]).toEqual(first);
      const runs = await s.gql(
        '{ paymentRuns(first: 50) { edges { node { lines { remittanceNumber supplierName supplier { name } } } } } }',
        {},
        await s.signIn('commissioner@demo.test'),
      );
      const lines = runs.data.paymentRuns.edges.flatMap((e: { node: { lines: unknown[] } }) => e.node.lines);
      const renamed = lines.find((l: { remittanceNumber: string }) => l.remittanceNumber === line!.remittanceNumber);
      expect(renamed).toEqual({
        remittanceNumber: line!.remittanceNumber,
        supplierName: paidAs,
        supplier: { name: `${paidAs} (renamed)` },
      });
    } finally {
      await s.db.update(organisations).set({ name: paidAs }).where(eq(organisations.id, org!.id));
    }
  });
});

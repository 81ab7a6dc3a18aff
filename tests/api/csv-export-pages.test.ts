import { get } from 'node:http';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../drizzle/schema';
import { commissionExportPage, EXPORT_PAGE_SIZE } from '../../schema/domain/report';
import { startServer, type TestServer } from '../setup/server';

// The commissions CSV is read a page at a time (keyset on the commission id), so memory stays flat
// at any size. Paging must not change a byte: pages joined equal the zone read whole, money
// attribution included (each page attributes only its own commissions' budgets).

let s: TestServer;
let zoneId: number;
beforeAll(async () => {
  s = await startServer();
  zoneId = (await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test')))[0]!.zoneId;
});
afterAll(() => s.close());

const WINDOWS = [{ period: '2026-27' }, { period: '2025-26' }, { from: '2026-09-01', to: '2026-12-31' }];

async function allPages(window: (typeof WINDOWS)[number], size: number) {
  const rows: Record<string, unknown>[] = [];
  let pages = 0;
  for (let after = 0; ; ) {
    const page = await commissionExportPage(s.db, zoneId, window, after, size);
    pages += 1;
    if (page.length === 0) return { rows, pages };
    expect(page.length).toBeLessThanOrEqual(size);
    rows.push(...page);
    after = Number(page[page.length - 1]!.commissionId);
  }
}

describe('the commissions CSV, page by page', () => {
  it('joins its pages of 7 into exactly the rows of one read, in id order, for each window', async () => {
    for (const window of WINDOWS) {
      const whole = await commissionExportPage(s.db, zoneId, window, 0, 1_000_000);
      const paged = await allPages(window, 7);
      expect(paged.rows).toEqual(whole);
      expect(paged.pages).toBe(Math.ceil(whole.length / 7) + 1);
      const ids = whole.map((r) => Number(r.commissionId));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      if (window.period === '2026-27') expect(whole.length).toBeGreaterThan(14);
    }
  });

  it('serves the same rows over HTTP, one SQL statement a page', async () => {
    const token = await s.signIn('commissioner@demo.test');
    // node:http, not fetch: fetch does not expose the X-SQL-Statements trailer sent after the body.
    const { status, text, trailers } = await new Promise<{
      status: number;
      text: string;
      trailers: NodeJS.Dict<string>;
    }>((resolve, reject) =>
      get(
        `${s.url}/exports/commissions.csv?period=2026-27`,
        { headers: { authorization: `Bearer ${token}` } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text, trailers: res.trailers }));
        },
      ).on('error', reject),
    );
    expect(status).toBe(200);
    // A byte-order mark first, for Excel (which reads UTF-8 without one as Windows-1252), then the header.
    expect(text.startsWith('\uFEFFcommissionId,')).toBe(true);
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    const whole = await commissionExportPage(s.db, zoneId, { period: '2026-27' }, 0, 1_000_000);
    expect(rows.map((r) => Number(r.commissionId))).toEqual(whole.map((r) => Number(r.commissionId)));
    expect(rows.map((r) => r.amountPounds)).toEqual(whole.map((r) => String(r.amountPounds)));
    // The demo zone fits one page (shorter than a page, so the last): one statement.
    expect(whole.length).toBeLessThan(EXPORT_PAGE_SIZE);
    expect(trailers['x-sql-statements']).toBe('1');
  });
});

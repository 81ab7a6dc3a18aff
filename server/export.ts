import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../drizzle/client';
import type { Context, Viewer } from '../schema/context';
import { audit } from '../schema/domain/audit';
import { ValidationError } from '../schema/domain/errors';
import {
  commissionExportPage,
  EXPORT_PAGE_SIZE,
  SOURCE_COLUMNS,
  type SpendWindow,
  spendWindow,
} from '../schema/domain/report';
import type { Tx } from '../schema/domain/transaction';
import {
  UNMET_NEED_CSV_COLUMNS,
  type UnmetNeedWindow,
  unmetNeedCsvRows,
  unmetNeedReport,
  unmetNeedWindow,
} from '../schema/domain/unmet-need-report';
import { createContext } from './context';
import { endCsv, readConsistently, streamCsvPages } from './csv-stream';

// Amounts in pounds ("45.00"); commissionReference is what people quote (CR-7KQ2M, as in emails).
const COLUMNS = [
  'commissionId',
  'commissionReference',
  'childReference',
  'school',
  'district',
  'service',
  'provider',
  'status',
  'period',
  'units',
  'unitPricePounds',
  'amountPounds',
  'unitsDelivered',
  'spentPounds',
  'raisedAt',
  'rationale',
  'closingReason',
  // What each funding source paid of the commission's committed or spent money (sums to spendReport(by: source)).
  ...SOURCE_COLUMNS.map(([, column]) => column),
];

/**
 * Every CSV the portal serves goes through here: a cell starting with = + - @ tab or carriage
 * return is prefixed with ' so a spreadsheet shows it as text and never runs it (OWASP CSV injection).
 * A byte-order mark first: Excel reads a UTF-8 file without one as Windows-1252.
 */
export function toCsv(rows: Record<string, unknown>[], columns: string[]): string {
  return stringify(rows, { header: true, bom: true, columns, escape_formulas: true });
}

/**
 * The commissioners-only exports' gate: 401 when signed out, 403 for any other role. Returns the
 * viewer, or null once the refusal is written.
 */
export function commissionerOnly(ctx: Context, res: ServerResponse, what: string): Viewer | null {
  if (!ctx.viewer) {
    res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Sign in to export');
    return null;
  }
  if (ctx.viewer.role !== 'COMMISSIONER') {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end(`Only commissioners can export ${what}`);
    return null;
  }
  return ctx.viewer;
}

/** GET /exports/commissions.csv: the zone's commissions for finance (commissioners only, audited). */
export async function exportCommissions(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  production: boolean,
  pageSize = EXPORT_PAGE_SIZE,
) {
  const ctx = await createContext(db, req, res, { secureCookies: production });
  const viewer = commissionerOnly(ctx, res, 'commissions');
  if (!viewer) return;
  // The same window as the spend page: ?period=2026-27 and/or ?from=2026-09-01&to=2026-12-31.
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  let window: SpendWindow;
  try {
    window = spendWindow({ period: query.get('period'), from: query.get('from'), to: query.get('to') }, viewer.period);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(error.message);
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="commissions-${[window.period, window.from, window.to].filter(Boolean).join('-')}.csv"`,
    'Cache-Control': 'no-store',
    ...(production ? {} : { Trailer: 'X-SQL-Statements' }),
  });
  // The file is the zone at one moment on PostgreSQL; page by page on PGlite (readConsistently).
  const written = await readConsistently(db, (reader) =>
    streamCsvPages(res, {
      counting: !production,
      columns: COLUMNS,
      start: 0,
      page: (after) => commissionExportPage(reader, viewer.zoneId, window, after, pageSize),
      pageSize,
      keyOf: (row) => Number(row.commissionId),
    }),
  );
  await audit(db as unknown as Tx, {
    zoneId: viewer.zoneId,
    actorId: viewer.id,
    action: 'EXPORT_COMMISSIONS',
    entityType: 'Zone',
    entityId: viewer.zoneId,
    detail: { rows: written.rows, complete: written.complete, ...window },
  });
  // Ended only now: a client that has the whole file can already read the export in the audit trail.
  endCsv(res, production, written.statements);
}

/** GET /exports/unmet-need.csv?from=&to=: the unmet-need report (the zone's commissioners and administrators, audited). */
export async function exportUnmetNeed(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  secureCookies: boolean,
  now: () => Date,
) {
  const ctx = await createContext(db, req, res, { secureCookies });
  if (!ctx.viewer) return void res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Sign in to export');
  if (ctx.viewer.role !== 'COMMISSIONER' && ctx.viewer.role !== 'ADMIN')
    return void res
      .writeHead(403, { 'Content-Type': 'text/plain' })
      .end('Only commissioners and administrators can export the unmet-need report');
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  let window: UnmetNeedWindow;
  try {
    window = unmetNeedWindow({ from: query.get('from'), to: query.get('to') }, now());
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return void res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(error.message);
  }
  const rows = unmetNeedCsvRows(await unmetNeedReport(db, ctx.viewer.zoneId, window));
  await audit(db as unknown as Tx, {
    zoneId: ctx.viewer.zoneId,
    actorId: ctx.viewer.id,
    action: 'EXPORT_UNMET_NEED',
    entityType: 'Zone',
    entityId: ctx.viewer.zoneId,
    detail: { rows: rows.length, ...window },
  });
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="unmet-need-${window.from}-${window.to}.csv"`,
    'Cache-Control': 'no-store',
  });
  res.end(toCsv(rows, UNMET_NEED_CSV_COLUMNS));
}

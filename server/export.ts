import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../drizzle/client';
import { audit } from '../schema/domain/audit';
import { commissionExportRows } from '../schema/domain/report';
import type { Tx } from '../schema/domain/transaction';
import { createContext } from './context';

const COLUMNS = [
  'commissionId',
  'reference',
  'childReference',
  'school',
  'district',
  'service',
  'provider',
  'status',
  'units',
  'unitPricePence',
  'amountPence',
  'unitsDelivered',
  'spentPence',
  'raisedAt',
];

/**
 * Every CSV the portal serves goes through here: a cell starting with = + - @ tab or carriage
 * return is prefixed with ' so a spreadsheet shows it as text and never runs it (OWASP CSV injection).
 */
export function toCsv(rows: Record<string, unknown>[], columns: string[]): string {
  return stringify(rows, { header: true, columns, escape_formulas: true });
}

/** GET /exports/commissions.csv: the zone's commissions for finance (commissioners only, audited). */
export async function exportCommissions(db: Db, req: IncomingMessage, res: ServerResponse, secureCookies: boolean) {
  const ctx = await createContext(db, req, res, { secureCookies });
  if (!ctx.viewer) {
    res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Sign in to export');
    return;
  }
  if (ctx.viewer.role !== 'COMMISSIONER') {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Only commissioners can export commissions');
    return;
  }
  const rows = await commissionExportRows(db, ctx.viewer.zoneId, ctx.viewer.period);
  await audit(db as unknown as Tx, {
    zoneId: ctx.viewer.zoneId,
    actorId: ctx.viewer.id,
    action: 'EXPORT_COMMISSIONS',
    entityType: 'Zone',
    entityId: ctx.viewer.zoneId,
    detail: { rows: rows.length, period: ctx.viewer.period },
  });
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="commissions-${ctx.viewer.period}.csv"`,
    'Cache-Control': 'no-store',
  });
  res.end(toCsv(rows, COLUMNS));
}

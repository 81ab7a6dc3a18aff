import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../drizzle/client';
import { audit } from '../schema/domain/audit';
import { parseGlobalId } from '../schema/domain/ids';
import {
  PAYMENT_RUN_COLUMNS,
  type PaymentRunKey,
  paymentRunCsvPage,
  paymentRunKey,
  paymentRunToExport,
} from '../schema/domain/payment-export';
import { EXPORT_PAGE_SIZE } from '../schema/domain/report';
import type { Tx } from '../schema/domain/transaction';
import { createContext } from './context';
import { endCsv, readConsistently, streamCsvPages } from './csv-stream';
import { commissionerOnly } from './export';

/**
 * The run in the address: its `id` as the API returns it (a PaymentRun global ID, percent-encoded or
 * not), or the bare number earlier links carry. Anything else (another type's id included) is null.
 */
export function paymentRunIdOf(segment: string): number | null {
  if (/^[0-9]{1,9}$/.test(segment)) return Number(segment);
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return null;
  }
  const parsed = parseGlobalId(decoded);
  return parsed?.typename === 'PaymentRun' ? parsed.id : null;
}

/**
 * GET /exports/payment-runs/<id>.csv: a payment run for the finance system (commissioners only,
 * audited). Streamed in keyset pages like the commissions CSV, so a run of any size takes flat memory.
 */
export async function exportPaymentRun(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  production: boolean,
  runId: string,
  pageSize = EXPORT_PAGE_SIZE,
) {
  const ctx = await createContext(db, req, res, { secureCookies: production });
  const viewer = commissionerOnly(ctx, res, 'payment runs');
  if (!viewer) return;
  const id = paymentRunIdOf(runId);
  const run = id === null ? null : await paymentRunToExport(db, viewer.zoneId, id);
  if (!run || id === null) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('No such payment run');
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="payment-run-${run.reference}.csv"`,
    'Cache-Control': 'no-store',
    ...(production ? {} : { Trailer: 'X-SQL-Statements' }),
  });
  const written = await readConsistently(db, (reader) =>
    streamCsvPages<PaymentRunKey>(res, {
      counting: !production,
      columns: PAYMENT_RUN_COLUMNS,
      start: null,
      page: (after) => paymentRunCsvPage(reader, viewer.zoneId, id, after, pageSize),
      pageSize,
      keyOf: paymentRunKey,
    }),
  );
  await audit(db as unknown as Tx, {
    zoneId: viewer.zoneId,
    actorId: viewer.id,
    action: 'EXPORT_PAYMENT_RUN',
    entityType: 'PaymentRun',
    entityId: id,
    detail: { rows: written.rows, complete: written.complete },
  });
  // Ended only now: a client that has the whole file can already read the export in the audit trail.
  endCsv(res, production, written.statements);
}

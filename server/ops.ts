import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationError } from '../schema/domain/errors';
import type { Reconciliation } from '../schema/domain/reconcile';
import type { NewZone } from '../schema/domain/zones';
import { bearerCredentials } from './bearer';
import { json } from './json-response';

/**
 * What commands on this machine may ask a running server to do with the data it holds open
 * (PGlite has one process per folder, so they cannot open it themselves). The token is random per
 * start and written only into the data folder's lock file (mode 0600).
 */
export type ServerControl = {
  token: string;
  reconcile: () => Promise<Reconciliation>;
  /** A consistent gzipped tar of the PGlite data folder. */
  backup?: () => Promise<Blob>;
  /** zone:create, done by the server that holds the data. */
  createZone?: (input: NewZone) => Promise<{ signInToken: string | null }>;
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 100_000) throw new ValidationError('The request is too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ValidationError('The request is not JSON');
  }
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  control: ServerControl | undefined,
  fromLoopback: boolean,
): Promise<void> {
  if (!control || !fromLoopback) return json(res, 404, { error: 'Not found' });
  if (!bearerMatches(req, control.token)) return json(res, 401, { error: 'The control token is missing or wrong' });
  if (req.method !== 'POST') return json(res, 405, { error: 'Use POST' });
  if (pathname === '/ops/reconcile') return json(res, 200, await control.reconcile());
  if (pathname === '/ops/zone-create' && control.createZone) {
    try {
      return json(res, 200, await control.createZone((await readJson(req)) as NewZone));
    } catch (error) {
      if (error instanceof ValidationError) return json(res, 400, { error: error.message });
      throw error;
    }
  }
  if (pathname === '/ops/backup' && control.backup) {
    const dump = Buffer.from(await (await control.backup()).arrayBuffer());
    res.writeHead(200, {
      'Content-Type': 'application/gzip',
      'Content-Length': dump.length,
      'Cache-Control': 'no-store',
    });
    return void res.end(dump);
  }
  return json(res, 404, { error: 'Not found' });
}

/** Constant-time check of an Authorization: Bearer header against a secret. */
export function bearerMatches(req: IncomingMessage, secret: string | undefined): boolean {
  const credentials = bearerCredentials(req.headers.authorization);
  if (!secret || credentials === undefined) return false;
  const given = Buffer.from(credentials);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

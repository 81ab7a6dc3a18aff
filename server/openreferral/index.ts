import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../drizzle/client';
import { UUID } from '../../schema/domain/openreferral/ids';
import { type OrukQuery, ParameterError, parseQuery } from '../../schema/domain/openreferral/params';
import {
  organisationById,
  organisationsPage,
  serviceAtLocationById,
  serviceAtLocationsPage,
  serviceById,
  servicesPage,
  zoneBySlug,
} from '../../schema/domain/openreferral/publish';
import {
  taxonomiesPage,
  taxonomyById,
  taxonomyTermById,
  taxonomyTermsPage,
} from '../../schema/domain/openreferral/publish-taxonomies';
import { londonDate } from '../../schema/domain/working-days';
import { sendBody } from '../compress';
import { ANSWERED_FROM_PRIMARY, replicaReadFailure } from '../database-errors';
import { echoed } from '../echoed-input';
import { countStatements } from '../query-counter';
import { logServerError, requestRecordOf } from '../request-log';

// The Open Referral UK v3 read API of each zone, at /openreferral/{zoneSlug}/...: public, no
// key, any origin, JSON only. Parameters follow the ORUK OpenAPI description.

const VERSION = {
  version: 'HSDS-UK-3.0',
  profile: 'https://github.com/openreferral/uk-profile',
  openapi_url: 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json',
};

const SERVICE_PARAMS = [
  'search',
  'page',
  'per_page',
  'taxonomy_term_id',
  'taxonomy_id',
  'organization_id',
  'minimum_age',
  'maximum_age',
  'age',
  'day',
  'start_time',
  'end_time',
  'modified_after',
  'postcode',
  'proximity',
  'full_service',
] as const;
const PAGE_PARAMS = ['page', 'per_page'] as const;

type Lister = (db: Db, zoneId: number, q: OrukQuery) => Promise<unknown>;
type Getter = (db: Db, zoneId: number, id: string) => Promise<unknown>;
const COLLECTIONS: Record<string, { list: Lister; get: Getter; params: readonly string[]; what: string }> = {
  services: { list: servicesPage, get: serviceById, params: SERVICE_PARAMS, what: 'Service' },
  service_at_locations: {
    list: serviceAtLocationsPage,
    get: serviceAtLocationById,
    params: SERVICE_PARAMS,
    what: 'Service at location',
  },
  organizations: {
    list: organisationsPage,
    get: organisationById,
    params: ['search', ...PAGE_PARAMS],
    what: 'Organization',
  },
  taxonomies: {
    list: taxonomiesPage,
    get: taxonomyById,
    params: PAGE_PARAMS,
    what: 'Taxonomy',
  },
  taxonomy_terms: {
    list: taxonomyTermsPage,
    get: taxonomyTermById,
    params: [...PAGE_PARAMS, 'taxonomy_id'],
    what: 'Taxonomy term',
  },
};

/** JSON, compressed when the client accepts it: a page of 100 full services is about 230 kB as text. */
function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  sendBody(req, res, JSON.stringify(body));
}

const error = (code: string, message: string, parameter?: string) => ({
  error: { code, message, ...(parameter ? { parameter } : {}) },
});

export async function handleOpenReferral(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: Db,
  production = false,
  /** When `db` is the read replica: the primary, and how to report the replica lost. */
  replica?: { primary: Db; lost: () => void },
  /** The server's clock: an opening that has ended is not one a `day` search matches. */
  now: () => Date = () => new Date(),
): Promise<void> {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cache-Control', 'public, max-age=60');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Max-Age': '86400' });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD, OPTIONS');
    send(req, res, 405, error('METHOD_NOT_ALLOWED', 'This API is read only: use GET'));
    return;
  }
  // /openreferral/{zone}/{collection}/{id}
  let parts: string[];
  try {
    parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  } catch {
    send(req, res, 400, error('BAD_REQUEST', 'The path has a broken percent-escape (like %E0%A4%A)'));
    return;
  }
  const [zoneSlug, collection, id, ...rest] = parts;
  try {
    await countStatements(async (tally) => {
      const done = (status: number, body: unknown) => {
        if (!production) res.setHeader('X-SQL-Statements', String(tally.statements));
        send(req, res, status, body);
      };
      if (!zoneSlug || rest.length || !/^[a-z0-9-]{2,40}$/.test(zoneSlug))
        return done(404, error('NOT_FOUND', 'No such Open Referral endpoint'));
      const zone = await zoneBySlug(db, zoneSlug);
      if (!zone) return done(404, error('NOT_FOUND', `No partnership ${zoneSlug}`));
      if (!collection) return done(200, VERSION);
      const endpoint = COLLECTIONS[collection];
      if (!endpoint) return done(404, error('NOT_FOUND', 'No such Open Referral endpoint'));
      if (id !== undefined) {
        if (!UUID.test(id))
          return done(404, error('NOT_FOUND', `${endpoint.what} ${echoed(id)} not found (ids are UUIDs)`));
        const record = await endpoint.get(db, zone.id, id.toLowerCase());
        if (!record) return done(404, error('NOT_FOUND', `${endpoint.what} ${id} not found`));
        return done(200, record);
      }
      const q = { ...parseQuery(url.searchParams, endpoint.params), today: londonDate(now()) };
      return done(200, await endpoint.list(db, zone.id, q));
    });
  } catch (e) {
    if (e instanceof ParameterError) {
      send(req, res, 400, error('BAD_REQUEST', e.message, e.parameter));
      return;
    }
    const failed = replica && !res.headersSent ? replicaReadFailure(e) : null;
    if (replica && failed) {
      // The replica went away under this read, or cancelled it: it changed nothing, so the primary answers it.
      replica.lost();
      requestRecordOf(req)?.logger.warn(ANSWERED_FROM_PRIMARY[failed]);
      return handleOpenReferral(req, res, url, replica.primary, production, undefined, now);
    }
    logServerError(e, 'Open Referral request failed', req);
    if (!res.headersSent) send(req, res, 500, error('INTERNAL', 'Something went wrong'));
    else res.end();
  }
}

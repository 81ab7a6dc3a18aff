import type { IncomingMessage, ServerResponse } from 'node:http';
import { eq } from 'drizzle-orm';
import { execute, parse } from 'graphql';
import type { Db } from '../drizzle/client';
import { services } from '../drizzle/schema';
import { canSeeService, isProviderOf } from '../schema/domain/access';
import { schema } from '../schema/index';
import { createContext } from './context';
import { logServerError } from './request-log';
import type { PageChecks, PageRecord } from './web';

/**
 * Whether a listing's page should answer 200: the listing exists and this person may see it, by
 * the API's own rule. Unknown, hidden, draft and withdrawn listings answer alike (404, with the
 * app, which says "Service not found"), so the status never tells a stranger that a hidden one
 * exists; the provider's own draft stays 200 for its staff.
 */
export function listingPageStatus(db: Db, secureCookies: boolean, { own = false } = {}) {
  return async (record: PageRecord, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (record.typename !== 'Service') return false;
    try {
      const [listing] = await db
        .select({ zoneId: services.zoneId, organisationId: services.organisationId, status: services.status })
        .from(services)
        .where(eq(services.id, record.id));
      if (!listing) return false;
      const ctx = await createContext(db, req, res, { secureCookies });
      // The edit page is its own organisation's: another's published listing has no form to show.
      if (own && !isProviderOf(ctx, listing.organisationId)) return false;
      return canSeeService(ctx, listing);
    } catch (error) {
      // The page is the app either way: it asks the API and says what it finds.
      logServerError(error, 'listing page status failed', req);
      return true;
    }
  };
}

const NODE = parse('query PageStatus($id: ID!) { node(id: $id) { __typename } }');

/**
 * Whether a page's record exists and this person may see it, by asking the API's own node(id)
 * (each type's visibility rule, node-access.ts): the page of a record behind sign-in answers 404
 * to a stranger whether or not it exists, so the status tells no more than the API does.
 */
export function nodePageStatus(db: Db, secureCookies: boolean, typename: string) {
  return async (record: PageRecord, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (record.typename !== typename) return false;
    try {
      const result = await execute({
        schema,
        document: NODE,
        variableValues: { id: Buffer.from(`${record.typename}:${record.id}`).toString('base64') },
        contextValue: await createContext(db, req, res, { secureCookies }),
      });
      return (result.data?.node as { __typename?: string } | null)?.__typename === typename;
    } catch (error) {
      logServerError(error, 'page status failed', req);
      return true;
    }
  };
}

/**
 * Every app route naming a record, with its status check: a listing's pages (its commission form
 * and its provider's edit and history pages follow the listing) and each record behind sign-in.
 */
export function pageChecks(db: Db, secureCookies: boolean): PageChecks {
  const listing = listingPageStatus(db, secureCookies);
  const node = (typename: string) => nodePageStatus(db, secureCookies, typename);
  const child = node('Child');
  return {
    '/services/:id': listing,
    '/services/:id/commission': listing,
    '/provider/listings/:id/edit': listingPageStatus(db, secureCookies, { own: true }),
    '/listings/:id/history': listing,
    '/children/:id': child,
    '/children/:id/consent': child,
    '/commissions/:id': node('Commission'),
    '/funding/pots/:id': node('FundingPot'),
    '/shortlists/:id': node('Shortlist'),
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { eq } from 'drizzle-orm';
import type { Db } from '../drizzle/client';
import { services } from '../drizzle/schema';
import { canSeeService } from '../schema/domain/access';
import { createContext } from './context';
import { logServerError } from './request-log';
import type { PageChecks, PageRecord } from './web';

/**
 * Whether a listing's page should answer 200: the listing exists and this person may see it, by
 * the API's own rule. Unknown, hidden, draft and withdrawn listings answer alike (404, with the
 * app, which says "Service not found"), so the status never tells a stranger that a hidden one
 * exists; the provider's own draft stays 200 for its staff.
 */
export function listingPageStatus(db: Db, secureCookies: boolean) {
  return async (record: PageRecord, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (record.typename !== 'Service') return false;
    try {
      const [listing] = await db
        .select({ zoneId: services.zoneId, organisationId: services.organisationId, status: services.status })
        .from(services)
        .where(eq(services.id, record.id));
      if (!listing) return false;
      return canSeeService(await createContext(db, req, res, { secureCookies }), listing);
    } catch (error) {
      // The page is the app either way: it asks the API and says what it finds.
      logServerError(error, 'listing page status failed');
      return true;
    }
  };
}

/** The pages whose status asks the database: a listing's page and its commission form (which follows its listing). */
export function pageChecks(db: Db, secureCookies: boolean): PageChecks {
  const listing = listingPageStatus(db, secureCookies);
  return { '/services/:id': listing, '/services/:id/commission': listing };
}

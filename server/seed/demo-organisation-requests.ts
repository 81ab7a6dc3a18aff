import { organisationRequests } from '../../drizzle/schema';
import type { Tx } from '../../schema/domain/transaction';
import DEMO from './data/demo-organisation-requests.json';

/** Requests to join the directory waiting for an administrator (/admin/organisations), without emails. */
export async function seedOrganisationRequests(tx: Tx, zoneId: number, now = new Date()): Promise<void> {
  for (const { daysAgo, ...request } of DEMO.requests)
    await tx.insert(organisationRequests).values({
      zoneId,
      ...(request as Omit<typeof request, 'kind'> & { kind: 'VCSE' }),
      createdAt: new Date(now.getTime() - daysAgo * 86_400_000),
    });
}

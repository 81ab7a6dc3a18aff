import { eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { children, users } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { recordConsent } from '../../schema/domain/consent';
import { inTransaction } from '../../schema/domain/transaction';

/** The Viewer a domain call made by this seeded user would carry (no session; the period given). */
export async function viewerFor(db: Db, email: string, period = '2026-27'): Promise<Viewer> {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  return { id: u!.id, zoneId: u!.zoneId, role: u!.role, organisationId: u!.organisationId, sessionId: 0, period };
}

/**
 * A new child on the link worker's caseload (school, year and programme copied from one already there),
 * with no budget, and the family's consent to share with providers, without which nothing can be raised.
 */
export async function consentedChild(db: Db, lw: Viewer, reference: string, lastName: string): Promise<number> {
  const [like] = await db.select().from(children).where(eq(children.linkWorkerId, lw.id)).limit(1);
  const [c] = await db
    .insert(children)
    .values({
      zoneId: like!.zoneId,
      reference,
      firstName: 'Test',
      lastName,
      dateOfBirth: like!.dateOfBirth,
      yearGroup: like!.yearGroup,
      schoolId: like!.schoolId,
      linkWorkerId: lw.id,
      programmeStart: like!.programmeStart,
      programmeEnd: like!.programmeEnd,
    })
    .returning();
  await inTransaction(db, (tx) =>
    recordConsent(
      tx,
      lw,
      {
        childId: c!.id,
        givenBy: 'PARENT_OR_CARER',
        method: 'IN_PERSON',
        givenOn: '2026-09-01',
        purposes: ['SHARE_WITH_PROVIDERS'],
      },
      new Date('2026-09-01T09:00:00Z'),
    ),
  );
  return c!.id;
}

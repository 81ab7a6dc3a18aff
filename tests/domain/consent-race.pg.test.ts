import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { childConsents, commissions } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { raiseCommission } from '../../schema/domain/commissions';
import { withdrawConsent } from '../../schema/domain/consent';
import { reconcile } from '../../schema/domain/reconcile';
import { inTransaction } from '../../schema/domain/transaction';
import { freshDatabase } from '../setup/database';
import { freeChildren, serviceId, viewerFor } from '../setup/money';

// Audit 43 (issue 14, point 5): a consent withdrawal racing raises for the same child, from many
// connections on one PostgreSQL. A raise that waited for the withdrawal's lock must see it: either it
// is refused (ConsentRequiredError) or, raised first, it is paused by the withdrawal. Before, the
// raise read consent in the statement that waited for the lock, from its older snapshot, and most
// such raises came out APPROVED and unpaused with consent withdrawn.

let db: DbHandle;
let linkWorker: Viewer;
let therapy: number;
let kids: number[];

beforeAll(async () => {
  db = await freshDatabase();
  linkWorker = await viewerFor(db.db, 'linkworker@demo.test');
  therapy = await serviceId(db.db, 'Family therapy sessions');
  const free = (await freeChildren(db.db, 'linkworker@demo.test')).map((c) => c.id);
  const given = await db.db
    .selectDistinctOn([childConsents.childId], { childId: childConsents.childId, action: childConsents.action })
    .from(childConsents)
    .where(inArray(childConsents.childId, free))
    .orderBy(childConsents.childId, childConsents.id);
  kids = given.filter((g) => g.action === 'GIVEN').map((g) => g.childId);
}, 120_000);
afterAll(() => db.close());

let n = 0;
const raise = (childId: number) =>
  inTransaction(db.db, (tx) =>
    raiseCommission(tx, linkWorker, {
      childId,
      serviceId: therapy,
      units: 1,
      rationale: 'Consent race test',
      idempotencyKey: `consent-race-${++n}`,
    }),
  ).then(
    () => 'raised',
    (e: Error) => e.name,
  );

describe('withdrawing consent while commissions are raised for the child', () => {
  it('leaves no open commission unpaused: each racing raise is refused or paused', async () => {
    expect(kids.length).toBeGreaterThanOrEqual(3);
    const today = new Date().toISOString().slice(0, 10);
    for (const childId of kids.slice(0, 3)) {
      const withdrawal = inTransaction(db.db, (tx) =>
        withdrawConsent(tx, linkWorker, { childId, withdrawnOn: today, reason: 'race test' }, new Date()),
      );
      const outcomes = await Promise.all([0, 1, 2, 3, 4, 5].map(() => raise(childId)));
      await withdrawal;
      expect(
        outcomes.every((o) => o === 'raised' || o === 'ConsentRequiredError'),
        outcomes.join(),
      ).toBe(true);
      const open = await db.db
        .select({ reference: commissions.reference })
        .from(commissions)
        .where(
          and(
            eq(commissions.childId, childId),
            inArray(commissions.status, ['REQUESTED', 'APPROVED', 'ACCEPTED']),
            isNull(commissions.pausedAt),
          ),
        );
      expect(open, `child ${childId}: ${outcomes.join()}`).toEqual([]);
    }
    expect((await reconcile(db.db)).differences).toEqual([]);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, services } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { budgetOf, freeChildren, raiseMutation, serviceId, snapshot, topUp, transitionMutation } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// Every action from every state, over HTTP: allowed ones move the money as PRODUCT.md says;
// the rest are InvalidTransitionError and change nothing.

let s: TestServer;
let childPool: number[];
let therapy: number;
beforeAll(async () => {
  s = await startServer();
  childPool = (await freeChildren(s.db, 'linkworker@demo.test')).map((c) => c.id);
  await topUp(s, childPool, 500_000);
  therapy = await serviceId(s.db, 'Family therapy sessions'); // £45 a session, Riverside (provider@)
  // No stated limit, so the many acceptances here never fill it (capacity.test.ts covers full listings).
  await s.db.update(services).set({ capacity: null }).where(eq(services.id, therapy));
  // Signing in is audited: every role signs in here, so snapshots in the tests see only the actions.
  for (const email of ['linkworker@demo.test', 'provider@demo.test', 'commissioner@demo.test']) await s.signIn(email);
});
afterAll(() => s.close());

const ACTIONS = {
  approve: { mutation: 'approveCommission', as: 'commissioner@demo.test', input: { note: 'Fits the plan' } },
  reject: { mutation: 'rejectCommission', as: 'commissioner@demo.test', input: { reason: 'Try the free group first' } },
  accept: { mutation: 'acceptCommission', as: 'provider@demo.test', input: {} },
  decline: { mutation: 'declineCommission', as: 'provider@demo.test', input: { reason: 'No capacity this term' } },
  recordDelivery: {
    mutation: 'recordDelivery',
    as: 'provider@demo.test',
    input: { units: 2, note: 'Two sessions held' },
  },
  complete: { mutation: 'completeCommission', as: 'provider@demo.test', input: {} },
  cancel: { mutation: 'cancelCommission', as: 'linkworker@demo.test', input: { reason: 'Family moved away' } },
} as const;
type Action = keyof typeof ACTIONS;

let round = 0;
async function act(action: Action, commissionId: string) {
  const a = ACTIONS[action];
  const res = await s.gql(
    transitionMutation(a.mutation),
    { input: { commissionId, ...a.input } },
    await s.signIn(a.as),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data[a.mutation];
}

/** A fresh commission in the given state: 8 sessions (£360, over the limit) or 4 (£180, auto-approved). */
async function reach(status: string): Promise<{ id: string; childId: number }> {
  const childId = childPool[round++ % childPool.length]!;
  const units = status === 'REQUESTED' || status === 'REJECTED' ? 8 : 4;
  const raised = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', childId),
        serviceId: globalId('Service', therapy),
        units,
        rationale: 'Family conflict is the main barrier at school.',
        idempotencyKey: `reach-${round}-${status}`,
      },
    },
    await s.signIn('linkworker@demo.test'),
  );
  const id = raised.data.raiseCommission.commission.id as string;
  const path: Record<string, Action[]> = {
    REQUESTED: [],
    APPROVED: [],
    ACCEPTED: ['accept'],
    COMPLETED: ['accept', 'recordDelivery', 'complete'],
    REJECTED: ['reject'],
    DECLINED: ['decline'],
    CANCELLED: ['cancel'],
  };
  for (const step of path[status]!) await act(step, id);
  return { id, childId };
}

const ALLOWED: Record<string, Partial<Record<Action, string>>> = {
  REQUESTED: { approve: 'APPROVED', reject: 'REJECTED', cancel: 'CANCELLED' },
  APPROVED: { accept: 'ACCEPTED', decline: 'DECLINED', cancel: 'CANCELLED' },
  ACCEPTED: { recordDelivery: 'ACCEPTED', complete: 'COMPLETED' },
  COMPLETED: {},
  REJECTED: {},
  DECLINED: {},
  CANCELLED: {},
};

describe('raising', () => {
  it('over the delegated limit stays REQUESTED; at or under it is APPROVED at once; both reserve the full amount', async () => {
    const childId = childPool[0]!;
    const before = await budgetOf(s.db, childId);
    const over = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', childId),
          serviceId: globalId('Service', therapy),
          units: 8,
          rationale: 'Weekly sessions agreed with mum.',
          idempotencyKey: 'raise-over',
        },
      },
      await s.signIn('linkworker@demo.test'),
    );
    expect(over.errors).toBeUndefined();
    expect(over.data.raiseCommission.commission).toMatchObject({
      status: 'REQUESTED',
      units: 8,
      unitPricePence: 4500,
      amountPence: 36000,
    });
    const at = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', childId),
          serviceId: globalId('Service', therapy),
          units: 5,
          rationale: 'Weekly sessions agreed with mum.',
          idempotencyKey: 'raise-at',
        },
      },
      await s.signIn('linkworker@demo.test'),
    );
    expect(at.data.raiseCommission.commission).toMatchObject({ status: 'APPROVED', amountPence: 22500 });
    const after = await budgetOf(s.db, childId);
    expect(after.reservedPence - before.reservedPence).toBe(36000 + 22500);
    const entries = await s.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.budgetId, after.id))
      .orderBy(ledgerEntries.id);
    expect(entries.filter((e) => e.kind === 'RESERVE').map((e) => e.amountPence)).toEqual([36000, 22500]);
  });
});

describe('every action from every state', () => {
  for (const [from, allowed] of Object.entries(ALLOWED)) {
    for (const action of Object.keys(ACTIONS) as Action[]) {
      const to = allowed[action];
      it(`${action} from ${from}: ${to ? `→ ${to}` : 'InvalidTransitionError, nothing changes'}`, async () => {
        const { id, childId } = await reach(from);
        const before = await snapshot(s.db, localId(id));
        const budgetBefore = await budgetOf(s.db, childId);
        const entriesBefore = await s.db.$count(ledgerEntries, eq(ledgerEntries.commissionId, localId(id)));
        const result = await act(action, id);
        // The provider does not see a commission before it is approved (REQUESTED, or REJECTED from
        // there): it is not found, rather than told the state it is in.
        if (!to && ACTIONS[action].as.startsWith('provider') && (from === 'REQUESTED' || from === 'REJECTED')) {
          expect(result).toMatchObject({ __typename: 'NotFoundError' });
          expect(await snapshot(s.db, localId(id))).toEqual(before);
          return;
        }
        if (!to) {
          expect(result).toMatchObject({ __typename: 'InvalidTransitionError', from });
          // The second of two people acting at once is told that may be why, not only the state's name.
          expect(result.message).toBe(
            `Cannot ${action === 'recordDelivery' ? 'record delivery on' : action} a commission that is ${from.toLowerCase()}: it may have been acted on since you opened it`,
          );
          expect(await snapshot(s.db, localId(id))).toEqual(before);
          return;
        }
        expect(result.__typename).toBe(
          `${ACTIONS[action].mutation[0]!.toUpperCase()}${ACTIONS[action].mutation.slice(1)}Success`,
        );
        expect(result.commission.status).toBe(to);
        const budget = await budgetOf(s.db, childId);
        const amount = before.commission!.amountPence;
        const entries = await s.db
          .select()
          .from(ledgerEntries)
          .where(eq(ledgerEntries.commissionId, localId(id)))
          .orderBy(ledgerEntries.id);
        // Entries this action wrote: those after the ones the commission already had.
        const kinds = entries.slice(entriesBefore).map((e) => `${e.kind} ${e.amountPence}`);
        if (action === 'reject' || action === 'decline' || action === 'cancel') {
          expect(kinds).toEqual([`RELEASE ${amount}`]);
          expect(budget.reservedPence).toBe(budgetBefore.reservedPence - amount);
        } else if (action === 'complete') {
          const delivered = before.commission!.unitsDelivered * before.commission!.unitPricePence;
          // Ledger amounts are positive: a zero spend (nothing delivered) writes no entry.
          expect(kinds).toEqual([...(delivered > 0 ? [`SPEND ${delivered}`] : []), `RELEASE ${amount - delivered}`]);
          expect(budget.spentPence).toBe(budgetBefore.spentPence + delivered);
          expect(budget.reservedPence).toBe(budgetBefore.reservedPence - amount);
        } else {
          expect(kinds).toEqual([]);
          expect(budget).toEqual(budgetBefore);
        }
        if (action === 'recordDelivery')
          expect(result.commission.unitsDelivered).toBe(before.commission!.unitsDelivered + 2);
      });
    }
  }

  it('leaves a ledger that reconciles', async () => {
    expect((await reconcile(s.db)).differences).toEqual([]);
  });
});

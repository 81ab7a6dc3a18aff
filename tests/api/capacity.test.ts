import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { freeChildren, raiseMutation, serviceId, snapshot, transitionMutation } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// A listing's capacity: accepting a commission takes a place, completing (or any move out of
// ACCEPTED) frees it; a full listing can still be requested, but says so and cannot be accepted.

let s: TestServer;
let kids: number[];
let therapy: number;
let lw: string;
let provider: string;
beforeAll(async () => {
  s = await startServer();
  kids = (await freeChildren(s.db, 'linkworker@demo.test')).map((c) => c.id);
  therapy = await serviceId(s.db, 'Family therapy sessions');
  lw = await s.signIn('linkworker@demo.test');
  provider = await s.signIn('provider@demo.test');
});
afterAll(() => s.close());

const ACCEPT = `mutation($input: AcceptCommissionInput!) { acceptCommission(input: $input) {
  __typename
  ... on Error { message }
  ... on CapacityFullError { capacity }
  ... on AcceptCommissionSuccess { commission { id status } }
} }`;

let n = 0;
async function raise(childIndex: number) {
  const res = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', kids[childIndex]!),
        serviceId: globalId('Service', therapy),
        units: 2, // £90: approved at once, under the delegated limit
        rationale: 'Agreed at the family review.',
        idempotencyKey: `capacity-${++n}`,
      },
    },
    lw,
  );
  expect(res.data.raiseCommission.__typename).toBe('RaiseCommissionSuccess');
  expect(res.data.raiseCommission.commission.status).toBe('APPROVED');
  return res.data.raiseCommission.commission.id as string;
}

const accept = async (commissionId: string) =>
  (await s.gql(ACCEPT, { input: { commissionId } }, provider)).data.acceptCommission;

async function listing() {
  const res = await s.gql(
    `query($id: ID!) { node(id: $id) { ... on Service { capacity placesLeft isFull } } }`,
    { id: globalId('Service', therapy) },
    lw,
  );
  return res.data.node as { capacity: number | null; placesLeft: number | null; isFull: boolean };
}

const taken = async () =>
  (await s.db.select({ t: services.placesTaken }).from(services).where(eq(services.id, therapy)))[0]!.t;

describe('capacity', () => {
  it('acceptance takes a place; a full listing can be requested but not accepted; completion frees it', async () => {
    const before = await taken();
    await s.db
      .update(services)
      .set({ capacity: before + 1 })
      .where(eq(services.id, therapy));
    expect(await listing()).toEqual({ capacity: before + 1, placesLeft: 1, isFull: false });

    const first = await raise(0);
    const second = await raise(1);
    expect(await accept(first)).toMatchObject({ __typename: 'AcceptCommissionSuccess' });
    expect(await taken()).toBe(before + 1);
    expect(await listing()).toEqual({ capacity: before + 1, placesLeft: 0, isFull: true });

    // Full: still requestable (the raise succeeds), and the directory filter says it has no places.
    const third = await raise(2);
    const places = await s.gql(
      `query { services(first: 100, filter: { hasCapacity: true, commissionableOnly: true }) { edges { node { id } } } }`,
      {},
      lw,
    );
    expect(places.data.services.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(
      globalId('Service', therapy),
    );

    // Accepting on a full listing: the typed error, and nothing changes.
    const unchanged = await snapshot(s.db);
    expect(await accept(second)).toMatchObject({ __typename: 'CapacityFullError', capacity: before + 1 });
    expect(await snapshot(s.db)).toEqual(unchanged);
    expect(await taken()).toBe(before + 1);

    // Completion frees the place; the next acceptance takes it.
    const done = await s.gql(
      transitionMutation('recordDelivery'),
      { input: { commissionId: first, units: 2 } },
      provider,
    );
    expect(done.data.recordDelivery.__typename).toBe('RecordDeliverySuccess');
    const completed = await s.gql(
      transitionMutation('completeCommission'),
      { input: { commissionId: first } },
      provider,
    );
    expect(completed.data.completeCommission.commission.status).toBe('COMPLETED');
    expect(await listing()).toMatchObject({ placesLeft: 1, isFull: false });
    expect(await accept(second)).toMatchObject({ __typename: 'AcceptCommissionSuccess' });
    expect(await accept(third)).toMatchObject({ __typename: 'CapacityFullError' });

    // Declining what was never accepted frees nothing.
    const declined = await s.gql(
      transitionMutation('declineCommission'),
      { input: { commissionId: third, reason: 'We are full this term' } },
      provider,
    );
    expect(declined.data.declineCommission.commission.status).toBe('DECLINED');
    expect(await taken()).toBe(before + 1);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('capacity null is unlimited, and places taken are still counted', async () => {
    await s.db.update(services).set({ capacity: null }).where(eq(services.id, therapy));
    const before = await taken();
    const ids = [await raise(3), await raise(4)];
    for (const id of ids) expect(await accept(id)).toMatchObject({ __typename: 'AcceptCommissionSuccess' });
    expect(await taken()).toBe(before + 2);
    expect(await listing()).toEqual({ capacity: null, placesLeft: null, isFull: false });
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('reconcile names a listing whose places taken disagree with its accepted commissions', async () => {
    await s.db
      .update(services)
      .set({ placesTaken: (await taken()) + 1 })
      .where(eq(services.id, therapy));
    expect((await reconcile(s.db)).differences).toEqual([
      expect.objectContaining({ kind: 'listing', id: therapy, field: 'placesTaken' }),
    ]);
    await s.db
      .update(services)
      .set({ placesTaken: (await taken()) - 1 })
      .where(eq(services.id, therapy));
  });
});

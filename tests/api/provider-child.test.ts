import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeChildren, raiseMutation, serviceId, topUp, transitionMutation } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// A provider sees a commission's child only while the commission is live; once it is closed the
// field is null for the provider (not a FORBIDDEN error per row), and other roles still see it.

let s: TestServer;
let childId: number;
let therapy: number;
beforeAll(async () => {
  s = await startServer();
  childId = (await freeChildren(s.db, 'linkworker@demo.test'))[0]!.id;
  await topUp(s, [childId], 100_000);
  therapy = await serviceId(s.db, 'Family therapy sessions'); // Riverside (provider@)
});
afterAll(() => s.close());

async function run(mutation: string, as: string, input: object) {
  const res = await s.gql(transitionMutation(mutation), { input }, await s.signIn(as));
  expect(res.errors).toBeUndefined();
}

const CHILD = `query($id: ID!) { node(id: $id) { ... on Commission { status child { reference } } } }`;

describe('Commission.child for a provider', () => {
  it('is the child while live, null (no error) once completed; the link worker still sees it', async () => {
    const raised = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', childId),
          serviceId: globalId('Service', therapy),
          units: 2,
          rationale: 'Family conflict is the main barrier at school.',
          idempotencyKey: 'provider-child-1',
        },
      },
      await s.signIn('linkworker@demo.test'),
    );
    const id = raised.data.raiseCommission.commission.id as string;
    const provider = await s.signIn('provider@demo.test');

    await run('acceptCommission', 'provider@demo.test', { commissionId: id });
    const live = await s.gql(CHILD, { id }, provider);
    expect(live.errors).toBeUndefined();
    expect(live.data.node).toMatchObject({ status: 'ACCEPTED', child: { reference: expect.any(String) } });

    await run('recordDelivery', 'provider@demo.test', { commissionId: id, units: 2, note: 'Both sessions held' });
    await run('completeCommission', 'provider@demo.test', { commissionId: id });
    const closed = await s.gql(CHILD, { id }, provider);
    expect(closed.errors).toBeUndefined();
    expect(closed.data.node).toEqual({ status: 'COMPLETED', child: null });

    const linkWorker = await s.gql(CHILD, { id }, await s.signIn('linkworker@demo.test'));
    expect(linkWorker.errors).toBeUndefined();
    expect(linkWorker.data.node.child).toEqual({ reference: expect.any(String) });
  });

  it('asks once for a list: closed rows are null, live rows have their child, no errors', async () => {
    const res = await s.gql(
      `{ commissions(first: 50) { edges { node { status pausedAt child { reference } } } } }`,
      {},
      await s.signIn('provider@demo.test'),
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.commissions.edges.map((e: { node: object }) => e.node) as {
      status: string;
      pausedAt: string | null;
      child: object | null;
    }[];
    expect(nodes.some((n) => n.status === 'COMPLETED')).toBe(true);
    for (const n of nodes) {
      const live = (n.status === 'APPROVED' || n.status === 'ACCEPTED') && !n.pausedAt;
      expect(n.child === null, `${n.status} child`).toBe(!live);
    }
  });
});

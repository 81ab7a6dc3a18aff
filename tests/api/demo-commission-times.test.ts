import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../setup/server';

// Audit finding F4: on the demo seed, the commissions list ("newest raised first", API-CONTRACT.md)
// must agree with the commissions' createdAt, and each RAISED event must be dated when its
// commission was raised (not when the seed ran).

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

type Node = { reference: string; createdAt: string; events: { at: string; action: string }[] };
const LIST = `{ commissions(first: 100) { totalCount edges { node { reference createdAt events { at action } } } } }`;

describe('demo commissions are dated consistently', () => {
  it('list newest raised first by createdAt, and each RAISED event is at its commission’s createdAt', async () => {
    const res = await s.gql(LIST, {}, await s.signIn('commissioner@demo.test'));
    expect(res.errors).toBeUndefined();
    const nodes = (res.data.commissions.edges as { node: Node }[]).map((e) => e.node);
    expect(nodes.length).toBe(res.data.commissions.totalCount); // the whole demo zone on one page
    expect(new Set(nodes.map((n) => n.createdAt)).size).toBeGreaterThan(1); // not all seeded at one instant
    const times = nodes.map((n) => Date.parse(n.createdAt));
    expect(times, nodes.map((n) => `${n.reference} ${n.createdAt}`).join('\n')).toEqual(
      [...times].sort((a, b) => b - a),
    );
    for (const n of nodes) {
      const raised = n.events.filter((e) => e.action === 'RAISED');
      expect(
        raised.map((e) => e.at),
        n.reference,
      ).toEqual([n.createdAt]);
    }
  });
});

import { and, eq, gt, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// PRODUCT.md section 6: every read of a child's full record is audited, by whatever path it
// comes: a list (children, a caseload page), a commission's child, not only node and child(id).

let s: TestServer;
let lw: string;
beforeAll(async () => {
  s = await startServer();
  lw = await s.signIn('linkworker@demo.test');
});
afterAll(() => s.close());

const lastAuditId = async () => (await s.db.select({ id: max(auditEvents.id) }).from(auditEvents))[0]?.id ?? 0;
/** The READ_CHILD_RECORD rows written since `after`, as child ids (sorted) with their actor. */
const readsSince = async (after: number) =>
  (
    await s.db
      .select()
      .from(auditEvents)
      .where(and(gt(auditEvents.id, after), eq(auditEvents.action, 'READ_CHILD_RECORD')))
  )
    .map((e) => ({ child: e.entityId, actor: e.actorId, type: e.entityType }))
    .sort((a, b) => a.child - b.child);
type Edges = { edges: { node: { id: string } }[] };
const ids = (conn: Edges) => conn.edges.map((e) => localId(e.node.id)).sort((a, b) => a - b);

describe('reads of a child’s full record through lists', () => {
  it('a caseload page with needs writes one read per child, in one statement', async () => {
    const me = await userId(s.db, 'linkworker@demo.test');
    const names = await s.gql('{ children(first: 100) { edges { node { id firstName lastName } } } }', {}, lw);
    const before = await lastAuditId();
    const res = await s.gql<{ children: Edges }>('{ children(first: 100) { edges { node { id needs } } } }', {}, lw);
    expect(res.errors).toBeUndefined();
    const children = ids(res.data.children);
    expect(children.length).toBeGreaterThan(5);
    expect(await readsSince(before)).toEqual(children.map((child) => ({ child, actor: me, type: 'Child' })));
    // The audit is one insert for the whole page: one statement more than the names alone.
    expect(res.statements).toBe(names.statements + 1);
    const small = await s.gql('{ children(first: 2) { edges { node { id needs } } } }', {}, lw);
    expect(small.statements).toBe(res.statements);
  });

  it('names, year group and school alone are the caseload’s register: not audited', async () => {
    const before = await lastAuditId();
    const res = await s.gql(
      '{ viewer { caseload(first: 100) { edges { node { id reference firstName lastName yearGroup school { name } } } } } }',
      {},
      lw,
    );
    expect(res.errors).toBeUndefined();
    expect(await readsSince(before)).toEqual([]);
  });

  it('scores on a caseload page, a date of birth through a commission: audited, once per child per request', async () => {
    const before = await lastAuditId();
    const res = await s.gql<{
      viewer: { caseload: Edges & { edges: { node: { id: string; outcomeMeasures: unknown[] } }[] } };
      commissions: { edges: { node: { child: { id: string; dateOfBirth: string } } }[] };
    }>(
      `{ viewer { caseload(first: 100) { edges { node { id dateOfBirth outcomeMeasures { score } } } } }
         commissions(first: 100) { edges { node { child { id dateOfBirth needs } } } } }`,
      {},
      lw,
    );
    expect(res.errors).toBeUndefined();
    const caseload = ids(res.data.viewer.caseload);
    const throughCommissions = res.data.commissions.edges.map((e) => localId(e.node.child.id));
    expect(throughCommissions.length).toBeGreaterThan(0);
    const read = await readsSince(before);
    expect(read.map((r) => r.child)).toEqual([...new Set([...caseload, ...throughCommissions])].sort((a, b) => a - b));
  });

  it('opening a record and listing it in the same request: one read', async () => {
    const page = await s.gql<{ children: Edges }>('{ children(first: 1) { edges { node { id } } } }', {}, lw);
    const id = page.data.children.edges[0]!.node.id;
    const before = await lastAuditId();
    const res = await s.gql(
      'query($id: ID!) { child(id: $id) { needs } children(first: 1) { edges { node { id needs } } } }',
      { id },
      lw,
    );
    expect(res.errors).toBeUndefined();
    expect((await readsSince(before)).map((r) => r.child)).toEqual([localId(id)]);
  });

  it('programme dates, outcome schedule and consent history are the full record: audited for each child', async () => {
    for (const field of ['programmeStart', 'programmeEnd', 'outcomeSchedule { status }', 'consentHistory { action }']) {
      const before = await lastAuditId();
      const res = await s.gql<{ children: Edges }>(
        `{ children(first: 100) { edges { node { id ${field} } } } }`,
        {},
        lw,
      );
      expect(res.errors).toBeUndefined();
      expect(
        (await readsSince(before)).map((r) => r.child),
        field,
      ).toEqual(ids(res.data.children));
    }
  });

  it('a commissioner’s reads of consent history (the family’s reasons) are audited, once per child', async () => {
    const commissioner = await s.signIn('commissioner@demo.test');
    const me = await userId(s.db, 'commissioner@demo.test');
    const page = await s.gql<{ children: Edges }>('{ children(first: 3) { edges { node { id } } } }', {}, commissioner);
    const [opened] = ids(page.data.children);
    const before = await lastAuditId();
    const res = await s.gql<{ children: Edges }>(
      `query($id: ID!) { child(id: $id) { consentHistory { action reason } }
         children(first: 3) { edges { node { id consentHistory { action reason } } } } }`,
      { id: globalId('Child', opened!) },
      commissioner,
    );
    expect(res.errors).toBeUndefined();
    expect(await readsSince(before)).toEqual(
      ids(res.data.children).map((child) => ({ child, actor: me, type: 'Child' })),
    );
    // The register and money alone are not the full record: nothing written.
    const after = await lastAuditId();
    const money = await s.gql(
      '{ children(first: 3) { edges { node { id reference budget { allocatedPence } } } } }',
      {},
      commissioner,
    );
    expect(money.errors).toBeUndefined();
    expect(await readsSince(after)).toEqual([]);
  });

  it('a role refused the record reads nothing, and nothing is written', async () => {
    const before = await lastAuditId();
    const commissioner = await s.signIn('commissioner@demo.test');
    const refused = await s.gql(
      '{ children(first: 100) { edges { node { id needs dateOfBirth } } } }',
      {},
      commissioner,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const provider = await s.signIn('provider@demo.test');
    const own = await s.gql('{ commissions(first: 100) { edges { node { child { firstName } } } } }', {}, provider);
    expect(own.errors).toBeUndefined();
    // Someone else's child by id: null.
    const other = await s.gql<{ children: Edges }>(
      '{ children(first: 1) { edges { node { id } } } }',
      {},
      await s.signIn('linkworker2@demo.test'),
    );
    const res = await s.gql(
      'query($id: ID!) { child(id: $id) { needs } }',
      { id: globalId('Child', localId(other.data.children.edges[0]!.node.id)) },
      lw,
    );
    expect(res.data.child).toBeNull();
    expect(await readsSince(before)).toEqual([]);
  });
});

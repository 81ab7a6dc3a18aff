import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBudgets, children, commissions, outcomeMeasures, services } from '../../drizzle/schema';
import { serviceId } from '../setup/money';
import { acceptedCommission, cohortChild, secondCaseload } from '../setup/outcomes';
import { startServer, type TestServer } from '../setup/server';

// Outcome figures are aggregated and paged in SQL: at 300 services (3,600 commissions) a page costs the
// same statements as at the demo's handful, and the page holds only its rows.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const SERVICES = 300;
const CHILDREN = 12;
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A valid commission reference of our own (CR-ZZ + three letters), unique per index. */
const reference = (i: number) =>
  `CR-ZZ${ALPHABET[Math.floor(i / 900) % 30]}${ALPHABET[Math.floor(i / 30) % 30]}${ALPHABET[i % 30]}`;
/** `count` such references that no commission holds yet (the demo's are random: one may be a CR-ZZ). */
async function freshReferences(count: number): Promise<string[]> {
  const taken = new Set((await s.db.select({ r: commissions.reference }).from(commissions)).map((c) => c.r));
  const fresh: string[] = [];
  for (let i = 0; fresh.length < count; i++) if (!taken.has(reference(i))) fresh.push(reference(i));
  return fresh;
}

const Q = `query($limit: Int, $offset: Int) { serviceOutcomes(measure: "SDQ_TOTAL", limit: $limit, offset: $offset) {
  service { id name } children reliablyImproved spendPence suppressed comparisonChildren } }`;
const P = `query($limit: Int) { providerOutcomes(measure: "SDQ_TOTAL", limit: $limit) { organisation { name } children } }`;

/** 300 published copies of a demo service, each commissioned (accepted) for the same 12 children with SDQ histories. */
async function grow() {
  const at = await secondCaseload(s.db);
  const lw = at.linkWorkerId;
  const [template] = await s.db
    .select()
    .from(services)
    .where(eq(services.id, await serviceId(s.db, 'Family therapy sessions')));
  const { id: _id, uuid: _uuid, sourceId: _s, externalId: _e, importSnapshot: _i, ...copy } = template!;
  const made = await s.db
    .insert(services)
    .values(
      Array.from({ length: SERVICES }, (_, i) => ({ ...copy, name: `Scale service ${String(i).padStart(3, '0')}` })),
    )
    .returning({ id: services.id, organisationId: services.organisationId });
  const kids = await s.db
    .insert(children)
    .values(
      Array.from({ length: CHILDREN }, (_, i) =>
        cohortChild(at, `SCL-${String(i).padStart(5, '0')}`, 'Scale', `Child${i}`),
      ),
    )
    .returning({ id: children.id });
  const budgets = await s.db
    .insert(childBudgets)
    .values(kids.map((k) => ({ zoneId: at.zoneId, childId: k.id, period: '2026-27', allocatedPence: 100_000_000 })))
    .returning({ id: childBudgets.id, childId: childBudgets.childId });
  await s.db.insert(outcomeMeasures).values(
    kids.flatMap((k, i) => [
      { childId: k.id, measure: 'SDQ_TOTAL', score: 25, measuredOn: '2026-01-10', recordedById: lw },
      // Half fall by 10 (RCI beyond -1.96 at SD 5.8, r 0.82): reliably improved.
      { childId: k.id, measure: 'SDQ_TOTAL', score: i % 2 ? 15 : 24, measuredOn: '2026-07-10', recordedById: lw },
    ]),
  );
  const references = await freshReferences(made.length * budgets.length);
  const rows = made.flatMap((svc, i) =>
    budgets.map((b, j) =>
      acceptedCommission(at, {
        reference: references[i * CHILDREN + j]!,
        childId: b.childId,
        budgetId: b.id,
        service: svc,
        units: 1,
        unitPricePence: 1000,
        note: 'scale',
      }),
    ),
  );
  for (let i = 0; i < rows.length; i += 500) await s.db.insert(commissions).values(rows.slice(i, i + 500));
}

describe('outcome figures at 300 services', () => {
  it('cost the same statements a page as at demo size, with only the page in the response', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const small = await s.gql(Q, { limit: 50 }, token);
    const smallProviders = await s.gql(P, { limit: 50 }, token);
    expect(small.errors).toBeUndefined();
    expect(small.data.serviceOutcomes.length).toBeLessThan(50);

    await grow();
    const large = await s.gql(Q, { limit: 50 }, token);
    expect(large.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
    expect(large.data.serviceOutcomes).toHaveLength(50);
    const next = await s.gql(Q, { limit: 50, offset: 250 }, token);
    expect(next.statements).toBe(small.statements);
    expect(next.data.serviceOutcomes).toHaveLength(50);
    // Pages do not overlap and every scale service has the same hand-computed figures.
    const ids = new Set([...large.data.serviceOutcomes, ...next.data.serviceOutcomes].map((r) => r.service.id));
    expect(ids.size).toBe(100);
    const scale = next.data.serviceOutcomes.find(
      (r: { service: { name: string } }) => r.service.name === 'Scale service 260',
    );
    expect(scale).toEqual({
      service: scale.service,
      children: 12,
      reliablyImproved: 6,
      spendPence: 12 * 1000,
      suppressed: false,
      comparisonChildren: expect.any(Number),
    });
    // Ordered by name in SQL: the page after the demo's services runs through the scale services in turn.
    const names = [...large.data.serviceOutcomes, ...next.data.serviceOutcomes].map((r) => r.service.name);
    expect(names.filter((n) => n.startsWith('Scale'))).toEqual([...names.filter((n) => n.startsWith('Scale'))].sort());

    const providers = await s.gql(P, { limit: 50 }, token);
    expect(providers.statements).toBe(smallProviders.statements);
    console.log(
      `serviceOutcomes: ${large.statements} statements a page of 50 at ${SERVICES}+ services (was ${small.statements} at demo size)`,
    );
  }, 180_000);
});

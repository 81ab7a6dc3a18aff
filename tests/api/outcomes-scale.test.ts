import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBudgets, children, commissions, outcomeMeasures, schools, services, zones } from '../../drizzle/schema';
import { serviceId, userId } from '../setup/money';
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
  const [zone] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
  const [school] = await s.db.select().from(schools).where(eq(schools.zoneId, zone!.id)).limit(1);
  const lw = await userId(s.db, 'linkworker2@demo.test');
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
      Array.from({ length: CHILDREN }, (_, i) => ({
        zoneId: zone!.id,
        reference: `SCL-${String(i).padStart(5, '0')}`,
        firstName: 'Scale',
        lastName: `Child${i}`,
        dateOfBirth: '2015-01-01',
        yearGroup: 5,
        schoolId: school!.id,
        linkWorkerId: lw,
        programmeStart: '2026-01-01',
        programmeEnd: '2027-12-31',
      })),
    )
    .returning({ id: children.id });
  const budgets = await s.db
    .insert(childBudgets)
    .values(kids.map((k) => ({ zoneId: zone!.id, childId: k.id, period: '2026-27', allocatedPence: 100_000_000 })))
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
    budgets.map((b, j) => ({
      reference: references[i * CHILDREN + j]!,
      zoneId: zone!.id,
      childId: b.childId,
      budgetId: b.id,
      serviceId: svc.id,
      organisationId: svc.organisationId,
      linkWorkerId: lw,
      units: 1,
      unitPricePence: 1000,
      amountPence: 1000,
      rationale: 'scale',
      requestToProvider: 'scale',
      status: 'ACCEPTED' as const,
      approvedAt: new Date('2026-01-15T10:00:00Z'),
      createdAt: '2026-01-15T10:00:00Z',
    })),
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

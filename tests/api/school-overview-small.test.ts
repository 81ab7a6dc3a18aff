import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categories,
  childBudgets,
  children,
  commissions,
  organisations,
  serviceCategories,
  services,
  users,
} from '../../drizzle/schema';
import { randomReference } from '../../schema/domain/commission-reference';
import { serviceId, userId } from '../setup/money';
import { startServer, type TestServer } from '../setup/server';

// A school lead's spend by category and by provider: a row for fewer than 10 of the school's
// children would tell the head teacher what help a child they know gets, so such rows are added
// into one "Other" row. Ten more children at the school with family therapy make Riverside's row
// (and family therapy's category) big enough to be named; everything else stays folded.

let s: TestServer;
let schoolId: number;
beforeAll(async () => {
  s = await startServer();
  const [lead] = await s.db.select().from(users).where(eq(users.email, 'schoollead@demo.test'));
  schoolId = lead!.schoolId!;
  const therapy = (
    await s.db
      .select()
      .from(services)
      .where(eq(services.id, await serviceId(s.db, 'Family therapy sessions')))
  )[0]!;
  const lw = await userId(s.db, 'linkworker@demo.test');
  for (let i = 0; i < 10; i++) {
    const [child] = await s.db
      .insert(children)
      .values({
        zoneId: lead!.zoneId,
        reference: `SCH-${String(i).padStart(5, '0')}`,
        firstName: 'School',
        lastName: `Child${i}`,
        dateOfBirth: '2016-01-01',
        yearGroup: 4,
        schoolId,
        linkWorkerId: lw,
        programmeStart: '2026-09-01',
        programmeEnd: '2028-08-31',
      })
      .returning();
    const [budget] = await s.db
      .insert(childBudgets)
      .values({ zoneId: lead!.zoneId, childId: child!.id, period: '2026-27', allocatedPence: 100_000 })
      .returning();
    await s.db.insert(commissions).values({
      reference: randomReference(),
      zoneId: lead!.zoneId,
      childId: child!.id,
      budgetId: budget!.id,
      serviceId: therapy.id,
      organisationId: therapy.organisationId,
      linkWorkerId: lw,
      units: 2,
      unitPricePence: 4500,
      amountPence: 9000,
      rationale: 'test',
      requestToProvider: 'test',
      status: 'ACCEPTED',
    });
  }
});
afterAll(() => s.close());

const OVERVIEW = `{ schoolOverview { spend { committedPence spentPence commissions }
  byCategory { label committedPence spentPence commissions } byProvider { label committedPence spentPence commissions } } }`;
const OTHER = 'Other (fewer than 10 children each)';

describe('schoolOverview: no category or provider named for fewer than 10 children', () => {
  it('rows under 10 children are added into one Other row; the rest named; every grouping still adds up', async () => {
    const res = await s.gql(OVERVIEW, {}, await s.signIn('schoollead@demo.test'));
    expect(res.errors).toBeUndefined();
    const o = res.data.schoolOverview;
    // By hand from the rows: this period's commissions for the school's children, per provider.
    const rows = (
      await s.db
        .select({
          c: commissions,
          period: childBudgets.period,
          schoolId: children.schoolId,
          provider: organisations.name,
        })
        .from(commissions)
        .innerJoin(childBudgets, eq(childBudgets.id, commissions.budgetId))
        .innerJoin(children, eq(children.id, commissions.childId))
        .innerJoin(organisations, eq(organisations.id, commissions.organisationId))
    ).filter((r) => r.schoolId === schoolId && r.period === '2026-27');
    const money = (list: typeof rows) => ({
      committedPence: list
        .filter((r) => ['REQUESTED', 'APPROVED', 'ACCEPTED'].includes(r.c.status))
        .reduce((t, r) => t + r.c.amountPence, 0),
      spentPence: list
        .filter((r) => r.c.status === 'COMPLETED')
        .reduce((t, r) => t + r.c.unitsDelivered * r.c.unitPricePence, 0),
      commissions: list.length,
    });
    const byProvider = new Map<string, typeof rows>();
    for (const r of rows) byProvider.set(r.provider, [...(byProvider.get(r.provider) ?? []), r]);
    const childrenOf = (list: typeof rows) => new Set(list.map((r) => r.c.childId)).size;
    const named = [...byProvider].filter(([, list]) => childrenOf(list) >= 10);
    const folded = [...byProvider].filter(([, list]) => childrenOf(list) < 10);
    // Only Riverside (the ten new children and any of the demo's) reaches 10; at least one small provider is folded.
    expect(named.map(([name]) => name)).toEqual(['Riverside Family Therapy']);
    expect(folded.length).toBeGreaterThan(0);
    expect(o.byProvider).toEqual([
      { label: 'Riverside Family Therapy', ...money(named[0]![1]) },
      { label: OTHER, ...money(folded.flatMap(([, list]) => list)) },
    ]);

    // Family therapy's category (its first, rolled up to the top level) is the only category named.
    const [first] = await s.db
      .select({ name: categories.name, parentId: categories.parentId })
      .from(serviceCategories)
      .innerJoin(categories, eq(categories.id, serviceCategories.categoryId))
      .where(eq(serviceCategories.serviceId, await serviceId(s.db, 'Family therapy sessions')))
      .orderBy(serviceCategories.categoryId)
      .limit(1);
    const top = first!.parentId
      ? (await s.db.select().from(categories).where(eq(categories.id, first!.parentId)))[0]!.name
      : first!.name;
    expect(o.byCategory.map((r: { label: string }) => r.label)).toEqual([top, OTHER]);
    for (const rowsBy of [o.byCategory, o.byProvider]) {
      const sum = (k: string) => rowsBy.reduce((t: number, r: Record<string, number>) => t + r[k]!, 0);
      expect([sum('spentPence'), sum('committedPence'), sum('commissions')]).toEqual([
        o.spend.spentPence,
        o.spend.committedPence,
        o.spend.commissions,
      ]);
    }
    expect(o.spend).toEqual(money(rows));
  });
});

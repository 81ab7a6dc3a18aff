import { parse } from 'csv-parse/sync';
import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocations, childBudgets, commissions, fundingPots, services } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { allocateFunds } from '../../schema/domain/allocations';
import { largestRemainder } from '../../schema/domain/attribution';
import { raiseCommission, transitionCommission } from '../../schema/domain/commissions';
import { AppError } from '../../schema/domain/errors';
import { creditPots } from '../../schema/domain/funding-pots';
import { reconcile } from '../../schema/domain/reconcile';
import { inTransaction } from '../../schema/domain/transaction';
import { startServer, type TestServer } from '../setup/server';
import { consentedChild, viewerFor } from '../setup/viewers';

// Spend by funding source is attributed in whole pence by largest remainder: the sources sum
// exactly to the spend by provider (and every other grouping), and the CSV's source columns follow.

let s: TestServer;
let lw: Viewer;
let provider: Viewer;
let commissioner: Viewer;
let serviceId: number;
let zoneId: number;
let pots: Record<'COUNCIL' | 'SCHOOLS_DSG' | 'PHILANTHROPY', number>;

const viewer = (email: string) => viewerFor(s.db, email);

let made = 0;
/** A child on the demo link worker's caseload with no budget yet (and the family's consent). */
const newChild = () => {
  made += 1;
  return consentedChild(s.db, lw, `ATTR-${made}`, `Child ${made}`);
};

let key = 0;
const allocate = (pot: number, child: number, amountPence: number) =>
  inTransaction(s.db, (tx) =>
    allocateFunds(tx, commissioner, {
      fundingPotId: pot,
      childIds: [child],
      amountPence,
      idempotencyKey: `attr-${++key}`,
    }),
  );
const raise = async (child: number, units: number) =>
  (
    await inTransaction(s.db, (tx) =>
      raiseCommission(tx, lw, {
        childId: child,
        serviceId,
        units,
        rationale: 'Attribution',
        idempotencyKey: `attr-${++key}`,
      }),
    )
  ).commissionId;
const act = (
  who: Viewer,
  action: 'approve' | 'accept' | 'recordDelivery' | 'complete' | 'cancel',
  id: number,
  units = 1,
) =>
  inTransaction(s.db, (tx) => transitionCommission(tx, who, action, { commissionId: id, note: 'Attribution', units }));

type Row = { label: string; committedPence: number; spentPence: number; commissions: number };
const report = async (by: string): Promise<Row[]> => {
  const res = await s.gql(
    'query($by: SpendDimension!) { spendReport(by: $by) { label committedPence spentPence commissions } }',
    { by },
    await s.signIn('commissioner@demo.test'),
  );
  expect(res.errors).toBeUndefined();
  return res.data.spendReport;
};
const bySource = async () => new Map((await report('source')).map((r) => [r.label, r]));
const csv = async () => {
  const res = await fetch(`${s.url}/exports/commissions.csv`, {
    headers: { authorization: `Bearer ${await s.signIn('commissioner@demo.test')}` },
  });
  expect(res.status).toBe(200);
  return parse(await res.text(), { columns: true }) as Record<string, string>[];
};
const pence = (pounds: string) => Math.round(Number(pounds) * 100);
const COLUMN = {
  COUNCIL: 'sourceCouncilPounds',
  SCHOOLS_DSG: 'sourceSchoolsDSGPounds',
  CENTRAL_GOVERNMENT: 'sourceCentralGovernmentPounds',
  PHILANTHROPY: 'sourcePhilanthropyPounds',
  OTHER: 'sourceOtherPounds',
  UNATTRIBUTED: 'sourceUnattributedPounds',
} as const;

beforeAll(async () => {
  s = await startServer();
  lw = await viewer('linkworker@demo.test');
  provider = await viewer('provider@demo.test');
  commissioner = await viewer('commissioner@demo.test');
  zoneId = lw.zoneId;
  // One of Riverside's listings at 50p a unit, so small allocations leave remainders to place.
  const [svc] = await s.db
    .select()
    .from(services)
    .where(
      and(
        eq(services.organisationId, provider.organisationId!),
        eq(services.status, 'PUBLISHED'),
        eq(services.commissionable, true),
      ),
    )
    .limit(1);
  serviceId = svc!.id;
  await s.db.update(services).set({ unitPricePence: 50, capacity: null }).where(eq(services.id, serviceId));
  const made = await s.db
    .insert(fundingPots)
    .values(
      (['COUNCIL', 'SCHOOLS_DSG', 'PHILANTHROPY'] as const).map((source) => ({
        zoneId,
        period: '2026-27',
        name: `Attribution ${source}`,
        source,
        totalPence: 50_000_000,
      })),
    )
    .returning();
  await inTransaction(s.db, (tx) => creditPots(tx, zoneId, null, made, 'Pot created'));
  pots = Object.fromEntries(made.map((p) => [p.source, p.id])) as typeof pots;
});
afterAll(() => s.close());

describe('largest remainder', () => {
  it('splits whole pence exactly, remainders to the largest fractions, ties to the earlier key', () => {
    const split = (total: number, weights: number[]) => [
      ...largestRemainder(
        total,
        weights.map((weight, key) => ({ key, weight })),
      ).values(),
    ];
    expect(split(100, [1, 1, 1])).toEqual([34, 33, 33]); // 33.33 each: the tie goes to the first
    expect(split(100, [2, 1])).toEqual([67, 33]); // 66.67 and 33.33
    expect(split(10, [0.15, 0.35, 0.5])).toEqual([2, 3, 5]); // 1.5, 3.5, 5: ties to the earlier
    expect(split(7, [0, 3, 0, 4])).toEqual([0, 3, 0, 4]);
    expect(split(5, [0, 0])).toEqual([0, 0]);
  });
});

describe('spend by source, exactly', () => {
  it('attributes a 100p commission over three equal funders as 34p, 33p, 33p (the old rounding lost a penny), committed and then spent', async () => {
    const child = await newChild();
    for (const pot of Object.values(pots)) await allocate(pot, child, 100);
    const before = await bySource();
    const id = await raise(child, 2); // 2 x 50p, under the delegated limit: APPROVED, committed
    const after = await bySource();
    const delta = (source: string, k: 'committedPence' | 'spentPence') =>
      (after.get(source)?.[k] ?? 0) - (before.get(source)?.[k] ?? 0);
    // Exact shares 33⅓p each; one penny left goes to the first source by name on equal remainders.
    expect([
      delta('COUNCIL', 'committedPence'),
      delta('PHILANTHROPY', 'committedPence'),
      delta('SCHOOLS_DSG', 'committedPence'),
    ]).toEqual([34, 33, 33]);
    // Counted once, under the source that gave most (a tie: the first by name).
    expect((after.get('COUNCIL')?.commissions ?? 0) - (before.get('COUNCIL')?.commissions ?? 0)).toBe(1);
    const [row] = (await csv()).filter((r) => r.commissionId === String(id));
    expect([row!.sourceCouncilPounds, row!.sourcePhilanthropyPounds, row!.sourceSchoolsDSGPounds]).toEqual([
      '0.34',
      '0.33',
      '0.33',
    ]);

    await act(provider, 'accept', id);
    await act(provider, 'recordDelivery', id, 2);
    await act(provider, 'complete', id);
    const done = await bySource();
    const spent = (source: string) => (done.get(source)?.spentPence ?? 0) - (before.get(source)?.spentPence ?? 0);
    expect([spent('COUNCIL'), spent('PHILANTHROPY'), spent('SCHOOLS_DSG')]).toEqual([34, 33, 33]);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('attributes 100p over 200p and 100p funders as 67p and 33p', async () => {
    const child = await newChild();
    await allocate(pots.COUNCIL, child, 200);
    await allocate(pots.SCHOOLS_DSG, child, 100);
    const id = await raise(child, 2);
    const [row] = (await csv()).filter((r) => r.commissionId === String(id));
    expect([row!.sourceCouncilPounds, row!.sourceSchoolsDSGPounds, row!.sourcePhilanthropyPounds]).toEqual([
      '0.67',
      '0.33',
      '0.00',
    ]);
  });

  it('sums exactly to spend by provider over random allocations and spend (property, real database)', async () => {
    const kids = [await newChild(), await newChild(), await newChild(), await newChild()];
    const potList = Object.values(pots);
    type Command =
      | { kind: 'allocate'; pot: number; child: number; amount: number }
      | { kind: 'raise'; child: number; units: number }
      | { kind: 'act'; action: 'accept' | 'recordDelivery' | 'complete' | 'cancel'; pick: number; units: number };
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({
        kind: fc.constant('allocate' as const),
        pot: fc.nat(2),
        child: fc.nat(3),
        amount: fc.integer({ min: 1, max: 997 }),
      }),
      fc.record({ kind: fc.constant('raise' as const), child: fc.nat(3), units: fc.integer({ min: 1, max: 9 }) }),
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('act' as const),
          action: fc.constantFrom('accept' as const, 'recordDelivery' as const, 'complete' as const, 'cancel' as const),
          pick: fc.nat(1),
          units: fc.integer({ min: 1, max: 3 }),
        }),
      },
    );
    const run = async (x: Command) => {
      try {
        if (x.kind === 'allocate') await allocate(potList[x.pot]!, kids[x.child]!, x.amount);
        else if (x.kind === 'raise') await raise(kids[x.child]!, x.units);
        else {
          const mine = await s.db
            .select({ id: commissions.id })
            .from(commissions)
            .where(sql`${commissions.childId} in ${kids}`)
            .orderBy(commissions.id);
          if (mine.length === 0) return;
          const target = mine[mine.length - 1 - (x.pick % mine.length)]!.id; // mostly the newest
          await act(x.action === 'cancel' ? lw : provider, x.action, target, x.units);
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error; // refusals (no budget, wrong state) are expected
      }
    };
    const sum = (rows: Row[]) =>
      rows.reduce((t, r) => ({ c: t.c + r.committedPence, s: t.s + r.spentPence, n: t.n + r.commissions }), {
        c: 0,
        s: 0,
        n: 0,
      });
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 3, maxLength: 12 }), async (commands) => {
        for (const c of commands) await run(c);
        const [source, provided] = [await report('source'), await report('provider')];
        // The reports cover the current period (the demo also has a closed 2025-26).
        const zone = (
          await s.db
            .select()
            .from(commissions)
            .innerJoin(childBudgets, eq(childBudgets.id, commissions.budgetId))
            .where(and(eq(commissions.zoneId, zoneId), eq(childBudgets.period, lw.period)))
        ).map((r) => r.commissions);
        const truth = {
          c: zone
            .filter((c) => ['REQUESTED', 'APPROVED', 'ACCEPTED'].includes(c.status))
            .reduce((t, c) => t + c.amountPence, 0),
          s: zone.filter((c) => c.status === 'COMPLETED').reduce((t, c) => t + c.unitsDelivered * c.unitPricePence, 0),
          n: zone.length,
        };
        expect(sum(source)).toEqual(truth);
        expect(sum(provided)).toEqual(truth);
        // The CSV: each row's source columns sum to its money; each column sums to its source's row.
        const rows = await csv();
        for (const r of rows) {
          const parts = Object.values(COLUMN).reduce((t, col) => t + pence(r[col]!), 0);
          expect(parts, r.commissionReference).toBe(
            pence(r.spentPounds!) +
              (['REQUESTED', 'APPROVED', 'ACCEPTED'].includes(r.status!) ? pence(r.amountPounds!) : 0),
          );
        }
        for (const r of source)
          expect(
            rows.reduce((t, row) => t + pence(row[COLUMN[r.label as keyof typeof COLUMN]]!), 0),
            r.label,
          ).toBe(r.committedPence + r.spentPence);
        // Each attributed share is within a penny of its exact proportion (floor or ceiling).
        for (const id of kids) {
          const funders = await s.db
            .select({ source: fundingPots.source, amount: sql<number>`sum(${allocations.amountPence})::int` })
            .from(allocations)
            .innerJoin(fundingPots, eq(fundingPots.id, allocations.fundingPotId))
            .where(eq(allocations.childId, id))
            .groupBy(fundingPots.source);
          const total = funders.reduce((t, f) => t + f.amount, 0);
          for (const c of zone.filter((c) => c.childId === id)) {
            const row = rows.find((r) => r.commissionId === String(c.id))!;
            const money =
              pence(row.spentPounds!) + (['REQUESTED', 'APPROVED', 'ACCEPTED'].includes(c.status) ? c.amountPence : 0);
            for (const f of funders) {
              const got = pence(row[COLUMN[f.source]]!);
              expect(Math.abs(got * total - money * f.amount), `${c.id} ${f.source}`).toBeLessThan(total);
            }
          }
        }
        expect((await reconcile(s.db)).differences).toEqual([]);
      }),
      { numRuns: 25, seed: Number(process.env.FC_SEED ?? 20261130) },
    );
    expect(
      await s.db.$count(commissions, and(sql`${commissions.childId} in ${kids}`, eq(commissions.status, 'COMPLETED'))),
    ).toBeGreaterThan(0);
  }, 240_000);
});

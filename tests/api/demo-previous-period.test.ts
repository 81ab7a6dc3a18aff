import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtFunds, fundingPots } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { startServer, type TestServer } from '../setup/server';

// The demo's closed previous period (server/seed/demo-previous-period.json), seeded through
// closePeriod, hand-computed: four of Tom Okoro's children got £400 from the council's 2025-26 pot
// and then £200 from the schools' (DSG) pot. Spent: circus 3 × £60 = £180 and play therapy 4 × £40
// = £160; live: play therapy 2 × £40 = £80 (keeps its reservation). Spent and live money by pot,
// in proportion to each budget's £400/£200 (largest remainder): council £120 + £106.67 spent and
// £53.33 live, DSG £60 + £53.33 spent and £26.67 live. Unspent, returned under RETURN_TO_POT,
// £420 + £440 + £520 + £600 = £1,980: from each pot what it holds beyond those shares, council
// £280 + £293.33 + £346.67 + £400 = £1,320, DSG £140 + £146.67 + £173.33 + £200 = £660. So each
// pot's row adds up: council 1,600 = 1,320 + 53.33 + 226.67; DSG 800 = 660 + 26.67 + 113.33.

let s: TestServer;
let token: string;
beforeAll(async () => {
  s = await startServer();
  token = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

const CLOSES = `{ periodCloses { period nextPeriod policy childrenReturned childrenCarried returnedPence carriedPence
  liveReservedPence funds { name } pots { name source heldPence allocatedPence committedPence spentPence returnedPence carriedPence } } }`;

describe('the demo’s closed 2025-26', () => {
  it('has a close report with what each pot held, spent, kept live and had returned', async () => {
    const res = await s.gql(CLOSES, {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.periodCloses).toEqual([
      {
        period: '2025-26',
        nextPeriod: '2026-27',
        policy: 'RETURN_TO_POT',
        childrenReturned: 4,
        childrenCarried: 0,
        returnedPence: 198_000,
        carriedPence: 0,
        liveReservedPence: 8_000,
        funds: [],
        pots: [
          {
            name: 'Council early help fund 2025-26',
            source: 'COUNCIL',
            heldPence: 1_200_000,
            allocatedPence: 160_000,
            committedPence: 5_333,
            spentPence: 12_000 + 10_667,
            returnedPence: 132_000,
            carriedPence: 0,
          },
          {
            name: 'Schools DSG contribution 2025-26',
            source: 'SCHOOLS_DSG',
            heldPence: 600_000,
            allocatedPence: 80_000,
            committedPence: 2_667,
            spentPence: 6_000 + 5_333,
            returnedPence: 66_000,
            carriedPence: 0,
          },
        ],
      },
    ]);
  });

  it('spend by period offers 2025-26, whose report sums exactly by source and by provider', async () => {
    const periods = await s.gql('{ spendPeriods }', {}, token);
    expect(periods.data.spendPeriods).toEqual(expect.arrayContaining(['2026-27', '2025-26']));
    const totals = async (by: string) => {
      const res = await s.gql(
        'query($by: SpendDimension!) { spendReport(by: $by, period: "2025-26") { committedPence spentPence commissions } }',
        { by },
        token,
      );
      expect(res.errors).toBeUndefined();
      return (res.data.spendReport as { committedPence: number; spentPence: number; commissions: number }[]).reduce(
        (t, r) => ({ c: t.c + r.committedPence, s: t.s + r.spentPence, n: t.n + r.commissions }),
        { c: 0, s: 0, n: 0 },
      );
    };
    expect(await totals('provider')).toEqual({ c: 8_000, s: 34_000, n: 3 });
    // A label that is no financial year is refused, not answered as a year with no spend.
    for (const period of ['2026-28', '2025-25']) {
      const res = await s.gql(`{ spendReport(by: provider, period: "${period}") { spentPence } }`, {}, token);
      expect(res.errors?.[0]?.message).toBe('The period looks like 2026-27');
      const csv = await fetch(`${s.url}/exports/commissions.csv?period=${period}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(csv.status).toBe(400);
    }
    expect(await totals('source')).toEqual({ c: 8_000, s: 34_000, n: 3 });
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('closing the current period would report the district fund with what it held and allocated', async () => {
    const res = await s.gql('{ periodClosePreview { period funds { name heldPence allocatedPence } } }', {}, token);
    expect(res.errors).toBeUndefined();
    const [fund] = await s.db.select().from(districtFunds).where(eq(districtFunds.period, '2026-27'));
    const [pots] = await s.db
      .select({ allocated: sql<number>`sum(${fundingPots.allocatedPence})::int` })
      .from(fundingPots)
      .where(eq(fundingPots.districtFundId, fund!.id));
    expect(res.data.periodClosePreview).toEqual({
      period: '2026-27',
      funds: [{ name: fund!.name, heldPence: fund!.totalPence, allocatedPence: pots!.allocated }],
    });
  });
});

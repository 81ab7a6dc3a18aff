import { sql } from 'drizzle-orm';
import { getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../schema/domain/rows';
import { schema } from '../../schema/index';
import { startServer, type TestServer } from '../setup/server';

// GraphQL's Int stops at 2^31 - 1: 2,147,483,647 pence is £21,474,836.47, which a single fund or
// pot may come near (each is capped at £20m) and sums of them pass. Money the API gives out is a
// SafeInt; these figures took districtUtilisation and spendReport to INTERNAL_SERVER_ERROR.

const INT_MAX = 2 ** 31 - 1;
const TWENTY_MILLION = 2_000_000_000;

let s: TestServer;
let commissioner: string;
let lead: string;

beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
  lead = await s.signIn('districtlead@demo.test');
});
afterAll(() => s.close());

describe('money past GraphQL Int', () => {
  it('every money figure the API gives out is a SafeInt, but the two the contract fixes as Int (both bounded by a request)', () => {
    const found: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields()))
        if (field.name.endsWith('Pence')) found.push(`${type.name}.${field.name}: ${getNamedType(field.type).name}`);
    }
    const asInt = found.filter((f) => !f.endsWith(': SafeInt'));
    expect(asInt).toEqual([
      'InsufficientBudgetError.availablePence: Int',
      'InsufficientBudgetError.requestedPence: Int',
    ]);
    expect(found.length).toBeGreaterThan(60);
  });

  it('two £20m funds to one district: utilisation reports £40m funded and left, to the commissioner and the district lead', async () => {
    const mine = (await s.gql('{ districtUtilisation { district { id name } fundedPence } }', {}, lead)).data
      .districtUtilisation;
    expect(mine).toHaveLength(1);
    const before = mine[0].fundedPence as number;
    const districts = (await s.gql('{ districtUtilisation { district { id } } }', {}, commissioner)).data
      .districtUtilisation as { district: { id: string } }[];
    const input = (name: string) => ({
      name,
      source: 'CENTRAL_GOVERNMENT',
      totalPence: TWENTY_MILLION,
      formula: { name: 'All to one district', pupilsWeight: 1, childrenWeight: 0, deprivationWeight: 0, baseWeight: 0 },
      factors: districts.map((d) => ({
        districtId: d.district.id,
        pupilsOnRoll: d.district.id === mine[0].district.id ? 1 : 0,
        deprivationIndex: 0,
      })),
    });
    for (const name of ['Levelling up, first half', 'Levelling up, second half']) {
      const res = await s.gql(
        `mutation($input: DistrictFundInput!) { createDistrictFund(input: $input) { __typename
          ... on CreateDistrictFundSuccess { districtFund { totalPence shares { sharePence } } } } }`,
        { input: input(name) },
        commissioner,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.createDistrictFund.__typename).toBe('CreateDistrictFundSuccess');
    }
    const UTILISATION =
      '{ districtUtilisation { district { id } fundedPence allocatedPence committedPence spentPence leftPence } }';
    for (const viewer of [commissioner, lead]) {
      const res = await s.gql(UTILISATION, {}, viewer);
      expect(res.errors).toBeUndefined();
      const row = res.data.districtUtilisation.find(
        (r: { district: { id: string } }) => r.district.id === mine[0].district.id,
      );
      expect(row.fundedPence).toBe(before + 2 * TWENTY_MILLION);
      expect(row.fundedPence).toBeGreaterThan(INT_MAX);
      expect(row.leftPence).toBe(row.fundedPence - row.committedPence - row.spentPence);
    }
  });

  it('a period’s spend by source past £21.47m is summed and reported, not refused by the database', async () => {
    const SPEND = 'query($period: String) { spendReport(by: source, period: $period) { label spentPence } }';
    // Two budgets of one period, standing in for years of a large partnership's spend: each row
    // within a budget's own bounds, their sum past Int.
    const [zone] = rowsOf(
      await s.db.execute(sql`select "zoneId", "period" from "child_budgets" order by "id" limit 1`),
    );
    const period = String(zone!.period);
    const first = await s.gql(SPEND, { period }, commissioner);
    expect(first.errors).toBeUndefined();
    const before = first.data.spendReport as {
      label: string;
      spentPence: number;
    }[];
    const philanthropy = before.find((r) => r.label === 'PHILANTHROPY')?.spentPence ?? 0;
    const budgets = rowsOf(
      await s.db.execute(sql`select b."id", coalesce(x."spentPence", 0) as "was" from "child_budgets" b
        left join "budget_source_spend" x on x."budgetId" = b."id" and x."source" = 'PHILANTHROPY'
        where b."zoneId" = ${zone!.zoneId} and b."period" = ${zone!.period} order by b."id" limit 2`),
    );
    for (const b of budgets)
      await s.db.execute(sql`insert into "budget_source_spend" ("budgetId", "source", "committedPence", "spentPence", "commissions")
        values (${b.id}, 'PHILANTHROPY', 0, ${1_500_000_000}, 1)
        on conflict ("budgetId", "source") do update set "spentPence" = excluded."spentPence"`);
    const res = await s.gql(SPEND, { period }, commissioner);
    expect(res.errors).toBeUndefined();
    const row = res.data.spendReport.find((r: { label: string }) => r.label === 'PHILANTHROPY');
    const was = budgets.reduce((t, b) => t + Number(b.was), 0);
    expect(row.spentPence).toBe(philanthropy - was + 3_000_000_000);
  });
});

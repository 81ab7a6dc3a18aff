import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtFunds, districts } from '../../drizzle/schema';
import { globalId, startServer, type TestServer } from '../setup/server';

// Factors given both as a table and as CSV: one would be silently ignored, so neither is used.

let s: TestServer;
let commissioner: string;
beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

describe('district fund factors', () => {
  it('given both as a table and as CSV are refused, naming the CSV field, and make nothing', async () => {
    const [brockley] = await s.db.select().from(districts).where(eq(districts.name, 'Brockley'));
    const res = await s.gql(
      `mutation($input: DistrictFundInput!) { createDistrictFund(input: $input) {
        __typename ... on ValidationError { message fieldErrors { path message } } } }`,
      {
        input: {
          name: 'Both ways',
          source: 'OTHER',
          totalPence: 100,
          formula: { name: 'Pupils', pupilsWeight: 1, childrenWeight: 0, deprivationWeight: 0, baseWeight: 0 },
          factors: [{ districtId: globalId('District', brockley!.id), pupilsOnRoll: 10, deprivationIndex: 0 }],
          factorsCsv: 'district,pupilsOnRoll,deprivationIndex\nCatford,10,0\n',
        },
      },
      commissioner,
    );
    const message = 'Give the factors as a table or as CSV, not both';
    expect(res.data.createDistrictFund).toEqual({
      __typename: 'ValidationError',
      message,
      fieldErrors: [{ path: ['input', 'factorsCsv'], message }],
    });
    expect(await s.db.select().from(districtFunds).where(eq(districtFunds.name, 'Both ways'))).toEqual([]);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentLines, paymentRuns } from '../../drizzle/schema';
import { rowsOf } from '../../schema/domain/rows';
import { snapshot } from '../setup/money';
import { startServer, type TestServer } from '../setup/server';

// Payment runs pay in arrears: a run dated years ahead (a slip, 9999-12-31) is refused as a field
// error and writes nothing. The latest date allowed is the first of next month (London, database
// clock): a run made mid-month may still pay that month's contract places so far (README).

let s: TestServer;
let commissioner: string;
beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

const RUN = `mutation($input: CreatePaymentRunInput!) { createPaymentRun(input: $input) {
  __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on CreatePaymentRunSuccess { paymentRun { runDate } } } }`;
const run = async (runDate: string) => {
  const r = await s.gql(RUN, { input: { runDate } }, commissioner);
  expect(r.status).toBe(200);
  return r.data.createPaymentRun;
};
const everything = async () => ({
  ...(await snapshot(s.db)),
  runs: await s.db.$count(paymentRuns),
  lines: await s.db.$count(paymentLines),
});

describe('a payment run’s date', () => {
  it('after the first of next month is refused on the runDate field, writing nothing', async () => {
    const [{ latest, after }] = rowsOf(
      await s.db.execute(sql`select to_char(d, 'YYYY-MM-DD') as "latest", to_char(d + 1, 'YYYY-MM-DD') as "after"
        from (select (date_trunc('month', now() at time zone 'Europe/London') + interval '1 month')::date as d) x`),
    ) as [{ latest: string; after: string }];
    const before = await everything();
    for (const date of ['9999-12-31', after]) {
      const refused = await run(date);
      expect(refused.__typename).toBe('ValidationError');
      expect(refused.fieldErrors).toEqual([{ path: ['input', 'runDate'], message: refused.message }]);
      expect(refused.message).toMatch(/pays for work already done: date it 1 \w+ \d{4} \(the first of next month\)/);
    }
    expect(await everything()).toEqual(before);

    // The first of next month itself is allowed: the demo's completed work is paid.
    const made = await run(latest);
    expect(made).toEqual({ __typename: 'CreatePaymentRunSuccess', paymentRun: { runDate: latest } });
  });
});

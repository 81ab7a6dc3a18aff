import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, paymentLines, paymentRuns } from '../../drizzle/schema';
import { longDate } from '../../schema/domain/long-date';
import { rowsOf } from '../../schema/domain/rows';
import { snapshot } from '../setup/money';
import { startServer, type TestServer } from '../setup/server';

// createPaymentRun takes an optional idempotency key (README): a retry after a lost answer gets the
// first run back instead of "Nothing is payable", and makes no second run, line, ledger entry or audit.

let s: TestServer;
let commissioner: string;
beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

const RUN = `mutation($input: CreatePaymentRunInput!) { createPaymentRun(input: $input) {
  __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on CreatePaymentRunSuccess { paymentRun { id reference runDate totalPence } } } }`;
const run = async (input: Record<string, unknown>) => (await s.gql(RUN, { input }, commissioner)).data.createPaymentRun;
const everything = async () => ({
  ...(await snapshot(s.db)),
  runs: await s.db.$count(paymentRuns),
  lines: await s.db.$count(paymentLines),
  audit: await s.db.$count(auditEvents),
});

describe('a payment run retried with its idempotency key', () => {
  it('answers with the first run and pays nothing twice; another date under the key is refused', async () => {
    const [{ runDate }] = rowsOf(
      await s.db.execute(sql`select to_char((date_trunc('month', now() at time zone 'Europe/London')
        + interval '1 month')::date, 'YYYY-MM-DD') as "runDate"`),
    ) as [{ runDate: string }];
    const key = 'run-retry-0001';
    const [first, racing] = await Promise.all([
      run({ runDate, idempotencyKey: key }),
      run({ runDate, idempotencyKey: key }),
    ]);
    expect(first.__typename).toBe('CreatePaymentRunSuccess');
    expect(first.paymentRun.totalPence).toBeGreaterThan(0);
    expect(racing).toEqual(first);
    const after = await everything();

    expect(await run({ runDate, idempotencyKey: key })).toEqual(first);
    expect(await everything()).toEqual(after);

    const other = await run({ runDate: '2026-01-01', idempotencyKey: key });
    expect(other).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'idempotencyKey'], message: expect.stringMatching(/different request/) }],
    });
    // Without a key a repeat is a new request, and everything payable is already in the first run.
    expect((await run({ runDate })).message).toBe(
      `Nothing is payable on or before ${longDate(runDate)} that is not already in a run`,
    );
    expect(await everything()).toEqual(after);
  });
});

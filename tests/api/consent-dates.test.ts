import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childConsents, children } from '../../drizzle/schema';
import { freeChildren } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 38b F9: a consent date before the child was born is refused, and a too-short withdrawal
// reason says how long it must be. Both are field errors that write nothing.

let s: TestServer;
let child: { id: number; dateOfBirth: string };
const LW = 'linkworker@demo.test';
beforeAll(async () => {
  s = await startServer();
  const [kid] = await freeChildren(s.db, LW);
  const [row] = await s.db.select().from(children).where(eq(children.id, kid!.id));
  child = { id: row!.id, dateOfBirth: row!.dateOfBirth! };
});
afterAll(() => s.close());

const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { ${RESULT} } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { ${RESULT} } }`;
const rows = () => s.db.$count(childConsents, eq(childConsents.childId, child.id));
const record = async (givenOn: string) =>
  (
    await s.gql(
      RECORD,
      {
        input: {
          childId: globalId('Child', child.id),
          givenBy: 'PARENT_OR_CARER',
          method: 'PHONE',
          givenOn,
          purposes: [],
        },
      },
      await s.signIn(LW),
    )
  ).data.recordConsent;

it('a consent date before the child’s date of birth is a field error; nothing is written', async () => {
  const before = await rows();
  for (const day of ['1900-01-01', '2015-01-01']) {
    if (day >= child.dateOfBirth) continue;
    expect((await record(day)).fieldErrors).toEqual([
      {
        path: ['input', 'givenOn'],
        message: `The date must be on or after the day the child was born (${child.dateOfBirth})`,
      },
    ]);
  }
  expect((await record('2099-01-01')).fieldErrors[0].path).toEqual(['input', 'givenOn']);
  expect(await rows()).toBe(before);
  expect((await record(child.dateOfBirth)).__typename).toBe('RecordConsentSuccess');
});

it('a too-short withdrawal reason says the minimum; nothing is written', async () => {
  const before = await rows();
  for (const reason of ['no', 'ok', '  ']) {
    const res = await s.gql(
      WITHDRAW,
      { input: { childId: globalId('Child', child.id), withdrawnOn: '2026-12-01', reason } },
      await s.signIn(LW),
    );
    expect(res.status).toBe(200);
    expect(res.data.withdrawConsent.fieldErrors).toEqual([
      { path: ['input', 'reason'], message: 'Give a reason for the withdrawal, of at least 3 characters' },
    ]);
  }
  expect(await rows()).toBe(before);
});

// Audit (issue 14) item 1: consent given again cannot be dated before the withdrawal it follows.
it('consent recorded after a withdrawal cannot be dated before it; nothing is written', async () => {
  // The first test left consent given on the date of birth; withdraw the day after.
  const day = new Date(`${child.dateOfBirth}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  const next = day.toISOString().slice(0, 10);
  const withdrawn = await s.gql(
    WITHDRAW,
    { input: { childId: globalId('Child', child.id), withdrawnOn: next, reason: 'Family moved away' } },
    await s.signIn(LW),
  );
  expect(withdrawn.data.withdrawConsent.__typename).toBe('WithdrawConsentSuccess');
  const before = await rows();
  expect((await record(child.dateOfBirth)).fieldErrors).toEqual([
    { path: ['input', 'givenOn'], message: `The date must be on or after the day consent was withdrawn (${next})` },
  ]);
  expect(await rows()).toBe(before);
  expect((await record(next)).__typename).toBe('RecordConsentSuccess');
});

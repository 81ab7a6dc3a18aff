import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, emailPreferences, zones } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { startServer, type TestServer } from '../setup/server';

// Audit 61: a list input that gives the same entry twice was quietly merged (the last email choice
// kept, a repeated follow-up dropped). Now it is refused at the repeated entry and nothing changes.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const SET = `mutation($input: SetEmailPreferencesInput!) { setEmailPreferences(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on SetEmailPreferencesSuccess { preferences { kind delivery } } } }`;
const SCHEDULE = `mutation($input: UpdateOutcomeScheduleInput!) { updateOutcomeSchedule(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on UpdateOutcomeScheduleSuccess { zone { outcomeBaselineWeeks outcomeFollowUpMonths } } } }`;

describe('a list input giving the same entry twice', () => {
  it('refuses an email kind chosen twice at the second choice, changing nothing', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const id = await userId(s.db, 'linkworker@demo.test');
    const kinds = (await s.gql('{ emailPreferences { kind } }', {}, token)).data.emailPreferences.map(
      (p: { kind: string }) => p.kind,
    );
    const [first, second] = kinds as [string, string];
    const stored = () =>
      s.db.select().from(emailPreferences).where(eq(emailPreferences.userId, id)).orderBy(asc(emailPreferences.kind));
    const rowsBefore = await stored();
    const audits = await s.db.$count(auditEvents);
    // How the established refusal of an unknown kind is answered, for comparison.
    const unknown = await s.gql(SET, { input: { preferences: [{ kind: 'NO_SUCH_KIND', delivery: 'OFF' }] } }, token);
    expect(unknown.data.setEmailPreferences.__typename).toBe('ValidationError');

    const twice = await s.gql(
      SET,
      {
        input: {
          preferences: [
            { kind: first, delivery: 'OFF' },
            { kind: second, delivery: 'DAILY_DIGEST' },
            { kind: first, delivery: 'DAILY_DIGEST' },
          ],
        },
      },
      token,
    );
    expect(twice.status).toBe(unknown.status);
    expect(twice.errors).toBeUndefined();
    expect(twice.data.setEmailPreferences).toEqual({
      __typename: 'ValidationError',
      message: 'Each kind of email can be set once',
      fieldErrors: [{ path: ['input', 'preferences', '2', 'kind'], message: 'Each kind of email can be set once' }],
    });
    expect(await stored()).toEqual(rowsBefore);
    expect(await s.db.$count(auditEvents)).toBe(audits);

    // Each kind once is still saved.
    const once = await s.gql(SET, { input: { preferences: [{ kind: first, delivery: 'OFF' }] } }, token);
    expect(once.data.setEmailPreferences.__typename).toBe('SetEmailPreferencesSuccess');
  });

  it('refuses a follow-up given twice at the repeat, changing neither the schedule nor the audit trail', async () => {
    const admin = await s.signIn('admin@demo.test');
    const schedules = () =>
      s.db
        .select({ id: zones.id, weeks: zones.outcomeBaselineWeeks, months: zones.outcomeFollowUpMonths })
        .from(zones)
        .orderBy(asc(zones.id));
    const before = await schedules();
    const audits = await s.db.$count(auditEvents);
    // How the established refusal of a month out of range is answered, for comparison.
    const outOfRange = await s.gql(SCHEDULE, { input: { baselineWeeks: 6, followUpMonths: [0] } }, admin);
    expect(outOfRange.data.updateOutcomeSchedule.__typename).toBe('ValidationError');

    const message = 'Each follow-up can be given once: 12 months is repeated';
    const twice = await s.gql(SCHEDULE, { input: { baselineWeeks: 8, followUpMonths: [6, 12, 24, 12] } }, admin);
    expect(twice.status).toBe(outOfRange.status);
    expect(twice.errors).toBeUndefined();
    expect(twice.data.updateOutcomeSchedule).toEqual({
      __typename: 'ValidationError',
      message,
      fieldErrors: [{ path: ['input', 'followUpMonths', '3'], message }],
    });
    expect(await schedules()).toEqual(before);
    expect(await s.db.$count(auditEvents)).toBe(audits);

    // Each follow-up once is still saved, in order.
    const once = await s.gql(SCHEDULE, { input: { baselineWeeks: 8, followUpMonths: [24, 6, 12] } }, admin);
    expect(once.data.updateOutcomeSchedule.zone).toEqual({
      outcomeBaselineWeeks: 8,
      outcomeFollowUpMonths: [6, 12, 24],
    });
  });
});

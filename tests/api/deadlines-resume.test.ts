import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionEvents, commissions, emailOutbox, notifications, users } from '../../drizzle/schema';
import { runDeadlines } from '../../schema/domain/deadlines';
import { freeChildren, raiseMutation, serviceId } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// Issue 14 point 6 and the README: a paused commission that resumes while APPROVED gets a fresh
// response window, and that window has its own half-time reminder and escalation before it lapses
// (audit 59 found the first window's reminder and escalation stood for the second: it lapsed unannounced).

const LW = 'linkworker@demo.test';
let s: TestServer;
let child: number;
let commission: { id: string; reference: string };
beforeAll(async () => {
  s = await startServer();
  child = (await freeChildren(s.db, LW))[0]!.id;
  const res = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', child),
        serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')),
        units: 2,
        rationale: 'Agreed at the family review.',
        idempotencyKey: 'deadlines-resume-1',
      },
    },
    await s.signIn(LW),
  );
  commission = res.data.raiseCommission.commission;
  expect(res.data.raiseCommission.commission.status).toBe('APPROVED');
  // Every other waiting commission is approved much later, so only this one falls due. This one
  // was approved on Thursday 19 November 2026 (5 working days, 2 of grace): reminded from Tuesday
  // 24, to answer by Thursday 26, lapsing after Monday 30 November (the test server's today).
  await s.db
    .update(commissions)
    .set({ approvedAt: new Date('2027-06-01T09:00:00Z') })
    .where(eq(commissions.status, 'APPROVED'));
  await s.db
    .update(commissions)
    .set({ approvedAt: new Date('2026-11-19T10:00:00Z') })
    .where(eq(commissions.id, localId(commission.id)));
}, 60_000);
afterAll(() => s.close());

const run = (day: string) => runDeadlines(s.db, { minIntervalMinutes: 0, now: new Date(`${day}T08:00:00Z`) });
const respondBy = async () =>
  (
    await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Commission { respondBy } } }`,
      { id: commission.id },
      await s.signIn('provider@demo.test'),
    )
  ).data.node.respondBy;
/** This commission's in-portal notifications and queued emails of a kind: "email to whom: message". */
const told = async (kind: string) => {
  const notes = await s.db
    .select({ email: users.email, message: notifications.message })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.commissionId, localId(commission.id)), eq(notifications.kind, kind)))
    .orderBy(notifications.id);
  const emails = await s.db
    .select({ to: emailOutbox.toAddress })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.kind, kind), sql`${emailOutbox.data}->>'reference' = ${commission.reference}`))
    .orderBy(emailOutbox.id);
  return { notes: notes.map((n) => `${n.email}: ${n.message}`), emails: emails.map((e) => e.to) };
};
const gql = async (mutation: string, input: Record<string, unknown>) =>
  (await s.gql(mutation, { input: { childId: globalId('Child', child), ...input } }, await s.signIn(LW))).data;

describe('a commission resumed while waiting for its provider', () => {
  it('is reminded and escalated once in its first window', async () => {
    expect(await respondBy()).toBe('2026-11-26');
    expect(await run('2026-11-23')).toMatchObject({ ran: true, reminded: 0, escalated: 0, expired: 0 });
    expect(await run('2026-11-24')).toMatchObject({ reminded: 1, escalated: 0, expired: 0 });
    expect(await run('2026-11-25')).toMatchObject({ reminded: 0, escalated: 0, expired: 0 });
    expect(await run('2026-11-27')).toMatchObject({ reminded: 0, escalated: 1, expired: 0 });
    expect(await run('2026-11-30')).toMatchObject({ reminded: 0, escalated: 0, expired: 0 }); // last day of grace
  });

  it('gets a fresh window on resuming, with its own reminder at half time and escalation at the deadline', async () => {
    const withdrawn = await gql(
      `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { __typename } }`,
      { withdrawnOn: '2026-11-27', reason: 'Mum wants to talk it over first' },
    );
    expect(withdrawn.withdrawConsent.__typename).toBe('WithdrawConsentSuccess');
    const given = await gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { __typename } }`, {
      givenBy: 'PARENT_OR_CARER',
      method: 'PHONE',
      givenOn: '2026-11-30',
    });
    expect(given.recordConsent.__typename).toBe('RecordConsentSuccess');
    // Resumed on Monday 30 November: reminded from Thursday 3, to answer by Monday 7, lapsing after Wednesday 9 December.
    expect(await respondBy()).toBe('2026-12-07');
    expect(await run('2026-12-02')).toMatchObject({ reminded: 0, escalated: 0, expired: 0 });
    expect(await run('2026-12-03')).toMatchObject({ reminded: 1, escalated: 0, expired: 0 });
    expect(await run('2026-12-04')).toMatchObject({ reminded: 0, escalated: 0, expired: 0 });
    expect(await run('2026-12-07')).toMatchObject({ reminded: 0, escalated: 0, expired: 0 }); // the deadline day
    expect(await run('2026-12-08')).toMatchObject({ reminded: 0, escalated: 1, expired: 0 });
    expect(await run('2026-12-09')).toMatchObject({ reminded: 0, escalated: 0, expired: 0 }); // last day of grace
    expect(await run('2026-12-10')).toMatchObject({ reminded: 0, escalated: 0, expired: 1 });
    expect(await run('2026-12-11')).toMatchObject({ reminded: 0, escalated: 0, expired: 0 });
    const events = await s.db
      .select({ action: commissionEvents.action })
      .from(commissionEvents)
      .where(eq(commissionEvents.commissionId, localId(commission.id)))
      .orderBy(commissionEvents.id);
    expect(events.map((e) => e.action)).toEqual([
      'RAISED',
      'AUTO_APPROVED',
      'RESPONSE_REMINDER',
      'RESPONSE_OVERDUE',
      'PAUSED',
      'RESUMED',
      'RESPONSE_REMINDER',
      'RESPONSE_OVERDUE',
      'EXPIRED',
    ]);
  });

  it('tells the provider, then the link worker and commissioner, once in each window, with that window’s date', async () => {
    const ref = commission.reference;
    const reminders = await told('RESPONSE_REMINDER');
    expect(reminders.notes).toEqual([
      `provider@demo.test: Please accept or decline commission ${ref} by 26 November 2026`,
      `provider@demo.test: Please accept or decline commission ${ref} by 7 December 2026`,
    ]);
    expect(reminders.emails).toEqual(['provider@demo.test', 'provider@demo.test']);
    const overdue = await told('RESPONSE_OVERDUE');
    expect(overdue.notes.sort()).toEqual(
      [
        `commissioner@demo.test: The provider has not answered commission ${ref} (due 26 November 2026)`,
        `commissioner@demo.test: The provider has not answered commission ${ref} (due 7 December 2026)`,
        `${LW}: The provider has not answered commission ${ref} (due 26 November 2026)`,
        `${LW}: The provider has not answered commission ${ref} (due 7 December 2026)`,
      ].sort(),
    );
    expect(overdue.emails.sort()).toEqual(['commissioner@demo.test', 'commissioner@demo.test', LW, LW].sort());
  });
});

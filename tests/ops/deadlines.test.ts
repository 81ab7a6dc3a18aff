import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childBudgets,
  children,
  commissionEvents,
  commissions,
  emailOutbox,
  jobRuns,
  ledgerEntries,
} from '../../drizzle/schema';
import { runDeadlines } from '../../schema/domain/deadlines';
import { reconcile } from '../../schema/domain/reconcile';
import { addWorkingDays, londonDate, responseDeadline } from '../../schema/domain/working-days';
import { deliverDueEmails } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { decoded, header, startSmtp, transportTo } from '../setup/mail';
import { freeChildren, raiseMutation, serviceId, transitionMutation } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 6: providers answer within the zone's working days (England and Wales bank
// holidays), are reminded at half time, the link worker and commissioners are told at the
// deadline, and after the grace period the commission lapses to EXPIRED with its money released.

describe('working days, worked by hand', () => {
  it('skip weekends and England and Wales bank holidays', () => {
    // Thu 24 Dec 2026 + 5: Fri 25 (Christmas), Mon 28 (Boxing Day substitute) and Fri 1 Jan are
    // holidays: Tue 29, Wed 30, Thu 31, Mon 4, Tue 5.
    expect(addWorkingDays('2026-12-24', 5)).toBe('2027-01-05');
    // Thu 2 Apr 2026 + 3 across Easter: Good Friday 3rd and Easter Monday 6th are holidays.
    expect(addWorkingDays('2026-04-02', 3)).toBe('2026-04-09');
    // An ordinary week: Mon 9 Nov 2026 + 5 is Mon 16 Nov.
    expect(addWorkingDays('2026-11-09', 5)).toBe('2026-11-16');
    expect(addWorkingDays('2026-11-13', 0)).toBe('2026-11-13');
    // London's date, not UTC's: 23:30 UTC on 30 June is 00:30 on 1 July in London.
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(
      responseDeadline(new Date('2026-12-24T10:00:00Z'), { responseWorkingDays: 5, lapseGraceWorkingDays: 2 }),
    ).toEqual({
      remindOn: '2026-12-31',
      respondBy: '2027-01-05',
      lapseAfter: '2027-01-07',
    });
  });
});

describe('the deadlines job', () => {
  let s: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const ours: { id: string; reference: string; childId: number }[] = [];
  beforeAll(async () => {
    smtp = await startSmtp();
    s = await startServer();
    await s.db.update(emailOutbox).set({ status: 'SENT' });
    const kids = (await freeChildren(s.db, 'linkworker@demo.test')).slice(0, 2);
    const therapy = await serviceId(s.db, 'Family therapy sessions');
    for (const kid of kids) {
      const res = await s.gql(
        raiseMutation,
        {
          input: {
            childId: globalId('Child', kid.id),
            serviceId: globalId('Service', therapy),
            units: 4,
            rationale: `For ${kid.firstName}: agreed at review`,
            idempotencyKey: `deadline-${kid.id}`,
          },
        },
        await s.signIn('linkworker@demo.test'),
      );
      const c = res.data.raiseCommission.commission;
      expect(c.status).toBe('APPROVED');
      ours.push({ id: c.id, reference: c.reference, childId: kid.id });
    }
    // Approved on Thursday 24 December 2026; every other waiting commission much later, so only ours are due.
    await s.db
      .update(commissions)
      .set({ approvedAt: new Date('2027-06-01T09:00:00Z') })
      .where(eq(commissions.status, 'APPROVED'));
    for (const c of ours)
      await s.db
        .update(commissions)
        .set({ approvedAt: new Date('2026-12-24T10:00:00Z') })
        .where(eq(commissions.id, localId(c.id)));
  }, 60_000);
  afterAll(async () => {
    await s.close();
    await smtp.close();
  });

  const run = (at: string) => runDeadlines(s.db, { minIntervalMinutes: 0, now: new Date(at) });
  const eventsOf = async (id: string) =>
    (
      await s.db
        .select()
        .from(commissionEvents)
        .where(eq(commissionEvents.commissionId, localId(id)))
        .orderBy(commissionEvents.id)
    ).map((e) => e.action);

  it('shows the deadline on the commission', async () => {
    const res = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Commission { respondBy } } }`,
      { id: ours[0]!.id },
      await s.signIn('provider@demo.test'),
    );
    expect(res.data.node.respondBy).toBe('2027-01-05');
  });

  it('reminds at half time once, escalates the day after the deadline, lapses after the grace period', async () => {
    const [a] = ours;
    // The second one is accepted on the last day: the job leaves it alone.
    const accepted = await s.gql(
      transitionMutation('acceptCommission'),
      { input: { commissionId: ours[1]!.id } },
      await s.signIn('provider@demo.test'),
    );
    expect(accepted.data.acceptCommission.__typename).toBe('AcceptCommissionSuccess');

    expect(await run('2026-12-30T17:00:00Z')).toMatchObject({ ran: true, reminded: 0, escalated: 0, expired: 0 });
    expect(await run('2026-12-31T08:00:00Z')).toMatchObject({ reminded: 1, escalated: 0, expired: 0 });
    expect(await run('2026-12-31T15:00:00Z')).toMatchObject({ reminded: 0 });
    expect(await run('2027-01-05T20:00:00Z')).toMatchObject({ reminded: 0, escalated: 0 }); // the deadline day
    expect(await run('2027-01-06T08:00:00Z')).toMatchObject({ escalated: 1, expired: 0 });
    expect(await run('2027-01-07T20:00:00Z')).toMatchObject({ escalated: 0, expired: 0 }); // last day of grace
    expect(await eventsOf(a!.id)).toEqual(['RAISED', 'AUTO_APPROVED', 'RESPONSE_REMINDER', 'RESPONSE_OVERDUE']);

    const [before] = await s.db
      .select()
      .from(commissions)
      .where(eq(commissions.id, localId(a!.id)));
    const [budgetBefore] = await s.db.select().from(childBudgets).where(eq(childBudgets.id, before!.budgetId));
    expect(await run('2027-01-08T08:00:00Z')).toMatchObject({ expired: 1 });
    const [after] = await s.db
      .select()
      .from(commissions)
      .where(eq(commissions.id, localId(a!.id)));
    expect(after!.status).toBe('EXPIRED');
    expect(await eventsOf(a!.id)).toEqual([
      'RAISED',
      'AUTO_APPROVED',
      'RESPONSE_REMINDER',
      'RESPONSE_OVERDUE',
      'EXPIRED',
    ]);
    // The reservation is released through the ledger, by the portal (no person), and the books balance.
    const released = await s.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.commissionId, after!.id), eq(ledgerEntries.kind, 'RELEASE')));
    expect(released).toHaveLength(1);
    expect(released[0]).toMatchObject({ amountPence: after!.amountPence, actorId: null, budgetId: after!.budgetId });
    const [budgetAfter] = await s.db.select().from(childBudgets).where(eq(childBudgets.id, after!.budgetId));
    expect(budgetBefore!.reservedPence - budgetAfter!.reservedPence).toBe(after!.amountPence);
    expect(budgetAfter!.spentPence).toBe(budgetBefore!.spentPence);
    expect((await reconcile(s.db)).differences).toEqual([]);
    // Nothing more to do, and the provider can no longer accept it.
    expect(await run('2027-01-09T08:00:00Z')).toMatchObject({ reminded: 0, escalated: 0, expired: 0 });
    const late = await s.gql(
      transitionMutation('acceptCommission'),
      { input: { commissionId: a!.id } },
      await s.signIn('provider@demo.test'),
    );
    expect(late.data.acceptCommission).toMatchObject({ __typename: 'InvalidTransitionError', from: 'EXPIRED' });
    const [other] = await s.db
      .select()
      .from(commissions)
      .where(eq(commissions.id, localId(ours[1]!.id)));
    expect(other!.status).toBe('ACCEPTED');
  });

  it('emails each step to the right people: the reference and a link, no child’s name or date of birth', async () => {
    expect(
      (
        await deliverDueEmails(s.db, {
          transport: transportTo(smtp.port),
          from: 'portal@council.example',
          baseUrl: 'https://portal.council.example',
          logger: silentLogger,
        })
      ).failed,
    ).toBe(0);
    const ref = ours[0]!.reference;
    const to = (subject: string) =>
      smtp.inbox
        .filter((m) => header(m.raw, 'Subject') === subject)
        .map((m) => m.to)
        .sort();
    expect(to(`Reminder: please answer commission ${ref}`)).toEqual(['provider@demo.test']);
    expect(to(`No answer yet: commission ${ref}`)).toEqual(['commissioner@demo.test', 'linkworker@demo.test']);
    expect(to(`Commission ${ref} lapsed`)).toEqual([
      'commissioner@demo.test',
      'linkworker@demo.test',
      'provider@demo.test',
    ]);
    const kids = await s.db.select().from(children);
    for (const m of smtp.inbox)
      for (const k of kids)
        for (const secret of [k.firstName, k.lastName, k.dateOfBirth])
          if (secret) expect(decoded(m.raw)).not.toContain(secret);
  });

  it('runs once per interval however many processes try (the job_runs row)', async () => {
    await s.db
      .update(jobRuns)
      .set({ lastRunAt: new Date(0) })
      .where(eq(jobRuns.name, 'deadlines'));
    const at = new Date('2027-02-01T08:00:00Z');
    const first = await runDeadlines(s.db, { minIntervalMinutes: 59, now: at });
    const second = await runDeadlines(s.db, { minIntervalMinutes: 59, now: new Date(at.getTime() + 30 * 60_000) });
    expect([first.ran, second.ran]).toEqual([true, false]);
  });
});

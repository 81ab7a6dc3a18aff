import { and, asc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, emailOutbox, notifications, outcomeMeasures, outcomeReminders } from '../../drizzle/schema';
import { runOutcomeReminders } from '../../schema/domain/outcome-reminders';
import { deliverDueEmails } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { decoded, header, startSmtp, transportTo } from '../setup/mail';
import { userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 12, point 2: the link worker is told, in the portal and by email (their email preferences
// apply), when a child's outcome measure becomes due and when it is overdue, once each per child
// and scheduled point. The job takes its clock from the caller.
//
// One child, moved to a programme starting Monday 7 January 2030 (to 31 July 2032); the zone's
// default schedule (baseline within 6 weeks, follow-ups at 12 and 24 months, each window opening
// 4 weeks early), worked by hand:
//   Baseline   opens 2029-12-10, due by 2030-02-18
//   12 months  opens 2030-12-10, due by 2031-02-18
//   24 months  opens 2031-12-10, due by 2032-02-18
// Every other child is marked COMPLETED so that the job's counts are this child's alone.

let s: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let child: typeof children.$inferSelect;
let linkWorker: number;
beforeAll(async () => {
  smtp = await startSmtp();
  s = await startServer();
  await s.db.update(emailOutbox).set({ status: 'SENT' });
  linkWorker = await userId(s.db, 'linkworker@demo.test');
  child = (
    await s.db.select().from(children).where(eq(children.linkWorkerId, linkWorker)).orderBy(asc(children.id)).limit(1)
  )[0]!;
  await s.db
    .update(children)
    .set({ programmeStart: '2030-01-07', programmeEnd: '2032-07-31', status: 'ACTIVE' })
    .where(eq(children.id, child!.id));
  await s.db.update(children).set({ status: 'COMPLETED' }).where(ne(children.id, child!.id));
}, 60_000);
afterAll(async () => {
  await s.close();
  await smtp.close();
});

const run = (at: string) => runOutcomeReminders(s.db, { minIntervalMinutes: 0, now: new Date(at) });
const score = (measuredOn: string) =>
  s.db
    .insert(outcomeMeasures)
    .values({ childId: child.id, measure: 'SDQ_TOTAL', score: 12, measuredOn, recordedById: linkWorker });
const notes = () =>
  s.db
    .select({ kind: notifications.kind, message: notifications.message, userId: notifications.userId })
    .from(notifications)
    .where(eq(notifications.childId, child.id))
    .orderBy(asc(notifications.id));

describe('outcome measure reminders', () => {
  it('tells the link worker when a point becomes due and when it is overdue, once each', async () => {
    expect(await run('2029-12-09T12:00:00Z')).toEqual({ ran: true, due: 0, overdue: 0 });
    expect(await run('2029-12-10T09:00:00Z')).toEqual({ ran: true, due: 1, overdue: 0 });
    expect(await run('2029-12-11T09:00:00Z')).toEqual({ ran: true, due: 0, overdue: 0 });
    expect(await run('2030-02-18T20:00:00Z')).toEqual({ ran: true, due: 0, overdue: 0 }); // the last day
    expect(await run('2030-02-19T09:00:00Z')).toEqual({ ran: true, due: 0, overdue: 1 });
    expect(await run('2030-02-20T09:00:00Z')).toEqual({ ran: true, due: 0, overdue: 0 });
    // Recorded late; the 12-month point opens and is done in time; nothing more until 24 months.
    await score('2030-03-01');
    expect(await run('2030-12-10T09:00:00Z')).toEqual({ ran: true, due: 1, overdue: 0 });
    await score('2031-01-10');
    expect(await run('2031-02-19T09:00:00Z')).toEqual({ ran: true, due: 0, overdue: 0 });
    expect(await notes()).toEqual([
      {
        kind: 'OUTCOME_DUE',
        message: `Baseline outcome measure due for child ${child.reference}: record it by 18 February 2030`,
        userId: linkWorker,
      },
      {
        kind: 'OUTCOME_OVERDUE',
        message: `Baseline outcome measure overdue for child ${child.reference} (due by 18 February 2030); it will be marked late`,
        userId: linkWorker,
      },
      {
        kind: 'OUTCOME_DUE',
        message: `12 months outcome measure due for child ${child.reference}: record it by 18 February 2031`,
        userId: linkWorker,
      },
    ]);
  });

  it('gives each reminder once when two runs race (the reminder’s key decides)', async () => {
    const [a, b] = await Promise.all([run('2031-12-10T09:00:00Z'), run('2031-12-10T09:00:01Z')]);
    expect(a.due + b.due).toBe(1);
    expect(
      await s.db.$count(notifications, and(eq(notifications.childId, child.id), eq(notifications.kind, 'OUTCOME_DUE'))),
    ).toBe(3);
    expect(await s.db.$count(outcomeReminders, eq(outcomeReminders.childId, child.id))).toBe(4);
  });

  it('shows the notification with a link to the child, to the link worker only', async () => {
    const q = '{ viewer { notifications(first: 5) { edges { node { kind child { id reference } } } } } }';
    const mine = await s.gql(q, {}, await s.signIn('linkworker@demo.test'));
    expect(mine.data.viewer.notifications.edges[0].node).toEqual({
      kind: 'OUTCOME_DUE',
      child: { id: globalId('Child', child.id), reference: child.reference },
    });
    const other = await s.gql(q, {}, await s.signIn('linkworker2@demo.test'));
    expect(
      other.data.viewer.notifications.edges.filter((e: { node: { kind: string } }) =>
        e.node.kind.startsWith('OUTCOME'),
      ),
    ).toEqual([]);
  });

  it('emails the reference and a link to the child’s page, never a name; the person’s preference applies', async () => {
    const deliver = () =>
      deliverDueEmails(s.db, {
        transport: transportTo(smtp.port),
        from: 'portal@council.example',
        baseUrl: 'https://portal.council.example',
        logger: silentLogger,
      });
    expect((await deliver()).failed).toBe(0);
    // The outbox sends in parallel, so arrival order is not fixed: compare as sorted lists.
    const subjects = smtp.inbox.map((m) => `${m.to} ${header(m.raw, 'Subject')}`).sort();
    expect(subjects).toEqual(
      [
        `linkworker@demo.test Outcome measure due: child ${child.reference}`,
        `linkworker@demo.test Outcome measure overdue: child ${child.reference}`,
        `linkworker@demo.test Outcome measure due: child ${child.reference}`,
        `linkworker@demo.test Outcome measure due: child ${child.reference}`,
      ].sort(),
    );
    // Each says which measure and by when, so three "due" emails about one child are not duplicates.
    const which = smtp.inbox.map(
      (m) =>
        `${header(m.raw, 'Subject')} ${/The [\w ]+ measure, due by \d{1,2} \w+ \d{4}\./.exec(decoded(m.raw))?.[0]}`,
    );
    expect(which.filter((w) => w.endsWith('undefined'))).toEqual([]);
    expect(new Set(which).size).toBe(4);
    expect(which.some((w) => w.includes('The baseline measure, due by'))).toBe(true);
    const body = decoded(smtp.inbox[0]!.raw);
    expect(body).toContain(
      `https://portal.council.example/children/${encodeURIComponent(globalId('Child', child.id))}`,
    );
    for (const m of smtp.inbox)
      for (const secret of [child.firstName, child.lastName, child.dateOfBirth])
        expect(decoded(m.raw)).not.toContain(secret);

    // Overdue reminders switched off by email: the portal still says so, no email is queued.
    const token = await s.signIn('linkworker@demo.test');
    const set = await s.gql(
      `mutation($input: SetEmailPreferencesInput!) { setEmailPreferences(input: $input) { __typename } }`,
      { input: { preferences: [{ kind: 'OUTCOME_OVERDUE', delivery: 'OFF' }] } },
      token,
    );
    expect(set.data.setEmailPreferences.__typename).toBe('SetEmailPreferencesSuccess');
    expect(await run('2032-02-19T09:00:00Z')).toEqual({ ran: true, due: 0, overdue: 1 });
    expect((await notes()).at(-1)?.kind).toBe('OUTCOME_OVERDUE');
    expect(
      await s.db.$count(emailOutbox, and(eq(emailOutbox.userId, linkWorker), eq(emailOutbox.status, 'PENDING'))),
    ).toBe(0);
  });
});

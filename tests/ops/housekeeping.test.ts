import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import {
  auditEvents,
  childBudgets,
  children,
  emailOutbox,
  idempotencyKeys,
  ledgerEntries,
  outcomeMeasures,
  searchLogs,
  sessions,
  signInAttempts,
  users,
  zones,
} from '../../drizzle/schema';
import { runHousekeeping } from '../../schema/domain/housekeeping';
import { inTransaction } from '../../schema/domain/transaction';
import { freshDatabase, TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// ISSUE 8, point 11: housekeeping deletes what is past its time, anonymises children long after
// their programme, keeps money and outcomes, runs once per interval across processes, is audited.

let db: DbHandle & { url?: string };
beforeEach(async () => {
  db = await freshDatabase();
});
afterEach(() => db.close());

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function plantOldRecords() {
  const [admin] = await db.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
  await db.db.insert(sessions).values([
    { tokenHash: 'expired-long-ago', userId: admin!.id, expiresAt: daysAgo(3) },
    { tokenHash: 'still-valid', userId: admin!.id, expiresAt: new Date(Date.now() + 3_600_000) },
  ]);
  await db.db.insert(signInAttempts).values([
    { email: 'old@x.test', address: '10.0.0.1', succeeded: false, at: daysAgo(45) },
    { email: 'new@x.test', address: '10.0.0.1', succeeded: false, at: daysAgo(1) },
  ]);
  await db.db.insert(idempotencyKeys).values([
    { userId: admin!.id, key: 'old-key', operation: 'x', requestHash: 'h', result: {}, createdAt: daysAgo(10) },
    { userId: admin!.id, key: 'new-key', operation: 'x', requestHash: 'h', result: {}, createdAt: daysAgo(1) },
  ]);
  // One child whose programme ended eight years ago, with money and outcomes that must stay.
  const [old] = await db.db.select().from(children).orderBy(children.id).limit(1);
  await db.db
    .update(children)
    .set({ programmeStart: '2016-09-01', programmeEnd: '2018-08-31' })
    .where(eq(children.id, old!.id));
  return old!;
}

describe('housekeeping', () => {
  it('deletes ended sessions, old attempts and keys; anonymises old children; keeps money and outcomes; audits', async () => {
    const old = await plantOldRecords();
    const ledgerBefore = await db.db.$count(ledgerEntries);
    const budgetsBefore = await db.db.$count(childBudgets, eq(childBudgets.childId, old.id));
    const outcomesBefore = await db.db.$count(outcomeMeasures, eq(outcomeMeasures.childId, old.id));

    const result = await inTransaction(db.db, (tx) =>
      runHousekeeping(tx, { retentionYears: 7, minIntervalMinutes: 60 }),
    );
    expect(result).toMatchObject({
      ran: true,
      signInAttemptsDeleted: 1,
      idempotencyKeysDeleted: 1,
      childrenAnonymised: 1,
    });
    expect(result.sessionsDeleted).toBeGreaterThanOrEqual(1);
    expect(await db.db.$count(sessions, eq(sessions.tokenHash, 'expired-long-ago'))).toBe(0);
    expect(await db.db.$count(sessions, eq(sessions.tokenHash, 'still-valid'))).toBe(1);
    expect(await db.db.$count(signInAttempts, eq(signInAttempts.email, 'new@x.test'))).toBe(1);
    expect(await db.db.$count(idempotencyKeys, eq(idempotencyKeys.key, 'new-key'))).toBe(1);

    const [after] = await db.db.select().from(children).where(eq(children.id, old.id));
    expect(after).toMatchObject({ firstName: null, lastName: null, dateOfBirth: null, reference: old.reference });
    expect(after!.anonymisedAt).not.toBeNull();
    expect(await db.db.$count(ledgerEntries)).toBe(ledgerBefore);
    expect(await db.db.$count(childBudgets, eq(childBudgets.childId, old.id))).toBe(budgetsBefore);
    expect(await db.db.$count(outcomeMeasures, eq(outcomeMeasures.childId, old.id))).toBe(outcomesBefore);
    // Children within the retention period keep their names.
    expect(await db.db.$count(children, sql`${children.firstName} is null`)).toBe(1);

    const audited = await db.db.select().from(auditEvents).where(eq(auditEvents.action, 'HOUSEKEEPING'));
    expect(audited.length).toBeGreaterThanOrEqual(2); // one per zone
    expect(audited.map((a) => a.detail.childrenAnonymised).sort()).toEqual([0, 1]);

    // A second process within the interval finds it done.
    const second = await inTransaction(db.db, (tx) =>
      runHousekeeping(tx, { retentionYears: 7, minIntervalMinutes: 60 }),
    );
    expect(second.ran).toBe(false);
    expect(await db.db.$count(auditEvents, eq(auditEvents.action, 'HOUSEKEEPING'))).toBe(audited.length);
  });

  it('prunes search logs older than the window (13 months by default, or as set), per zone in the audit', async () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const [demo] = await db.db.select({ id: zones.id }).from(zones).where(eq(zones.slug, 'demo'));
    // Only this test's rows: the demo seed's own searches are dated from the day it ran.
    await db.db.delete(searchLogs);
    const log = (zoneId: number | null, searchedAt: string, queryText: string) => ({
      zoneId,
      searchedAt: new Date(searchedAt),
      queryText,
      resultCount: 0,
      signedIn: false,
    });
    await db.db
      .insert(searchLogs)
      .values([
        log(demo!.id, '2025-10-29T12:00:00Z', 'thirteen months and a day'),
        log(null, '2025-01-01T00:00:00Z', 'public, long ago'),
        log(demo!.id, '2025-10-31T12:00:00Z', 'just inside thirteen months'),
        log(demo!.id, '2026-10-15T12:00:00Z', 'last month'),
      ]);
    const first = await inTransaction(db.db, (tx) =>
      runHousekeeping(tx, { retentionYears: 7, minIntervalMinutes: 60, now }),
    );
    expect(first.searchLogsDeleted).toBe(2);
    expect((await db.db.select().from(searchLogs)).map((r) => r.queryText).sort()).toEqual([
      'just inside thirteen months',
      'last month',
    ]);
    const [audit] = await db.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.action} = 'HOUSEKEEPING' and ${auditEvents.zoneId} = ${demo!.id}`);
    expect(audit!.detail).toMatchObject({ searchLogsDeleted: 1, searchLogMonths: 13 });

    // A shorter window, as SEARCH_LOG_MONTHS sets it: one month (2026-10-15 is more than a month before 2026-11-30).
    const second = await inTransaction(db.db, (tx) =>
      runHousekeeping(tx, { retentionYears: 7, minIntervalMinutes: 0, searchLogMonths: 1, now }),
    );
    expect(second.searchLogsDeleted).toBe(2);
    expect(await db.db.$count(searchLogs)).toBe(0);
  });

  it('deletes finished emails past EMAIL_HISTORY_MONTHS; never one still waiting to go', async () => {
    const now = new Date('2026-11-30T12:00:00Z');
    await db.db.delete(emailOutbox); // only this test's rows
    const email = (
      kind: string,
      status: (typeof emailOutbox.$inferInsert)['status'],
      createdAt: string,
      sentAt?: string,
    ) => ({
      toAddress: `${kind}@x.test`,
      kind,
      messageId: `<${kind}@x.test>`,
      status,
      createdAt: new Date(createdAt),
      sentAt: sentAt ? new Date(sentAt) : null,
    });
    await db.db.insert(emailOutbox).values([
      email('sent-long-ago', 'SENT', '2025-09-01T12:00:00Z', '2025-09-01T12:01:00Z'),
      email('failed-long-ago', 'FAILED', '2025-09-01T12:00:00Z'),
      email('skipped-long-ago', 'SKIPPED', '2025-09-01T12:00:00Z'),
      email('digested-long-ago', 'DIGESTED', '2025-09-01T12:00:00Z', '2025-09-02T07:00:00Z'),
      // Written long ago but sent inside the window (a relay down for months): the sending counts.
      email('sent-lately', 'SENT', '2025-09-01T12:00:00Z', '2025-11-15T12:00:00Z'),
      email('pending-long-ago', 'PENDING', '2025-09-01T12:00:00Z'),
      email('digest-long-ago', 'DIGEST', '2025-09-01T12:00:00Z'),
      email('sent-last-month', 'SENT', '2026-10-15T12:00:00Z', '2026-10-15T12:01:00Z'),
    ]);
    const kinds = async () => (await db.db.select().from(emailOutbox)).map((r) => r.kind).sort();

    const first = await inTransaction(db.db, (tx) =>
      runHousekeeping(tx, { retentionYears: 7, minIntervalMinutes: 60, now }),
    );
    expect(first.emailsDeleted).toBe(4);
    expect(await kinds()).toEqual(['digest-long-ago', 'pending-long-ago', 'sent-last-month', 'sent-lately']);
    const [audit] = await db.db.select().from(auditEvents).where(sql`${auditEvents.action} = 'HOUSEKEEPING'`);
    expect(audit!.detail).toMatchObject({ emailsDeleted: 4, emailHistoryMonths: 13 });

    // A shorter window, as EMAIL_HISTORY_MONTHS sets it: one month.
    const second = await inTransaction(db.db, (tx) =>
      runHousekeeping(tx, { retentionYears: 7, minIntervalMinutes: 0, emailHistoryMonths: 1, now }),
    );
    expect(second.emailsDeleted).toBe(2);
    expect(await kinds()).toEqual(['digest-long-ago', 'pending-long-ago']);
  });

  it('two processes at once: one runs, the other skips', async () => {
    await plantOldRecords();
    const results = await Promise.all(
      [0, 1].map(() =>
        inTransaction(db.db, (tx) => runHousekeeping(tx, { retentionYears: 7, minIntervalMinutes: 60 })),
      ),
    );
    expect(results.map((r) => r.ran).sort()).toEqual([false, true]);
    expect(results.reduce((n, r) => n + r.childrenAnonymised, 0)).toBe(1);
  });

  it.runIf(TEST_DB === 'postgres')('npm run housekeeping (for cron) does one run and says what it did', async () => {
    await plantOldRecords();
    await db.db
      .insert(emailOutbox)
      .values({ toAddress: 'a@x.test', kind: 'old', messageId: '<old@x.test>', status: 'SENT', sentAt: daysAgo(400) });
    const run = await runScript('server/cli/housekeeping.ts', { DATABASE_URL: db.url!, RETENTION_YEARS: '7' });
    expect(run.output).toMatch(
      /1 old sign-in attempts deleted, 1 idempotency keys past their window deleted, 1 finished emails older than 13 months deleted, 1 children anonymised/,
    );
    expect(run.code).toBe(0);
  });
});

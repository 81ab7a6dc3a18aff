import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../drizzle/client';
import { emailOutbox, notifications } from '../../drizzle/schema';
import { runDeadlines } from '../../schema/domain/deadlines';
import { runListingReviewReminders } from '../../schema/domain/listing-reviews';
import { runOutcomeReminders } from '../../schema/domain/outcome-reminders';
import { silentLogger } from '../../server/logger';
import { prepareDatabase } from '../../server/prepare-database';
import { TEST_ADMIN_URL, TEST_DATABASE_URL, TEST_DB, TEST_DB_PREFIX, withDatabase } from '../setup/database';

// `npm start` with SMTP_URL set mails nobody for the demo's made-up past: the reminders and
// lapses it owes as it starts are given in the portal, their emails kept unsent (audit 38b F5).

let handle: DbHandle;
let drop = async () => {};
beforeAll(async () => {
  if (TEST_DB === 'pglite') handle = await createDb({});
  else {
    const name = `${TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
    const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    handle = await createDb({ databaseUrl: withDatabase(TEST_DATABASE_URL, name) });
    drop = async () => {
      const sql = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    };
  }
}, 120_000);
afterAll(async () => {
  await handle?.close();
  await drop();
});

describe('the demo, started with email on', () => {
  it('owes reminders for its past: given in the portal, never mailed; the jobs’ next run has nothing to mail', async () => {
    const before = Date.now();
    await prepareDatabase(handle, { seed: 'demo', logger: silentLogger });
    const waiting = () => handle.db.$count(emailOutbox, inArray(emailOutbox.status, ['PENDING', 'DIGEST']));
    expect(await waiting()).toBe(0);
    // The reminders were given in the portal: the demo's past owes some.
    const reminders = await handle.db.$count(
      notifications,
      inArray(notifications.kind, ['OUTCOME_DUE', 'OUTCOME_OVERDUE', 'LISTING_REVIEW_DUE']),
    );
    expect(reminders).toBeGreaterThan(0);
    // The server's jobs, a minute later (or at once, if nothing else ran them): nothing left to mail.
    const now = new Date(Math.max(Date.now(), before) + 60_000);
    await runDeadlines(handle.db, { minIntervalMinutes: 0, now });
    await runOutcomeReminders(handle.db, { minIntervalMinutes: 0, now });
    expect(await runListingReviewReminders(handle.db, { now })).toBe(0);
    expect(await waiting()).toBe(0);
  }, 300_000);
});

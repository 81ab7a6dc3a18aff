import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountTokens, emailOutbox } from '../../drizzle/schema';
import { runHousekeeping } from '../../schema/domain/housekeeping';
import { inTransaction } from '../../schema/domain/transaction';
import { deliverDueEmails } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { startSmtp, transportTo } from '../setup/mail';
import { startServer, type TestServer } from '../setup/server';

// Audit (operations) findings 8 and 9: an email that failed kept its live password link in
// email_outbox.data for good, and a reset request left unsent for days (email off, relay down) was
// answered with a fresh working link when sending resumed. Through a real SMTP server.

let s: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp({ refuse: (to) => (to.startsWith('gone') ? 550 : undefined) });
  s = await startServer();
  await s.db.update(emailOutbox).set({ status: 'SENT' }); // the demo seed's own emails
}, 60_000);
afterAll(async () => {
  await s.close();
  await smtp.close();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});

const deliver = () =>
  deliverDueEmails(s.db, {
    transport: transportTo(smtp.port),
    from: 'Portal <portal@council.example>',
    baseUrl: 'https://portal.council.example',
    logger: silentLogger,
  });
const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { __typename } }`;
const REQUEST = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { __typename } }`;
const rowTo = async (address: string) =>
  (await s.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)).orderBy(desc(emailOutbox.id)))[0]!;
const age = (address: string, hours: number) =>
  s.db
    .update(emailOutbox)
    .set({ createdAt: sql`now() - make_interval(hours => ${hours})` })
    .where(and(eq(emailOutbox.toAddress, address), eq(emailOutbox.status, 'PENDING')));

describe('account emails that will not be sent keep no working link', () => {
  it('an invitation the relay refuses for good is FAILED with its link removed', async () => {
    const admin = await s.signIn('admin@demo.test');
    const res = await s.gql(INVITE, { input: { name: 'Gone', email: 'gone@demo.test', role: 'LINK_WORKER' } }, admin);
    expect(res.data.inviteUser.__typename).toBe('InviteUserSuccess');
    expect((await rowTo('gone@demo.test')).data).toHaveProperty('path');
    expect(await deliver()).toEqual({ sent: 0, failed: 1 });
    const row = await rowTo('gone@demo.test');
    expect(row.status).toBe('FAILED');
    expect(row.data).toEqual({});
  });

  it('a reset request left unsent for 3 days is dropped as expired, not answered with a fresh link', async () => {
    await s.gql(REQUEST, { input: { email: 'districtlead@demo.test' } });
    await age('districtlead@demo.test', 72);
    const tokensBefore = await s.db.$count(accountTokens);
    await deliver();
    expect(smtp.inbox).toEqual([]);
    const row = await rowTo('districtlead@demo.test');
    expect(row.status).toBe('FAILED');
    expect(row.lastError).toMatch(/expired/);
    expect(await s.db.$count(accountTokens)).toBe(tokensBefore); // no link issued
  });

  it('an invitation past its 72 hours is dropped with its link; a fresh one is still sent', async () => {
    const admin = await s.signIn('admin@demo.test');
    await s.gql(INVITE, { input: { name: 'Late', email: 'late@demo.test', role: 'LINK_WORKER' } }, admin);
    await s.gql(INVITE, { input: { name: 'Prompt', email: 'prompt@demo.test', role: 'LINK_WORKER' } }, admin);
    await age('late@demo.test', 73);
    await deliver();
    expect(smtp.inbox.map((m) => m.to)).toEqual(['prompt@demo.test']);
    expect(await rowTo('late@demo.test')).toMatchObject({ status: 'FAILED', data: {} });
  });

  it('housekeeping (email off: no worker) expires stale account emails and removes links of failed ones', async () => {
    await s.gql(REQUEST, { input: { email: 'commissioner@demo.test' } });
    await age('commissioner@demo.test', 2);
    // A failed invitation still holding its link, as rows failed before this change do.
    await s.db.insert(emailOutbox).values({
      toAddress: 'old-failure@demo.test',
      kind: 'INVITATION',
      status: 'FAILED',
      data: { path: '/reset-password?token=still-live' },
      messageId: '<old-failure@partnership-portal>',
    });
    const result = await inTransaction(s.db, (tx) => runHousekeeping(tx, { retentionYears: 7, minIntervalMinutes: 0 }));
    expect(result.emailLinksRemoved).toBeGreaterThanOrEqual(2);
    expect(await rowTo('commissioner@demo.test')).toMatchObject({
      status: 'FAILED',
      lastError: expect.stringMatching(/expired/),
    });
    expect((await rowTo('old-failure@demo.test')).data).toEqual({});
    const withLinks = await s.db.$count(
      emailOutbox,
      sql`${emailOutbox.status} <> 'PENDING' and ${emailOutbox.kind} in ('INVITATION', 'PASSWORD_RESET') and ${emailOutbox.data} <> '{}'::jsonb`,
    );
    expect(withLinks).toBe(0);
  });
});

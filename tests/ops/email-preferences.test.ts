import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, emailOutbox, emailPreferences, users } from '../../drizzle/schema';
import { runDigest } from '../../schema/domain/digest';
import { CHOOSABLE_KINDS } from '../../schema/domain/email';
import { deliverDueEmails } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { decoded, header, startSmtp, transportTo } from '../setup/mail';
import { freeChildren, raiseMutation, serviceId, topUp, userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 1 (preferences): each person chooses, per kind of email, immediately, a daily
// digest, or not at all; the digest job sends one summary a day.

let s: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  s = await startServer();
  await s.db.update(emailOutbox).set({ status: 'SENT' });
}, 60_000);
afterAll(async () => {
  await s.close();
  await smtp.close();
});

const SET = `mutation($input: SetEmailPreferencesInput!) { setEmailPreferences(input: $input) {
  __typename ... on SetEmailPreferencesSuccess { preferences { kind delivery } } ... on Error { message } } }`;
const deliver = () =>
  deliverDueEmails(s.db, {
    transport: transportTo(smtp.port),
    from: 'portal@council.example',
    baseUrl: 'https://portal.council.example',
    logger: silentLogger,
  });

let round = 0;
async function raiseOverLimit() {
  const [kid] = await freeChildren(s.db, 'linkworker@demo.test');
  await topUp(s, [kid!.id], 100_000);
  const res = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', kid!.id),
        serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')),
        units: 8,
        rationale: `Agreed at review for ${kid!.firstName}`,
        idempotencyKey: `preferences-${round++}`,
      },
    },
    await s.signIn('linkworker@demo.test'),
  );
  if (!res.data.raiseCommission.commission) throw new Error(JSON.stringify(res.data));
  return res.data.raiseCommission.commission.reference as string;
}

describe('email preferences and the daily digest', () => {
  it('lists every kind as IMMEDIATE until chosen; refuses an unknown kind and changes nothing', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const list = await s.gql('{ emailPreferences { kind label delivery } }', {}, token);
    expect(list.data.emailPreferences.length).toBeGreaterThan(3);
    expect(list.data.emailPreferences.every((p: { delivery: string }) => p.delivery === 'IMMEDIATE')).toBe(true);
    const bad = await s.gql(
      SET,
      {
        input: {
          preferences: [
            { kind: 'APPROVAL_NEEDED', delivery: 'OFF' },
            { kind: 'NOPE', delivery: 'OFF' },
          ],
        },
      },
      token,
    );
    expect(bad.data.setEmailPreferences.__typename).toBe('ValidationError');
    const again = await s.gql('{ emailPreferences { kind delivery } }', {}, token);
    expect(again.data.emailPreferences.find((p: { kind: string }) => p.kind === 'APPROVAL_NEEDED').delivery).toBe(
      'IMMEDIATE',
    );
    expect((await s.gql('{ emailPreferences { kind } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('OFF sends nothing of that kind; DAILY_DIGEST waits for one summary a day', async () => {
    const commissioner = await userId(s.db, 'commissioner@demo.test');
    const token = await s.signIn('commissioner@demo.test');
    const off = await s.gql(SET, { input: { preferences: [{ kind: 'APPROVAL_NEEDED', delivery: 'OFF' }] } }, token);
    expect(off.data.setEmailPreferences.__typename).toBe('SetEmailPreferencesSuccess');
    await raiseOverLimit();
    expect(
      await s.db.$count(emailOutbox, and(eq(emailOutbox.userId, commissioner), eq(emailOutbox.status, 'PENDING'))),
    ).toBe(0);

    await s.gql(SET, { input: { preferences: [{ kind: 'APPROVAL_NEEDED', delivery: 'DAILY_DIGEST' }] } }, token);
    const first = await raiseOverLimit();
    const second = await raiseOverLimit();
    // Waiting for the digest: the worker does not send them.
    await deliver();
    expect(smtp.inbox.filter((m) => m.to === 'commissioner@demo.test')).toHaveLength(0);
    expect(
      await s.db.$count(emailOutbox, and(eq(emailOutbox.userId, commissioner), eq(emailOutbox.status, 'DIGEST'))),
    ).toBe(2);

    const now = new Date();
    expect(await runDigest(s.db, { minIntervalMinutes: 1380, now })).toEqual({ ran: true, digests: 1 });
    // Once a day however many processes run it.
    expect((await runDigest(s.db, { minIntervalMinutes: 1380, now: new Date(now.getTime() + 3_600_000) })).ran).toBe(
      false,
    );
    await deliver();
    const digest = smtp.inbox.filter((m) => m.to === 'commissioner@demo.test');
    expect(digest).toHaveLength(1);
    expect(header(digest[0]!.raw, 'Subject')).toBe('Your daily summary from the partnership portal');
    const body = decoded(digest[0]!.raw);
    // These happened today: the summary does not say "yesterday" (audit 43, issue 14 F10).
    expect(body).toContain('Here is what has happened on commissions you work with since your last summary.');
    expect(body).not.toMatch(/yesterday/i);
    expect(body).toContain(`Approval needed: commission ${first}`);
    expect(body).toContain(`Approval needed: commission ${second}`);
    expect(
      await s.db.$count(emailOutbox, and(eq(emailOutbox.userId, commissioner), eq(emailOutbox.status, 'DIGEST'))),
    ).toBe(0);
    for (const k of await s.db.select().from(children))
      for (const secret of [k.firstName, k.lastName, k.dateOfBirth]) if (secret) expect(body).not.toContain(secret);
  });

  // Audit 43 F10: every role was offered every kind, a provider "approval needed", an admin "outcome due".
  it('offers each role only the kinds of email it is sent, and refuses a choice about another role’s', async () => {
    const kindsOf = async (email: string) =>
      (await s.gql('{ emailPreferences { kind } }', {}, await s.signIn(email))).data.emailPreferences.map(
        (p: { kind: string }) => p.kind,
      );
    const provider = await kindsOf('provider@demo.test');
    expect(provider).toEqual(
      expect.arrayContaining(['COMMISSION_APPROVED', 'RESPONSE_REMINDER', 'LISTING_REVIEW_DUE']),
    );
    expect(provider).not.toContain('APPROVAL_NEEDED');
    expect(provider).not.toContain('OUTCOME_DUE');
    const worker = await kindsOf('linkworker@demo.test');
    expect(worker).toEqual(expect.arrayContaining(['COMMISSION_ACCEPTED', 'OUTCOME_DUE', 'LOCAL_OFFER']));
    expect(worker).not.toContain('LISTING_EDIT_PENDING');
    expect(worker).not.toContain('RESPONSE_REMINDER');
    expect(await kindsOf('admin@demo.test')).toEqual(['LISTING_EDIT_PENDING', 'ORGANISATION_REQUEST_NEW']);
    expect(await kindsOf('districtlead@demo.test')).toEqual(['LOCAL_OFFER']);

    const token = await s.signIn('provider@demo.test');
    const refused = await s.gql(SET, { input: { preferences: [{ kind: 'APPROVAL_NEEDED', delivery: 'OFF' }] } }, token);
    expect(refused.data.setEmailPreferences).toMatchObject({
      __typename: 'ValidationError',
      message: 'This kind of email is not sent to your role',
    });
    const stored = await s.db
      .select()
      .from(emailPreferences)
      .where(eq(emailPreferences.userId, await userId(s.db, 'provider@demo.test')));
    expect(stored).toEqual([]);
  });

  it('every email of a kind people choose about went to a role that is offered that choice', async () => {
    const offered = new Map(CHOOSABLE_KINDS.map((k) => [k.kind, k.roles]));
    const sent = await s.db
      .select({ kind: emailOutbox.kind, role: users.role })
      .from(emailOutbox)
      .innerJoin(users, eq(users.id, emailOutbox.userId));
    const checked = sent.filter((e) => offered.has(e.kind.split(':')[0]!));
    expect(checked.length).toBeGreaterThan(10);
    for (const e of checked) expect(offered.get(e.kind.split(':')[0]!), `${e.kind} to ${e.role}`).toContain(e.role);
  });

  it('a long summary lists 50 and says how many more; it goes to the address the person has now, and never to someone deactivated', async () => {
    const provider = await userId(s.db, 'provider@demo.test');
    const leaver = await userId(s.db, 'linkworker2@demo.test');
    const queued = (user: number, n: number, address: string) =>
      Array.from({ length: n }, (_, i) => ({
        userId: user,
        toAddress: address,
        status: 'DIGEST' as const,
        kind: 'COMMISSION_APPROVED',
        data: { reference: `CR-T${String(i).padStart(4, '0')}`, path: `/commissions/${i}` },
        messageId: `<digest-${user}-${i}@test>`,
      }));
    await s.db
      .insert(emailOutbox)
      .values([...queued(provider, 57, 'provider@demo.test'), ...queued(leaver, 3, 'linkworker2@demo.test')]);
    // Since they were queued: the provider's address changed, the link worker left.
    await s.db.update(users).set({ email: 'new-provider@demo.test' }).where(eq(users.id, provider));
    await s.db.update(users).set({ active: false }).where(eq(users.id, leaver));

    smtp.inbox.length = 0;
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await runDigest(s.db, { minIntervalMinutes: 1380, now: later })).toEqual({ ran: true, digests: 1 });
    await deliver();
    expect(smtp.inbox.map((m) => m.to)).toEqual(['new-provider@demo.test']);
    const body = decoded(smtp.inbox[0]!.raw);
    expect(body).toContain('New commission for your organisation: CR-T0049');
    expect(body).not.toContain('CR-T0050');
    expect(body).toContain('and 7 more: https://portal.council.example/notifications');
    const left = await s.db
      .select({ status: emailOutbox.status })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, leaver), like(emailOutbox.messageId, '<digest-%')));
    expect(left.map((r) => r.status)).toEqual(['SKIPPED', 'SKIPPED', 'SKIPPED']);
  });
});

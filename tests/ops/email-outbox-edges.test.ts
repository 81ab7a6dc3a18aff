import { and, eq, gt, inArray, max } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { children, emailOutbox } from '../../drizzle/schema';
import { type EmailData, enqueueEmails, renderEmail } from '../../schema/domain/email';
import { inTransaction } from '../../schema/domain/transaction';
import { deliverDueEmails, MAX_ATTEMPTS, type MailTransport } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { TEST_DB } from '../setup/database';
import { startSmtp, transportTo } from '../setup/mail';
import { freeChildren, raiseMutation, serviceId, transitionMutation, userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 1, the outbox's edges: a rollback after queueing, a lease that ran out while a
// batch was being sent, an email that cannot be rendered, and every kind a commission's life sends.

let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const BASE_URL = 'https://portal.council.example';

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer();
}, 60_000);
afterAll(async () => {
  await server.close();
  await smtp.close();
});
beforeEach(async () => {
  // The seed's and earlier tests' emails count as gone: each test sees only its own.
  await server.db.update(emailOutbox).set({ status: 'SENT' }).where(eq(emailOutbox.status, 'PENDING'));
  smtp.inbox.length = 0;
});

const deliver = (transport: MailTransport = transportTo(smtp.port)) =>
  deliverDueEmails(server.db, { transport, from: 'portal@council.example', baseUrl: BASE_URL, logger: silentLogger });
/** These outbox rows as they are now, in the order they were queued. */
const outboxRows = (rows: { id: number }[]) =>
  server.db
    .select()
    .from(emailOutbox)
    .where(
      inArray(
        emailOutbox.id,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(emailOutbox.id);
const queue = async (emails: string[]) => {
  const ids = await Promise.all(emails.map((e) => userId(server.db, e)));
  await server.db.transaction((tx) =>
    enqueueEmails(tx, ids, 'APPROVAL_NEEDED', { reference: 'CR-EDGE2', path: '/commissions' }),
  );
};

describe('the outbox at its edges', () => {
  it('a change rolled back after its email was queued sends nothing', async () => {
    const before = await server.db.$count(emailOutbox);
    const commissioner = await userId(server.db, 'commissioner@demo.test');
    await expect(
      inTransaction(server.db, async (tx) => {
        await enqueueEmails(tx, [commissioner], 'APPROVAL_NEEDED', { reference: 'CR-R0LL8', path: '/commissions' });
        throw new Error('the change failed after queueing');
      }),
    ).rejects.toThrow('the change failed');
    expect(await server.db.$count(emailOutbox)).toBe(before);
    expect((await deliver()).sent).toBe(0);
    expect(smtp.inbox).toHaveLength(0);
  });

  // Several workers exist only as several processes, so on PostgreSQL: PGlite's data folder has one
  // process, whose outbox runs one delivery at a time (scheduleOutbox).
  it.runIf(TEST_DB === 'postgres')(
    'a worker whose lease ran out mid-batch leaves the email another worker took: each is sent once',
    async () => {
      await queue(['commissioner@demo.test', 'admin@demo.test']);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let calls = 0;
      const real = transportTo(smtp.port);
      // Worker A stalls on its first email, long enough for its lease on the second to run out.
      const stalling: MailTransport = {
        sendMail: async (m) => {
          if (calls++ === 0) await held;
          return real.sendMail(m);
        },
      };
      const workerA = deliver(stalling);
      await expect.poll(() => calls, { timeout: 10_000 }).toBe(1);
      const [second] = await server.db
        .select({ last: max(emailOutbox.id) })
        .from(emailOutbox)
        .where(eq(emailOutbox.status, 'PENDING'));
      await server.db
        .update(emailOutbox)
        .set({ lockedUntil: new Date(Date.now() - 1000) })
        .where(eq(emailOutbox.id, second!.last!));
      // Worker B takes the second email and sends it while A is still busy with the first.
      await deliver();
      release();
      await workerA;
      // Only these two (the server's own jobs may queue others meanwhile): each arrived exactly once.
      const ours = smtp.inbox.filter((m) => m.raw.includes('CR-EDGE2'));
      expect(ours.map((m) => m.to).sort()).toEqual(['admin@demo.test', 'commissioner@demo.test']);
    },
  );

  it('an email that cannot be rendered backs off like a failed send, then is marked FAILED', async () => {
    await queue(['commissioner@demo.test', 'admin@demo.test']);
    const rows = await server.db.select().from(emailOutbox).where(eq(emailOutbox.status, 'PENDING'));
    // A digest whose summary is not JSON: renderEmail throws for it.
    await server.db
      .update(emailOutbox)
      .set({ kind: 'DAILY_DIGEST', data: { path: '/notifications', lines: 'not json' } })
      .where(
        inArray(
          emailOutbox.id,
          rows.map((r) => r.id),
        ),
      );
    await server.db
      .update(emailOutbox)
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where(eq(emailOutbox.id, rows[1]!.id));
    expect(await deliver()).toEqual({ sent: 0, failed: 2 });
    const [first, last] = await outboxRows(rows);
    expect(first).toMatchObject({ status: 'PENDING', attempts: 1, lockedUntil: null });
    expect(first!.lastError).toMatch(/JSON/);
    expect(new Date(first!.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(last).toMatchObject({ status: 'FAILED', attempts: MAX_ATTEMPTS });
    // Neither is picked up again at once.
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
  });

  it('a recipient the relay refuses for good (550) is FAILED at once; one refused for now (451) waits', async () => {
    const refusing = await startSmtp({
      refuse: (to) => (to === 'admin@demo.test' ? 550 : to === 'commissioner@demo.test' ? 451 : undefined),
    });
    try {
      await queue(['admin@demo.test', 'commissioner@demo.test', 'linkworker@demo.test']);
      const rows = await server.db.select().from(emailOutbox).where(eq(emailOutbox.status, 'PENDING'));
      expect(await deliver(transportTo(refusing.port))).toEqual({ sent: 1, failed: 2 });
      const after = await outboxRows(rows);
      const to = (address: string) => after.find((r) => r.toAddress === address)!;
      expect(to('admin@demo.test')).toMatchObject({ status: 'FAILED', attempts: 1, lockedUntil: null });
      expect(to('admin@demo.test').lastError).toMatch(/550/);
      expect(to('commissioner@demo.test')).toMatchObject({ status: 'PENDING', attempts: 1, lockedUntil: null });
      expect(to('linkworker@demo.test')).toMatchObject({ status: 'SENT' });
      expect(refusing.inbox.map((m) => m.to)).toEqual(['linkworker@demo.test']);
    } finally {
      await refusing.close();
    }
  });

  it('an email waiting when its person is deactivated is not sent after: SKIPPED, as the digest does', async () => {
    const provider = await userId(server.db, 'provider@demo.test');
    const setActive = async (active: boolean) => {
      const res = await server.gql(
        'mutation($input: SetUserActiveInput!) { setUserActive(input: $input) { __typename } }',
        { input: { userId: globalId('User', provider), active } },
        await server.signIn('admin@demo.test'),
      );
      expect(res.data.setUserActive.__typename).toBe('SetUserActiveSuccess');
    };
    const pending = () => server.db.select().from(emailOutbox).where(eq(emailOutbox.status, 'PENDING'));
    try {
      // The relay is down: the email waits for its next attempt.
      await queue(['provider@demo.test']);
      const down = await startSmtp();
      await down.close();
      expect(await deliver(transportTo(down.port))).toEqual({ sent: 0, failed: 1 });
      const [waiting] = await pending();
      await setActive(false);
      await server.db
        .update(emailOutbox)
        .set({ nextAttemptAt: new Date(0) })
        .where(eq(emailOutbox.id, waiting!.id));
      expect(await deliver()).toEqual({ sent: 0, failed: 0 });
      const [after] = await outboxRows([waiting!]);
      expect(after).toMatchObject({ status: 'SKIPPED', attempts: 1, lockedUntil: null });

      // Deactivated while the worker sends the batch's earlier emails: the later one is not sent either.
      await setActive(true);
      await queue(['commissioner@demo.test']);
      await queue(['provider@demo.test']);
      const real = transportTo(smtp.port);
      const deactivating: MailTransport = {
        sendMail: async (m) => {
          if (m.to === 'commissioner@demo.test') await setActive(false);
          return real.sendMail(m);
        },
      };
      const queued = await pending();
      expect(await deliver(deactivating)).toEqual({ sent: 1, failed: 0 });
      expect((await outboxRows(queued)).map((r) => [r.toAddress, r.status])).toEqual([
        ['commissioner@demo.test', 'SENT'],
        ['provider@demo.test', 'SKIPPED'],
      ]);
      expect(smtp.inbox.map((m) => m.to)).toEqual(['commissioner@demo.test']);
    } finally {
      await setActive(true);
    }
  });

  it('no email of a commission’s life names the child or gives their date of birth', async () => {
    const [row] = await server.db.select({ last: max(emailOutbox.id) }).from(emailOutbox);
    const start = row?.last ?? 0;
    const pool = (await freeChildren(server.db, 'linkworker@demo.test')).slice(0, 6);
    const therapy = await serviceId(server.db, 'Family therapy sessions');
    const as = (email: string) => server.signIn(email);
    const raise = async (child: (typeof pool)[number], units: number) => {
      const res = await server.gql(
        raiseMutation,
        {
          input: {
            childId: globalId('Child', child.id),
            serviceId: globalId('Service', therapy),
            units,
            // Free text naming the child, as people type it (a surname is refused): it must not reach an email.
            rationale: `${child.firstName} (born ${child.dateOfBirth}) needs this`,
            idempotencyKey: `edges-${child.id}-${units}`,
          },
        },
        await as('linkworker@demo.test'),
      );
      return res.data.raiseCommission.commission.id as string;
    };
    const act = async (name: string, by: string, commissionId: string, input: Record<string, unknown> = {}) => {
      const res = await server.gql(transitionMutation(name), { input: { commissionId, ...input } }, await as(by));
      expect(res.data[name].__typename).toBe(`${name[0]!.toUpperCase()}${name.slice(1)}Success`);
    };
    const named = (c: (typeof pool)[number]) => ({ note: `Spoke to ${c.firstName}`, reason: `${c.firstName} moved` });
    const [a, b, c, d, e] = pool;
    const approved = await raise(a!, 8);
    await act('approveCommission', 'commissioner@demo.test', approved, { note: named(a!).note });
    await act('acceptCommission', 'provider@demo.test', approved);
    await act('recordDelivery', 'provider@demo.test', approved, { units: 2, note: named(a!).note });
    await act('completeCommission', 'provider@demo.test', approved);
    await act('rejectCommission', 'commissioner@demo.test', await raise(b!, 8), { reason: named(b!).reason });
    await act('declineCommission', 'provider@demo.test', await raise(c!, 4), { reason: named(c!).reason });
    await act('cancelCommission', 'linkworker@demo.test', await raise(d!, 4), { reason: named(d!).reason });
    const paused = await raise(e!, 4);
    const consent = await server.gql(
      `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { __typename } }`,
      { input: { childId: globalId('Child', e!.id), reason: named(e!).reason, withdrawnOn: '2026-11-30' } },
      await as('linkworker@demo.test'),
    );
    expect(consent.data.withdrawConsent.__typename).toBe('WithdrawConsentSuccess');
    expect(paused).toBeTruthy();

    const emails = await server.db.select().from(emailOutbox).where(gt(emailOutbox.id, start));
    const kinds = new Set(emails.map((m) => m.kind.split(':')[0]));
    for (const kind of ['APPROVAL_NEEDED', 'COMMISSION_APPROVED', 'COMMISSION_ACCEPTED', 'COMMISSION_COMPLETED'])
      expect(kinds).toContain(kind);
    for (const kind of ['COMMISSION_REJECTED', 'COMMISSION_DECLINED', 'COMMISSION_CANCELLED', 'COMMISSION_PAUSED'])
      expect(kinds).toContain(kind);
    const everyone = await server.db
      .select()
      .from(children)
      .where(and(gt(children.id, 0)));
    const forbidden = everyone.flatMap((ch) => [ch.firstName, ch.lastName, String(ch.dateOfBirth)]);
    for (const m of emails) {
      const rendered = renderEmail(m.kind, m.data as EmailData, BASE_URL);
      const all = `${rendered.subject}\n${rendered.text}\n${rendered.html}`;
      for (const word of forbidden) expect(all, `${m.kind} mentions ${word}`).not.toMatch(new RegExp(`\\b${word}\\b`));
      if (m.data.reference) expect(rendered.subject).toContain(String(m.data.reference));
    }
  });
});

import type { AddressInfo } from 'node:net';
import { eq, gt, inArray, max } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { children, emailOutbox } from '../../drizzle/schema';
import { deliverDueEmails, type MailTransport } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { TEST_DB } from '../setup/database';
import { decoded } from '../setup/mail';
import { freeChildren, raiseMutation, serviceId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 1 (the outbox): email rows are written with the change, sent by a worker to a
// real SMTP server, retried when it is down, never duplicated but for a resend after a crash.

type Received = { to: string; raw: string };
let smtp: SMTPServer;
let smtpPort: number;
let inbox: Received[] = [];
let server: TestServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        for (const to of session.envelope.rcptTo) inbox.push({ to: to.address, raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  server = await startServer();
}, 60_000);
afterAll(async () => {
  await server.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});
beforeEach(() => {
  inbox = [];
});

const transportTo = (port: number): MailTransport => {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return { sendMail: (m) => t.sendMail(m), close: () => t.close() };
};
const deliver = (port = smtpPort) =>
  deliverDueEmails(server.db, {
    transport: transportTo(port),
    from: 'Partnership portal <portal@council.example>',
    baseUrl: 'https://portal.council.example',
    logger: silentLogger,
  });
const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim();

async function raiseOverLimit(units = 8) {
  const token = await server.signIn('linkworker@demo.test');
  const [child] = await freeChildren(server.db, 'linkworker@demo.test');
  const therapy = await serviceId(server.db, 'Family therapy sessions');
  const res = await server.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', child!.id),
        serviceId: globalId('Service', therapy),
        units,
        // The child's first name, as people type it (a surname is refused): it must not reach an email.
        rationale: `Needs support; ${child!.firstName} asked for it`,
        idempotencyKey: `email-${child!.id}-${units}`,
      },
    },
    token,
  );
  return { result: res.data.raiseCommission, child: child! };
}

describe('email through the outbox', () => {
  it('the demo seed sends nothing: its history’s emails are kept as SKIPPED, none waits to go', async () => {
    expect(await server.db.$count(emailOutbox, inArray(emailOutbox.status, ['PENDING', 'DIGEST']))).toBe(0);
    expect(await server.db.$count(emailOutbox, eq(emailOutbox.status, 'SKIPPED'))).toBeGreaterThan(100);
    await deliver();
    expect(inbox).toEqual([]);
  });

  it('a raise over the limit emails the commissioners: reference and link, no child’s name', async () => {
    const { result } = await raiseOverLimit();
    expect(result.__typename).toBe('RaiseCommissionSuccess');
    const reference = result.commission.reference as string;
    expect(reference).toMatch(/^CR-[2-9A-HJKMNP-TV-Z]{5}$/);
    expect(await server.db.$count(emailOutbox, eq(emailOutbox.status, 'PENDING'))).toBeGreaterThan(0);

    const outcome = await deliver();
    expect(outcome.failed).toBe(0);
    expect(inbox.length).toBeGreaterThan(0);
    const toCommissioner = inbox.find((m) => m.to === 'commissioner@demo.test');
    expect(toCommissioner).toBeDefined();
    expect(header(toCommissioner!.raw, 'Subject')).toBe(`Approval needed: commission ${reference}`);
    expect(toCommissioner!.raw).not.toMatch(/commission #\d/i);
    expect(decoded(toCommissioner!.raw)).toContain(
      `https://portal.council.example/commissions/${encodeURIComponent(result.commission.id)}`,
    );
    expect(header(toCommissioner!.raw, 'Message-ID')).toMatch(/^<[0-9a-f-]+@partnership-portal>$/);
    const names = (await server.db.select().from(children)).flatMap((c) => [c.firstName, c.lastName]);
    for (const m of inbox) for (const name of names) expect(m.raw).not.toContain(name);
    expect(await server.db.$count(emailOutbox, eq(emailOutbox.status, 'PENDING'))).toBe(0);
    // Nothing left: a second run sends nothing more.
    expect((await deliver()).sent).toBe(0);
  });

  it('an email a person chose to get says where to change that, in the body and in List-Unsubscribe; account emails do not', async () => {
    await raiseOverLimit(9);
    await server.gql(
      `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { __typename } }`,
      { input: { email: 'provider@demo.test' } },
    );
    expect((await deliver()).failed).toBe(0);
    const settings = 'https://portal.council.example/email-settings';
    const approval = inbox.find((m) => m.to === 'commissioner@demo.test')!;
    expect(header(approval.raw, 'List-Unsubscribe')).toBe(`<${settings}>`);
    expect(decoded(approval.raw)).toContain(`Choose which emails you get, and how often: ${settings}`);
    expect(decoded(approval.raw)).toContain(`<a href="${settings}">`);
    // A password reset is not something anyone chose, or could turn off.
    const reset = inbox.find((m) => m.to === 'provider@demo.test')!;
    expect(header(reset.raw, 'Subject')).toBe('Reset your password');
    expect(header(reset.raw, 'List-Unsubscribe')).toBeUndefined();
    expect(decoded(reset.raw)).not.toContain(settings);
  });

  it('a change that is refused or rolled back queues no email', async () => {
    const before = await server.db.$count(emailOutbox);
    const { result } = await raiseOverLimit(40); // £1,800: over the child's budget
    expect(result.__typename).toBe('InsufficientBudgetError');
    expect(await server.db.$count(emailOutbox)).toBe(before);
  });

  it('SMTP down: the email waits with back-off, then goes once SMTP is back', async () => {
    await raiseOverLimit(7);
    const closedPort = 1; // nothing listens on port 1
    const down = await deliver(closedPort);
    expect(down.sent).toBe(0);
    expect(down.failed).toBeGreaterThan(0);
    const [waiting] = await server.db.select().from(emailOutbox).where(eq(emailOutbox.status, 'PENDING'));
    expect(waiting!.attempts).toBe(1);
    expect(waiting!.lastError).toBeTruthy();
    expect(new Date(waiting!.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() + 20_000);
    // Not due yet: nothing is sent even with SMTP up.
    expect((await deliver()).sent).toBe(0);
    await server.db.update(emailOutbox).set({ nextAttemptAt: new Date() }).where(eq(emailOutbox.status, 'PENDING'));
    const up = await deliver();
    expect(up.sent).toBe(down.failed);
    expect(inbox).toHaveLength(up.sent);
  });

  it('a crash between sending and marking resends after the lease with the same Message-ID, and only then', async () => {
    const [row] = await server.db.select({ last: max(emailOutbox.id) }).from(emailOutbox);
    const last = row?.last ?? 0;
    await raiseOverLimit(6);
    await deliver();
    const first = inbox.map((m) => header(m.raw, 'Message-ID'));
    expect(first.length).toBeGreaterThan(0);
    // As if the process died after SMTP accepted but before the row was marked, and the lease ran out.
    await server.db
      .update(emailOutbox)
      .set({ status: 'PENDING', lockedUntil: new Date(Date.now() - 1000) })
      .where(gt(emailOutbox.id, last));
    const sentBefore = inbox.length;
    await deliver();
    const resent = inbox.slice(sentBefore).map((m) => header(m.raw, 'Message-ID'));
    expect(resent.length).toBeGreaterThan(0);
    for (const id of resent) expect(first).toContain(id);
  });

  it.runIf(TEST_DB === 'postgres')('two workers at once send each email once', async () => {
    await server.db.update(emailOutbox).set({ status: 'SENT' });
    await raiseOverLimit(9);
    const queued = await server.db.$count(emailOutbox, eq(emailOutbox.status, 'PENDING'));
    const results = await Promise.all([deliver(), deliver(), deliver()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(queued);
    expect(inbox).toHaveLength(queued);
  });
});

import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import {
  expireAccountEmails,
  isSecretKind,
  prepareAccountEmail,
  SECRET_KINDS,
} from '../../schema/domain/account-requests';
import { type EmailData, renderEmail } from '../../schema/domain/email';
import { rowsOf } from '../../schema/domain/rows';
import type { Logger } from '../logger';

export type Mail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** nodemailer writes List-Unsubscribe from it. */
  list?: { unsubscribe: string };
};
export type MailTransport = { sendMail: (mail: Mail) => Promise<unknown>; close?: () => void };

// A claimed email is another worker's only after this long (a worker that died mid-send).
const LEASE_SECONDS = 120;
const BATCH = 20;
export const MAX_ATTEMPTS = 10;
/** Back-off after the n-th failed attempt: 30 s, 1 min, 2 min, ... up to 1 hour. */
export const backoffSeconds = (attempt: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));

/** An email not sent because its person was deactivated; a single-use link in it is not kept. */
const skippedAsDeactivated = sql`status = 'SKIPPED', "lockedUntil" = null, "lastError" = 'not sent: the person was deactivated',
  data = case when ${isSecretKind} then '{}'::jsonb else data end`;

type Claimed = { id: number; toAddress: string; kind: string; data: EmailData; messageId: string; attempts: number };

/**
 * Claims due emails (SKIP LOCKED, so N processes never take the same row), sends each, and marks
 * it sent or schedules a retry. The lease is taken in its own short transaction: a crash between
 * sending and marking leaves the row to be resent with the same Message-ID after the lease.
 */
export async function deliverDueEmails(
  db: Db,
  options: { transport: MailTransport; from: string; baseUrl: string; logger: Logger },
): Promise<{ sent: number; failed: number }> {
  await expireAccountEmails(db);
  // An email to someone deactivated since it was queued is not sent: SKIPPED in the claiming
  // statement, as the daily digest does (schema/domain/digest.ts).
  const claimed = rowsOf(
    await db.execute(sql`
      with due as (
        select o.id, coalesce(not u.active, false) as "personGone"
        from email_outbox o left join users u on u.id = o."userId"
        where o.status = 'PENDING' and o."nextAttemptAt" <= now() and (o."lockedUntil" is null or o."lockedUntil" < now())
        order by o.id limit ${BATCH} for update of o skip locked),
      skipped as (
        update email_outbox set ${skippedAsDeactivated} where id in (select id from due where "personGone"))
      update email_outbox set "lockedUntil" = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
      where id in (select id from due where not "personGone")
      returning id, "toAddress", kind, data, "messageId", attempts`),
  ) as unknown as Claimed[];
  // UPDATE ... RETURNING gives rows in no set order: send in the order they were queued.
  claimed.sort((a, b) => a.id - b.id);
  let sent = 0;
  let failed = 0;
  for (const email of claimed) {
    let rendered: ReturnType<typeof renderEmail>;
    try {
      if (email.kind === 'PASSWORD_RESET_REQUEST') {
        // Looked up here, not in the request, so any address gets the same answer as fast.
        const prepared = await prepareAccountEmail(db, email.id);
        if (!prepared) continue;
        Object.assign(email, prepared);
      }
      rendered = renderEmail(email.kind, email.data, options.baseUrl);
    } catch (error) {
      // A template or data fault: retried with back-off like a send, then given up, never looped on.
      failed++;
      await retryLater(db, email, error);
      options.logger.error({ emailId: email.id, attempts: email.attempts, err: error }, 'email not prepared');
      continue;
    }
    // Renew the lease just before sending, fenced by this claim's attempt number: if the lease ran out
    // while earlier emails of the batch were sent, another worker may hold this one now; leave it.
    // Someone deactivated while earlier emails of the batch were sent gets this one no more.
    const [stillOurs] = rowsOf(
      await db.execute(sql`
        update email_outbox set "lockedUntil" = now() + make_interval(secs => ${LEASE_SECONDS})
        where id = ${email.id} and status = 'PENDING' and attempts = ${email.attempts} returning id,
          exists (select 1 from users where users.id = email_outbox."userId" and not users.active) as "personGone"`),
    );
    if (!stillOurs) continue;
    if (stillOurs.personGone) {
      await db.execute(sql`update email_outbox set ${skippedAsDeactivated} where id = ${email.id}`);
      continue;
    }
    try {
      await options.transport.sendMail({
        from: options.from,
        to: email.toAddress,
        messageId: email.messageId,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        ...(rendered.listUnsubscribe ? { list: { unsubscribe: rendered.listUnsubscribe } } : {}),
      });
      // A sent single-use link is not kept: only its hash stays, in account_tokens.
      const data = SECRET_KINDS.has(email.kind) ? sql`'{}'::jsonb` : sql`data`;
      await db.execute(
        sql`update email_outbox set status = 'SENT', "sentAt" = now(), "lockedUntil" = null, "lastError" = null, data = ${data} where id = ${email.id}`,
      );
      sent++;
    } catch (error) {
      failed++;
      const { giveUp, reason } = await retryLater(db, email, error);
      options.logger.warn({ emailId: email.id, attempts: email.attempts, giveUp, err: reason }, 'email not sent');
    }
  }
  return { sent, failed };
}

/**
 * The relay's 5xx answer to this recipient or this message (RFC 5321 4.2.1: "550 No such user"), or
 * an address nodemailer will not send to: the same email gets the same answer every time. A 5xx to
 * the connection or the sign-in (a relay misconfigured) is retried, as the operator may mend it.
 */
export function isPermanentRefusal(error: unknown): boolean {
  const e = (error ?? {}) as { responseCode?: unknown; command?: unknown; code?: unknown };
  if (e.code === 'EENVELOPE' && e.command === 'API') return true;
  const fiveHundred = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
  return fiveHundred && (e.command === 'RCPT TO' || e.command === 'DATA');
}

/**
 * Releases the lease and schedules the next attempt, or marks the email FAILED after MAX_ATTEMPTS
 * or at once when the relay refused it for good.
 */
async function retryLater(db: Db, email: Claimed, error: unknown) {
  const giveUp = email.attempts >= MAX_ATTEMPTS || isPermanentRefusal(error);
  const reason = String((error as Error)?.message ?? error).slice(0, 500);
  // An email given up keeps no usable link.
  const data = giveUp && SECRET_KINDS.has(email.kind) ? sql`'{}'::jsonb` : sql`data`;
  await db.execute(sql`
    update email_outbox set "lockedUntil" = null, "lastError" = ${reason}, data = ${data},
      status = ${giveUp ? 'FAILED' : 'PENDING'}::email_status,
      "nextAttemptAt" = now() + make_interval(secs => ${backoffSeconds(email.attempts)})
    where id = ${email.id} and attempts = ${email.attempts}`);
  return { giveUp, reason };
}

/** Sends queued email every pollMs until stopped. */
export function scheduleOutbox(
  db: Db,
  options: { transport: MailTransport; from: string; baseUrl: string; logger: Logger; pollMs: number },
): { stop: () => Promise<void> } {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = deliverDueEmails(db, options)
      .catch((error) => options.logger.error({ err: error }, 'email delivery failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.pollMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      options.transport.close?.();
    },
  };
}

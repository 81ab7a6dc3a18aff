import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MailTransport } from './jobs/outbox';
import type { Logger } from './logger';

// Well inside the outbox's lease (jobs/outbox.ts), so a stalled relay fails the attempt long before
// another worker could claim the email. Query options in SMTP_URL override these.
const TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * SMTP_URL as nodemailer options. `smtp://` is opportunistic TLS, as mail relays use it (RFC 7435):
 * STARTTLS when the relay offers it, its certificate not verified, since whoever could forge one could
 * as well strip STARTTLS. `smtps://`, `?requireTLS=true` or `?tls.rejectUnauthorized=true` verify it.
 */
export function smtpOptions(smtpUrl: string): SMTPTransport.Options {
  // nodemailer's own reading of the URL (user, password, port, query options), which win over ours.
  const fromUrl = parseConnectionUrl(smtpUrl) as SMTPTransport.Options;
  const opportunistic = !fromUrl.secure && !fromUrl.requireTLS;
  const tls = { ...(opportunistic ? { rejectUnauthorized: false } : {}), ...fromUrl.tls };
  return { ...TIMEOUTS, ...fromUrl, tls };
}

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise (development only) a transport that
 * writes each email's recipient, subject and Message-ID to the log.
 */
export function createMailTransport(smtpUrl: string | undefined, logger: Logger): MailTransport {
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpOptions(smtpUrl));
    return { sendMail: (mail) => transport.sendMail(mail), close: () => transport.close() };
  }
  return {
    sendMail: async (mail) => {
      logger.info(
        { to: mail.to, subject: mail.subject, messageId: mail.messageId },
        'email (no SMTP_URL: logged, not sent)',
      );
    },
  };
}

import nodemailer from 'nodemailer';
import type { MailTransport } from './jobs/outbox';
import type { Logger } from './logger';

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise (development only) a transport that
 * writes each email's recipient, subject and Message-ID to the log.
 */
export function createMailTransport(smtpUrl: string | undefined, logger: Logger): MailTransport {
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
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

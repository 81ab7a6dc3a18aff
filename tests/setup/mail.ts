import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { MailTransport } from '../../server/jobs/outbox';

export type Received = { to: string; raw: string };

/**
 * A real SMTP server on a free port that keeps what it receives. `refuse` answers a recipient as a
 * relay would refuse it (550 for good, 451 for now); undefined accepts it.
 */
export async function startSmtp(options: { refuse?: (address: string) => 550 | 451 | undefined } = {}) {
  const inbox: Received[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      const code = options.refuse?.(address.address);
      if (!code) return callback();
      const refusal = new Error(code === 550 ? 'No such user here' : 'Mailbox busy, try later');
      callback(Object.assign(refusal, { responseCode: code }));
    },
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
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    inbox,
    port,
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}

export const transportTo = (port: number): MailTransport => {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return { sendMail: (m) => t.sendMail(m), close: () => t.close() };
};

/** A message as its reader sees it: quoted-printable soft breaks joined and escapes decoded. */
export const decoded = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

export const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim();

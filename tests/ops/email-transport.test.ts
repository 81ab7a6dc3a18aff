import { Writable } from 'node:stream';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv, serverEnvProblems } from '../../server/env';
import { createLogger } from '../../server/logger';
import { createMailTransport } from '../../server/mailer';

// ISSUE 14, point 1: SMTP_URL as an operator writes it, against npm's smtp-server as it starts by
// default (STARTTLS offered with its own self-signed certificate), and the two modes without it.

const mail = {
  from: 'Partnership portal <portal@council.example>',
  to: 'commissioner@demo.test',
  subject: 'Approval needed: commission CR-7KQ2M',
  text: 'Hello,\n\nA commission over your delegated limit is waiting for your approval.',
  html: '<p>Hello,</p>',
  messageId: '<transport-test@partnership-portal>',
};

type Arrived = { to: string; secure: boolean; user?: string; raw: string };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** smtp-server with its defaults but for the handlers a test needs. */
async function smtpServer(options: SMTPServerOptions = {}) {
  const arrived: Arrived[] = [];
  const smtp = new SMTPServer({
    ...options,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        for (const to of session.envelope.rcptTo)
          arrived.push({ to: to.address, secure: session.secure, user: session.user as string | undefined, raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  close = () => new Promise<void>((r) => smtp.close(() => r()));
  return { arrived, port: (smtp.server.address() as { port: number }).port };
}

describe('SMTP_URL', () => {
  it('smtp:// reaches a default smtp-server over STARTTLS, signing in with the URL’s user and password', async () => {
    const { arrived, port } = await smtpServer({
      onAuth(auth, _session, callback) {
        if (auth.username === 'portal' && auth.password === 'p@ss:word') return callback(null, { user: 'portal' });
        callback(new Error('Invalid username or password'));
      },
    });
    const transport = createMailTransport(
      `smtp://portal:${encodeURIComponent('p@ss:word')}@127.0.0.1:${port}`,
      silent(),
    );
    await transport.sendMail(mail);
    transport.close?.();
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({ to: 'commissioner@demo.test', secure: true, user: 'portal' });
    expect(arrived[0]!.raw).toContain('Message-ID: <transport-test@partnership-portal>');
  });

  it('smtp:// without a password reaches a relay that asks for none', async () => {
    const { arrived, port } = await smtpServer({ authOptional: true });
    const transport = createMailTransport(`smtp://127.0.0.1:${port}`, silent());
    await transport.sendMail(mail);
    transport.close?.();
    expect(arrived.map((m) => m.to)).toEqual(['commissioner@demo.test']);
  });

  it('?requireTLS=true verifies the certificate: a self-signed one is refused and nothing is sent', async () => {
    const { arrived, port } = await smtpServer({ authOptional: true });
    const transport = createMailTransport(`smtp://127.0.0.1:${port}?requireTLS=true`, silent());
    await expect(transport.sendMail(mail)).rejects.toThrow(/certificate/i);
    transport.close?.();
    expect(arrived).toHaveLength(0);
  });
});

describe('without SMTP_URL', () => {
  it('in development each email is written to the log: recipient, subject and Message-ID, never the body', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const transport = createMailTransport(undefined, createLogger({ destination }));
    await transport.sendMail(mail);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ to: mail.to, subject: mail.subject, messageId: mail.messageId });
    expect(lines[0]).not.toContain('delegated limit');
  });

  it('production refuses the demo seed: its accounts share the password printed in the README', () => {
    const production = { NODE_ENV: 'production', EMAIL: 'off' };
    expect(serverEnvProblems(parseEnv({ ...production, SEED: 'demo' })).join('\n')).toMatch(
      /SEED: demo is not allowed in production/,
    );
    expect(serverEnvProblems(parseEnv({ ...production, SEED: 'none' }))).toEqual([]);
    expect(serverEnvProblems(parseEnv({ SEED: 'demo' }))).toEqual([]);
  });

  it('production refuses to start unless email is explicitly off', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(48) };
    expect(serverEnvProblems(parseEnv(production)).join('\n')).toMatch(/SMTP_URL: required in production/);
    expect(serverEnvProblems(parseEnv({ ...production, EMAIL: 'off' })).join('\n')).not.toMatch(/SMTP_URL/);
    expect(serverEnvProblems(parseEnv({ ...production, SMTP_URL: 'smtp://relay:587' })).join('\n')).not.toMatch(
      /SMTP_URL/,
    );
  });
});

function silent() {
  return createLogger({ level: 'silent' });
}

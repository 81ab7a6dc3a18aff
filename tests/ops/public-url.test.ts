import { describe, expect, it } from 'vitest';
import { runScript } from '../setup/processes';

// Emailed links (invitations, password resets) are built on PUBLIC_URL. Production started without
// it and sent every link as http://localhost:PORT/…, and z.url() let localhost:4000 and javascript:
// addresses through.

// Nothing listens here: a server that got past its settings would fail at once, not keep running.
const NO_DATABASE = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', SEED: 'none' };
const start = (env: Record<string, string>) => runScript('server/main.ts', { ...NO_DATABASE, ...env });

describe('PUBLIC_URL', () => {
  it.each(['localhost:4000', 'javascript:alert(1)', 'portal.council.gov.uk', 'https://portal.example/portal'])(
    '%s is refused with one line naming it',
    async (value) => {
      const run = await start({ PUBLIC_URL: value });
      expect(run.code, run.output).toBe(1);
      expect(run.output).toMatch(/^ {2}PUBLIC_URL: .*such as https:\/\/.*\(http or https, no path\)$/m);
      expect(run.output).not.toMatch(/\n\s+at |uncaught/);
    },
  );

  it('production with email on refuses to start without it, saying what to set', async () => {
    const run = await start({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:1' });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/^ {2}PUBLIC_URL: required in production, where emails link to it; set it to/m);
    expect(run.output).not.toMatch(/\n\s+at |uncaught/);
  });

  it('production with EMAIL=off, or with PUBLIC_URL given, gets past its settings', async () => {
    const settings: Record<string, string>[] = [
      { EMAIL: 'off' },
      { SMTP_URL: 'smtp://127.0.0.1:1', PUBLIC_URL: 'https://portal.example/' },
    ];
    for (const env of settings) {
      const run = await start({ NODE_ENV: 'production', ...env });
      // Only the (absent) database stops it.
      expect(run.output).not.toMatch(/Invalid environment/);
      expect(run.output).toMatch(/ECONNREFUSED|Cannot reach the database/);
    }
  });
});

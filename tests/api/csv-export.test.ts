import { parse } from 'csv-parse/sync';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissions, organisations, services, users } from '../../drizzle/schema';
import { startServer, type TestServer } from '../setup/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const HOSTILE = ['=HYPERLINK("http://x","y")', '+1+cmd|calc', '-2+3', '@SUM(A1:A2)', '\tTabbed', '\rReturned'];

describe('CSV exports are safe to open in a spreadsheet', () => {
  it('escapes every cell that a spreadsheet would run as a formula', async () => {
    const commissioner = (await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test')))[0]!;
    const commissioned = await s.db
      .selectDistinct({ serviceId: commissions.serviceId, organisationId: commissions.organisationId })
      .from(commissions)
      .where(eq(commissions.zoneId, commissioner.zoneId));
    const serviceIds = [...new Set(commissioned.map((c) => c.serviceId))];
    const organisationIds = [...new Set(commissioned.map((c) => c.organisationId))];
    expect(serviceIds.length).toBeGreaterThan(1);
    // A provider names its listing (and organisation) as an attacker would.
    await s.db.update(services).set({ name: HOSTILE[0]! }).where(eq(services.id, serviceIds[0]!));
    for (const [i, id] of serviceIds.slice(1, HOSTILE.length).entries())
      await s.db
        .update(services)
        .set({ name: HOSTILE[i + 1]! })
        .where(eq(services.id, id));
    await s.db.update(organisations).set({ name: '=1+1' }).where(inArray(organisations.id, organisationIds));

    const token = await s.signIn('commissioner@demo.test');
    const res = await fetch(`${s.url}/exports/commissions.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    const listed = new Set(rows.map((r) => r.service));
    expect(listed).toContain(`'${HOSTILE[0]}`);
    for (const name of HOSTILE.slice(1, serviceIds.length)) expect(listed).toContain(`'${name}`);
    expect(rows.every((r) => r.provider === "'=1+1")).toBe(true);
    // No cell anywhere starts a formula.
    for (const cell of rows.flatMap((r) => Object.values(r))) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('the commissioners-only exports refuse everyone else, each in the same words', () => {
  it('answers 401 signed out and 403 for other roles, with the exact text', async () => {
    const provider = await s.signIn('provider@demo.test');
    const refusal = async (path: string, token?: string) => {
      const res = await fetch(`${s.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      return [res.status, res.headers.get('content-type'), await res.text()];
    };
    // A run id that does not exist: the gate answers before the run is looked up.
    for (const [path, what] of [
      ['/exports/commissions.csv', 'commissions'],
      ['/exports/payment-runs/999999.csv', 'payment runs'],
    ] as const) {
      expect(await refusal(path)).toEqual([401, 'text/plain', 'Sign in to export']);
      expect(await refusal(path, provider)).toEqual([403, 'text/plain', `Only commissioners can export ${what}`]);
    }
  });
});

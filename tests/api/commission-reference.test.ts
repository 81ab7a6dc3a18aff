import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissions } from '../../drizzle/schema';
import { insertWithReference, normaliseReference } from '../../schema/domain/commission-reference';
import { freeChildren, raiseMutation, serviceId, topUp } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 4: every commission has a short reference, unique in its zone, searchable,
// and in the finance export.

let s: TestServer;
const raised: { id: string; reference: string }[] = [];
const FORMAT = /^CR-[2-9A-HJKMNP-TV-Z]{5}$/;

const LIST = `query($filter: CommissionFilter) { commissions(first: 100, filter: $filter) {
  totalCount edges { node { id reference } } } }`;

beforeAll(async () => {
  s = await startServer();
  const kids = (await freeChildren(s.db, 'linkworker@demo.test')).slice(0, 3).map((c) => c.id);
  await topUp(s, kids, 100_000);
  const therapy = await serviceId(s.db, 'Family therapy sessions');
  const token = await s.signIn('linkworker@demo.test');
  for (const [i, childId] of kids.entries()) {
    const res = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', childId),
          serviceId: globalId('Service', therapy),
          units: 2,
          rationale: 'Agreed at the review meeting.',
          idempotencyKey: `reference-${i}`,
        },
      },
      token,
    );
    const { id, reference } = res.data.raiseCommission.commission;
    raised.push({ id, reference });
  }
});
afterAll(() => s.close());

describe('commission references', () => {
  it('every commission, seeded or raised, has one in the unambiguous alphabet, unique in its zone', async () => {
    const rows = await s.db.select({ zoneId: commissions.zoneId, reference: commissions.reference }).from(commissions);
    expect(rows.length).toBeGreaterThan(raised.length);
    for (const r of rows) expect(r.reference).toMatch(FORMAT);
    expect(new Set(rows.map((r) => `${r.zoneId}:${r.reference}`)).size).toBe(rows.length);
    for (const r of raised) expect(r.reference).toMatch(FORMAT);
  });

  it('is found by the commission list filter however it is typed; others see nothing', async () => {
    const target = raised[1]!;
    const bare = target.reference.slice(3);
    for (const typed of [target.reference, target.reference.toLowerCase(), bare, `cr ${bare.toLowerCase()}`]) {
      const res = await s.gql(LIST, { filter: { reference: typed } }, await s.signIn('linkworker@demo.test'));
      expect(res.errors, typed).toBeUndefined();
      expect(res.data.commissions.totalCount, typed).toBe(1);
      expect(res.data.commissions.edges[0].node).toEqual(target);
    }
    const commissioner = await s.gql(
      LIST,
      { filter: { reference: target.reference } },
      await s.signIn('commissioner@demo.test'),
    );
    expect(commissioner.data.commissions.totalCount).toBe(1);
    // Another link worker, and another zone's commissioner, cannot find it by its reference.
    for (const who of ['linkworker2@demo.test', 'commissioner@other.test']) {
      const res = await s.gql(LIST, { filter: { reference: target.reference } }, await s.signIn(who));
      expect(res.data.commissions.totalCount, who).toBe(0);
    }
  });

  it('a reference that cannot exist is a clear input error, not an empty list', async () => {
    for (const typed of ['CR-0OIL1', 'CR-7KQ2', '7KQ2MM', 'x'.repeat(21)]) {
      const res = await s.gql(LIST, { filter: { reference: typed } }, await s.signIn('linkworker@demo.test'));
      expect(res.status, typed).toBe(200);
      expect(res.errors?.[0]?.extensions?.code, typed).toBe('BAD_USER_INPUT');
    }
    expect(normaliseReference(' cr-7kq2m ')).toBe('CR-7KQ2M');
    expect(normaliseReference('CR-7KQ2O')).toBeNull();
    // A code that itself begins with CR, typed bare or in full (a random CI failure: CR-CR47P typed as CR47P).
    for (const typed of ['CR47P', 'cr47p', 'CR-CR47P', 'crcr47p', 'CR CR47P'])
      expect(normaliseReference(typed), typed).toBe('CR-CR47P');
  });

  it('a collision with a reference already in the zone is retried with another (the unique constraint)', async () => {
    const [existing] = await s.db
      .select()
      .from(commissions)
      .where(eq(commissions.id, localId(raised[0]!.id)));
    const candidates = [existing!.reference, existing!.reference, 'CR-22222'];
    const picked: string[] = [];
    const { id: _id, reference: _r, createdAt: _c, updatedAt: _u, ...values } = existing!;
    const row = await s.db.transaction((tx) =>
      insertWithReference(tx, values, () => {
        picked.push(candidates[picked.length]!);
        return picked.at(-1)!;
      }),
    );
    expect(picked).toEqual(candidates);
    expect(row.reference).toBe('CR-22222');
    const same = await s.db.$count(commissions, eq(commissions.reference, existing!.reference));
    expect(same).toBe(1);
  });

  it('the finance export has a reference column', async () => {
    const res = await fetch(`${s.url}/exports/commissions.csv`, {
      headers: { authorization: `Bearer ${await s.signIn('commissioner@demo.test')}` },
    });
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    for (const r of raised) {
      const row = rows.find((x) => x.commissionId === String(localId(r.id)));
      expect(row?.commissionReference).toBe(r.reference);
    }
  });
});

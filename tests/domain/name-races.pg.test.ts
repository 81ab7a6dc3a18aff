import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { districts, organisations, schools } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { refuseTakenDetails } from '../../schema/domain/organisation-requests';
import { createDistrict, createSchool } from '../../schema/domain/schools';
import { inTransaction, type Tx } from '../../schema/domain/transaction';
import { freshDatabase } from '../setup/database';
import { viewerFor } from '../setup/money';

// Two people add (or rename to) the same name at the same moment, on two connections. The zone
// row's lock taken before each name check makes the second wait for the first to commit, so its
// check sees the first name. Without the lock, both checks run before either write is visible.

let db: DbHandle;
let admin: Viewer;
let districtId: number;

beforeAll(async () => {
  db = await freshDatabase();
  admin = await viewerFor(db.db, 'admin@demo.test');
  const [d] = await db.db.select().from(districts).where(eq(districts.zoneId, admin.zoneId)).limit(1);
  districtId = d!.id;
}, 120_000);
afterAll(() => db.close());

/** Runs `first` and holds it open; `second` must wait for it, then be refused. */
async function secondWaitsThenIsRefused(first: (tx: Tx) => Promise<unknown>, second: (tx: Tx) => Promise<unknown>) {
  let written!: () => void;
  let release!: () => void;
  const firstWritten = new Promise<void>((r) => {
    written = r;
  });
  const commitFirst = new Promise<void>((r) => {
    release = r;
  });
  const one = inTransaction(db.db, async (tx) => {
    await first(tx);
    written();
    await commitFirst; // held open: its name is written but not yet visible to others
  });
  await firstWritten;
  let secondSettled = false;
  const two = inTransaction(db.db, second).finally(() => {
    secondSettled = true;
  });
  two.catch(() => {});
  await new Promise((r) => setTimeout(r, 500));
  expect(secondSettled).toBe(false); // it waits on the zone's lock
  release();
  await one;
  await expect(two).rejects.toMatchObject({ name: 'ValidationError' });
}

const school = (name: string) => ({ districtId, name, postcode: 'SE6 4JD', latitude: 51.445, longitude: -0.02 });

describe('one name in a zone, across connections', () => {
  it('a school: the second of two overlapping additions waits for the first and is refused', async () => {
    await secondWaitsThenIsRefused(
      (tx) => createSchool(tx, admin.zoneId, admin.id, school('Hither Green Academy')),
      (tx) => createSchool(tx, admin.zoneId, admin.id, school('hither green academy ')),
    );
    const named = await db.db.$count(
      schools,
      and(eq(schools.zoneId, admin.zoneId), sql`lower(${schools.name}) = 'hither green academy'`),
    );
    expect(named).toBe(1);
  });

  it('a district: likewise', async () => {
    await secondWaitsThenIsRefused(
      (tx) => createDistrict(tx, admin.zoneId, admin.id, 'Hither Green'),
      (tx) => createDistrict(tx, admin.zoneId, admin.id, ' hither  green'),
    );
    const named = await db.db.$count(
      districts,
      and(eq(districts.zoneId, admin.zoneId), sql`lower(${districts.name}) = 'hither green'`),
    );
    expect(named).toBe(1);
  });

  it('an organisation: two providers renaming theirs to one name', async () => {
    const [a, b] = await db.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.zoneId, admin.zoneId))
      .orderBy(organisations.id)
      .limit(2);
    const rename = (id: number, name: string) => async (tx: Tx) => {
      await refuseTakenDetails(tx, admin.zoneId, id, { name });
      await tx.update(organisations).set({ name }).where(eq(organisations.id, id));
    };
    await secondWaitsThenIsRefused(rename(a!.id, 'Hither Green Circus'), rename(b!.id, 'HITHER GREEN CIRCUS'));
    const named = await db.db.$count(organisations, sql`lower(${organisations.name}) = 'hither green circus'`);
    expect(named).toBe(1);
  });
});

import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { districts, schools } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { createSchool } from '../../schema/domain/schools';
import { inTransaction } from '../../schema/domain/transaction';
import { freshDatabase } from '../setup/database';
import { viewerFor } from '../setup/money';

// Two administrators add the same school at the same moment, on two connections. The zone row's
// lock in createSchool makes the second wait for the first to commit, so its name check sees the
// first school. Without the lock, both checks run before either insert is visible: two schools.

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

const school = (name: string) => ({ districtId, name, postcode: 'SE6 4JD', latitude: 51.445, longitude: -0.02 });

describe('one school name in a zone, across connections', () => {
  it('the second of two overlapping additions waits for the first and is refused', async () => {
    let added!: () => void;
    let release!: () => void;
    const firstAdded = new Promise<void>((r) => {
      added = r;
    });
    const commitFirst = new Promise<void>((r) => {
      release = r;
    });
    const first = inTransaction(db.db, async (tx) => {
      await createSchool(tx, admin.zoneId, admin.id, school('Hither Green Academy'));
      added();
      await commitFirst; // held open: its school is written but not yet visible to others
    });
    await firstAdded;
    let secondSettled = false;
    const second = inTransaction(db.db, (tx) =>
      createSchool(tx, admin.zoneId, admin.id, school('hither green academy ')),
    ).finally(() => {
      secondSettled = true;
    });
    second.catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
    expect(secondSettled).toBe(false); // it waits on the zone's lock
    release();
    await first;
    await expect(second).rejects.toMatchObject({ name: 'ValidationError' });
    const named = await db.db.$count(
      schools,
      and(eq(schools.zoneId, admin.zoneId), sql`lower(${schools.name}) = 'hither green academy'`),
    );
    expect(named).toBe(1);
  });
});

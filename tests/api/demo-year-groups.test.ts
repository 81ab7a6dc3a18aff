import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { children, schools } from '../../drizzle/schema';
import { PHASE_YEARS, type Phase } from '../../schema/domain/child-join';
import { DEMO_PERIOD } from '../../server/seed/demo';
import { freshDatabase } from '../setup/database';

// Issue 15, point 10: the demo's children are in year groups their schools take ("Year 9" at a
// primary school read as nonsense), each school's phase is the one its name says, and each
// child's date of birth puts them in their year group in the demo's school year (2026-27).

let db: DbHandle;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.close());

/**
 * England's birth dates for Year `yearGroup` in the school year starting 1 September `year`:
 * Reception turns 5 in it, so Year 1 in 2026-27 is born 1 Sep 2020 to 31 Aug 2021.
 */
function bornBetween(yearGroup: number, year: number): [string, string] {
  const cohort = year - 5 - yearGroup;
  return [`${cohort}-09-01`, `${cohort + 1}-08-31`];
}

describe('the demo seed’s children and schools', () => {
  it('each school’s phase is the one its name says', async () => {
    const rows = await db.db.select({ name: schools.name, phase: schools.phase }).from(schools);
    const wrong = rows.filter(
      (s) =>
        (/\bPrimary\b/.test(s.name) && s.phase !== 'PRIMARY') ||
        (/\bSecondary\b/.test(s.name) && s.phase !== 'SECONDARY'),
    );
    expect(wrong).toEqual([]);
  });

  it('no child is in a year group their school does not take, or born outside it', async () => {
    const rows = await db.db
      .select({
        reference: children.reference,
        yearGroup: children.yearGroup,
        dateOfBirth: children.dateOfBirth,
        school: schools.name,
        phase: schools.phase,
      })
      .from(children)
      .innerJoin(schools, eq(schools.id, children.schoolId));
    expect(rows.length).toBeGreaterThan(30);
    const schoolYear = Number(DEMO_PERIOD.slice(0, 4));
    const outside = rows.filter((c) => {
      const range = PHASE_YEARS[c.phase as Phase];
      return c.yearGroup < range.lowest || c.yearGroup > range.highest;
    });
    expect(outside.map((c) => `${c.reference}: Year ${c.yearGroup} at ${c.school} (${c.phase})`)).toEqual([]);
    expect(schoolYear).toBe(2026);
    expect(bornBetween(1, schoolYear)).toEqual(['2020-09-01', '2021-08-31']);
    const misdated = rows.filter((c) => {
      const [from, to] = bornBetween(c.yearGroup, schoolYear);
      return !c.dateOfBirth || c.dateOfBirth < from || c.dateOfBirth > to;
    });
    expect(misdated.map((c) => `${c.reference}: born ${c.dateOfBirth}, Year ${c.yearGroup}`)).toEqual([]);
  });
});

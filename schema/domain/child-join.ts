import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { children, schools, users, zones } from '../../drizzle/schema';
import { audit, notify } from './audit';
import { isCalendarDateText } from './calendar-date';
import { REFERENCE_ALPHABET } from './commission-reference';
import type { FieldError } from './errors';
import { isOneLine, oneLineMessage } from './one-line';
import PHASES from './school-phases.json';
import { canonicalText, hasLetterOrDigit } from './text';
import { isUniqueViolation, type Tx } from './transaction';
import { addYears } from './working-days';

// A child joins a caseload: one at a time (addChild) or a cohort from CSV (importChildren).
// Both check every value with checkNewChild against what the zone holds, so a CSV row and a form
// are refused for the same reasons in the same words.

export type Phase = 'PRIMARY' | 'SECONDARY' | 'ALL_THROUGH';
export const PHASE_YEARS = PHASES as unknown as Record<Phase, { label: string; lowest: number; highest: number }>;

export type RawChild = {
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  schoolId: number | null;
  yearGroup: number | null;
  needs: string[];
  programmeStart: string | null;
  programmeEnd?: string | null;
  linkWorkerId: number | null;
};

export type NewChild = {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  schoolId: number;
  yearGroup: number;
  needs: string[];
  programmeStart: string;
  programmeEnd: string;
  linkWorkerId: number;
};

/** What the zone allows: its schools (with phase), need tags and active link workers. */
export type JoinContext = {
  zoneId: number;
  today: string;
  needTags: string[];
  schools: Map<number, { name: string; phase: Phase }>;
  linkWorkers: Map<number, { name: string; email: string }>;
};

export async function loadJoinContext(tx: Tx, zoneId: number, now: Date): Promise<JoinContext> {
  const [zone] = await tx.select({ needTags: zones.needTags }).from(zones).where(eq(zones.id, zoneId));
  const schoolRows = await tx
    .select({ id: schools.id, name: schools.name, phase: schools.phase })
    .from(schools)
    .where(eq(schools.zoneId, zoneId));
  const workers = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.zoneId, zoneId), eq(users.role, 'LINK_WORKER'), eq(users.active, true)));
  return {
    zoneId,
    today: now.toISOString().slice(0, 10),
    needTags: zone?.needTags ?? [],
    schools: new Map(schoolRows.map((s) => [s.id, { name: s.name, phase: s.phase as Phase }])),
    linkWorkers: new Map(workers.map((w) => [w.id, { name: w.name, email: w.email }])),
  };
}

function realDate(value: string | null | undefined): string | null {
  const ymd = value?.trim() ?? '';
  return isCalendarDateText(ymd) ? ymd : null;
}

/** The day before the same date two years on: a two-year programme from 2026-09-01 ends 2028-08-31. */
export function defaultProgrammeEnd(start: string): string {
  const d = new Date(`${addYears(start, 2)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const yearsBetween = (from: string, to: string) => {
  const [a, b] = [new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)];
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate()))
    years--;
  return years;
};

/** Every problem with a new child, keyed by field; the cleaned record when there are none. */
export function checkNewChild(ctx: JoinContext, raw: RawChild): { errors: FieldError[]; child: NewChild | null } {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string) => errors.push({ path: ['input', field], message });
  const firstName = canonicalText(raw.firstName.trim());
  const lastName = canonicalText(raw.lastName.trim());
  if (!hasLetterOrDigit(firstName) || firstName.length > 80)
    bad('firstName', 'Enter the child’s first name (up to 80 characters)');
  else if (!isOneLine(firstName)) bad('firstName', oneLineMessage('child’s first name'));
  if (!hasLetterOrDigit(lastName) || lastName.length > 80)
    bad('lastName', 'Enter the child’s last name (up to 80 characters)');
  else if (!isOneLine(lastName)) bad('lastName', oneLineMessage('child’s last name'));

  const school = raw.schoolId === null ? undefined : ctx.schools.get(raw.schoolId);
  if (!school) bad('schoolId', 'Choose a school in your partnership');
  const year = raw.yearGroup;
  if (year === null || !Number.isInteger(year) || year < 0 || year > 13)
    bad('yearGroup', 'Year group must be a whole number from 0 (Reception) to 13');
  else if (school) {
    const range = PHASE_YEARS[school.phase];
    if (year < range.lowest || year > range.highest)
      bad(
        'yearGroup',
        `${school.name} is a ${range.label.toLowerCase()} school: year group must be from ${range.lowest} to ${range.highest}`,
      );
  }

  const start = realDate(raw.programmeStart);
  if (!raw.programmeStart?.trim()) bad('programmeStart', 'Enter the programme start date');
  else if (!start) bad('programmeStart', 'Enter the programme start date as a real date');
  else if (start < addYears(ctx.today, -5) || start > addYears(ctx.today, 1))
    bad('programmeStart', 'The programme must start within the last 5 years or the next year');
  const dob = realDate(raw.dateOfBirth);
  if (!raw.dateOfBirth?.trim()) bad('dateOfBirth', 'Enter the date of birth');
  else if (!dob) bad('dateOfBirth', 'Enter the date of birth as a real date');
  else if (dob >= ctx.today) bad('dateOfBirth', 'Date of birth must be in the past');
  else if (start && (yearsBetween(dob, start) < 3 || yearsBetween(dob, start) > 19))
    bad('dateOfBirth', 'The child must be between 3 and 19 years old when the programme starts');

  let end: string | null = null;
  if (raw.programmeEnd?.trim()) {
    end = realDate(raw.programmeEnd);
    if (!end) bad('programmeEnd', 'Enter the programme end date as a real date');
  } else if (start) end = defaultProgrammeEnd(start);
  if (start && end && end <= start) bad('programmeEnd', 'The programme must end after it starts');
  else if (start && end && yearsBetween(start, end) >= 5) bad('programmeEnd', 'A programme can last at most 5 years');

  const needs = [...new Set(raw.needs.map((n) => n.trim().toLowerCase()).filter(Boolean))];
  const unknown = needs.filter((n) => !ctx.needTags.includes(n));
  if (unknown.length > 0)
    bad('needs', `Not one of your partnership’s needs: ${unknown.join(', ')} (choose from ${ctx.needTags.join(', ')})`);

  if (raw.linkWorkerId === null || !ctx.linkWorkers.has(raw.linkWorkerId))
    bad('linkWorkerId', 'Choose an active link worker in your partnership');

  if (errors.length > 0) return { errors, child: null };
  return {
    errors,
    child: {
      firstName,
      lastName,
      dateOfBirth: dob!,
      schoolId: raw.schoolId!,
      yearGroup: year!,
      needs,
      programmeStart: start!,
      programmeEnd: end!,
      linkWorkerId: raw.linkWorkerId!,
    },
  };
}

const randomChildReference = () =>
  `CH-${Array.from({ length: 6 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('')}`;

/**
 * Inserts checked children with fresh pseudonymous references (a collision is retried inside a
 * savepoint), audits each and tells each link worker how many joined their caseload. Names never
 * go into the audit detail or the notice.
 */
export async function insertChildren(
  tx: Tx,
  zoneId: number,
  actorId: number,
  rows: NewChild[],
  how: 'ADD_CHILD' | 'IMPORT_CHILD',
): Promise<{ id: number; reference: string }[]> {
  const out: { id: number; reference: string }[] = [];
  for (const child of rows) {
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await tx.transaction((sp) =>
          sp
            .insert(children)
            .values({ ...child, zoneId, reference: randomChildReference(), status: 'ACTIVE' })
            .returning({ id: children.id, reference: children.reference }),
        );
        out.push(row!);
        break;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 8) throw error;
      }
    }
    await audit(tx, {
      zoneId,
      actorId,
      action: how,
      entityType: 'Child',
      entityId: out.at(-1)!.id,
      detail: { linkWorkerId: child.linkWorkerId, schoolId: child.schoolId, yearGroup: child.yearGroup },
    });
  }
  const perWorker = new Map<number, string[]>();
  rows.forEach((c, i) => {
    perWorker.set(c.linkWorkerId, [...(perWorker.get(c.linkWorkerId) ?? []), out[i]!.reference]);
  });
  for (const [workerId, refs] of perWorker) {
    if (workerId === actorId) continue;
    await notify(tx, [workerId], {
      kind: 'CHILD_JOINED',
      message:
        refs.length === 1
          ? `A child joined your caseload: ${refs[0]}`
          : `${refs.length} children joined your caseload: ${refs.join(', ')}`,
    });
  }
  return out;
}

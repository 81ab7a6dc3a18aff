import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { commissionEvents, commissions } from '../../drizzle/schema';
import { rowsOf } from './rows';
import { BANK_HOLIDAY_DATES, londonDate } from './working-days';

// Providers' response record (issue 14, point 6): how quickly a provider organisation answers the
// requests addressed to it, and how many it accepts, for link workers choosing where to refer.
//
// - A request counts when it reached the provider (its clock started: `approvedAt`, the same
//   instant the response deadlines run from, restarted when a paused request resumes) within the
//   last WINDOW_MONTHS months and has been answered since: ACCEPTED or DECLINED by the provider,
//   or EXPIRED (lapsed without an answer). Requests still waiting are left out.
// - Time to answer: working days (Monday to Friday except England and Wales bank holidays, the
//   same data file and rule as working-days.ts) from the London date it
//   reached the provider to the London date of the answer; the same day is 0. A lapsed request
//   counts with the working days until it lapsed, as a request answered late, and as not accepted.
// - Fewer than MIN_REQUESTS such requests: no figures at all (never a rate from one or two cases).

export const WINDOW_MONTHS = 12;
export const MIN_REQUESTS = 5;

export type ResponseRecord = {
  organisationId: number;
  /** Requests answered or lapsed in the window. */
  requests: number;
  /** The figures below are null unless `enough`. */
  enough: boolean;
  accepted: number | null;
  declined: number | null;
  expired: number | null;
  /** accepted / requests. */
  acceptedShare: number | null;
  medianWorkingDays: number | null;
  since: string;
};

/** The start of the window: WINDOW_MONTHS calendar months before `now`. */
export function windowStart(now: Date): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - WINDOW_MONTHS);
  return since;
}

/**
 * The response records of these organisations at `now`, in one SQL statement whatever their
 * number (the median and counts are computed per organisation by the database).
 */
export async function responseRecords(
  db: Db,
  organisationIds: number[],
  now: Date,
): Promise<Map<number, ResponseRecord>> {
  const ids = [...new Set(organisationIds)];
  const since = windowStart(now);
  const records = new Map<number, ResponseRecord>();
  const sinceDate = londonDate(since);
  for (const organisationId of ids) {
    records.set(organisationId, {
      organisationId,
      requests: 0,
      enough: false,
      accepted: null,
      declined: null,
      expired: null,
      acceptedShare: null,
      medianWorkingDays: null,
      since: sinceDate,
    });
  }
  if (ids.length === 0) return records;
  const holidays = `{${BANK_HOLIDAY_DATES.join(',')}}`;
  const c = commissions;
  const e = commissionEvents;
  const result = await db.execute(sql`
    with answers as (
      select ${c.organisationId} as org, ${e.toStatus} as outcome,
        (${c.approvedAt} at time zone 'Europe/London')::date as reached,
        (${e.at} at time zone 'Europe/London')::date as answered
      from ${c} join ${e} on ${e.commissionId} = ${c.id}
      where ${c.organisationId} = any(${`{${ids.join(',')}}`}::int[])
        and ${c.approvedAt} >= ${since.toISOString()}::timestamptz
        and ${e.fromStatus} = 'APPROVED' and ${e.toStatus} in ('ACCEPTED', 'DECLINED', 'EXPIRED')
    ), timed as (
      select org, outcome,
        (select count(*) from generate_series(reached + 1, answered, interval '1 day') as d(day)
          where extract(isodow from d.day) < 6 and d.day::date <> all(${holidays}::date[]))::int as days
      from answers
    )
    select org, count(*)::int as requests,
      (count(*) filter (where outcome = 'ACCEPTED'))::int as accepted,
      (count(*) filter (where outcome = 'DECLINED'))::int as declined,
      (count(*) filter (where outcome = 'EXPIRED'))::int as expired,
      percentile_cont(0.5) within group (order by days) as median
    from timed group by org
  `);
  for (const row of rowsOf(result)) {
    const record = records.get(Number(row.org))!;
    record.requests = Number(row.requests);
    if (record.requests < MIN_REQUESTS) continue;
    record.enough = true;
    record.accepted = Number(row.accepted);
    record.declined = Number(row.declined);
    record.expired = Number(row.expired);
    record.acceptedShare = record.accepted / record.requests;
    record.medianWorkingDays = Number(row.median);
  }
  return records;
}

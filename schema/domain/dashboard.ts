import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { commissions } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { outcomeSchedule, scheduleState } from './outcome-schedule';
import { rowsOf } from './rows';
import { REVIEW_DUE_MONTHS, STALE_AFTER_MONTHS } from './staleness';

export type StatusCount = { status: string; count: number };

/**
 * A role's landing page in figures. Each count is null when it does not apply to the viewer's
 * role, so a role is never told even how many of something it may not see.
 */
export type Dashboard = {
  commissionsByStatus: StatusCount[];
  approvalsWaiting: number | null;
  listingsDueForReview: number | null;
  staleListings: number | null;
  listingChangesWaiting: number | null;
  organisationRequestsWaiting: number | null;
  outcomesDue: number | null;
  outcomesOverdue: number | null;
};

const none = sql`null::int`;

/** The commissions a role's dashboard counts: the lists' own rule (`visible`), or a lead's district or school. */
function commissionScope(v: Viewer, visible: SQL): SQL | null {
  if (v.role === 'LINK_WORKER' || v.role === 'PROVIDER' || v.role === 'COMMISSIONER') return visible;
  if (v.role === 'DISTRICT_LEAD' && v.districtId)
    return sql`${commissions.zoneId} = ${v.zoneId} and ${commissions.childId} in (select c."id" from "children" c
      join "schools" s on s."id" = c."schoolId" where s."districtId" = ${v.districtId} and c."zoneId" = ${v.zoneId})`;
  if (v.role === 'SCHOOL_LEAD' && v.schoolId)
    return sql`${commissions.zoneId} = ${v.zoneId} and ${commissions.childId} in (select c."id" from "children" c
      where c."schoolId" = ${v.schoolId} and c."zoneId" = ${v.zoneId})`;
  return null;
}

/**
 * Every count of one role's dashboard in one SQL statement. `visible` is the commission lists' own
 * visibility rule for the viewer (schema/types/commission.ts), so a count never differs from its list.
 */
export async function dashboard(db: Db, v: Viewer, now: Date, visible: SQL): Promise<Dashboard> {
  const monthsAgo = (n: number) => {
    const d = new Date(now);
    d.setMonth(d.getMonth() - n);
    return d.toISOString();
  };
  const scope = commissionScope(v, visible);
  const byStatus = scope
    ? sql`(select coalesce(json_agg(json_build_object('status', x."status", 'count', x."n") order by x."status"), '[]'::json)
        from (select ${commissions.status} as "status", count(*)::int as "n" from ${commissions} where ${scope}
        group by ${commissions.status}) x)`
    : sql`'[]'::json`;
  const isProvider = v.role === 'PROVIDER' && v.organisationId;
  const listingSql = (months: number) =>
    isProvider
      ? sql`(select count(*)::int from "services" s where s."organisationId" = ${v.organisationId}
          and s."status" = 'PUBLISHED' and s."lastReviewedAt" < ${monthsAgo(months)})`
      : none;
  const zoneCount = (roles: string[], query: SQL) => (roles.includes(v.role) ? query : none);
  const caseload =
    v.role === 'LINK_WORKER'
      ? sql`(select coalesce(json_agg(json_build_object('programmeStart', c."programmeStart", 'programmeEnd', c."programmeEnd",
          'measuredOn', (select coalesce(json_agg(m."measuredOn"), '[]'::json) from "outcome_measures" m where m."childId" = c."id"))), '[]'::json)
          from "children" c where c."linkWorkerId" = ${v.id} and c."status" = 'ACTIVE')`
      : sql`'[]'::json`;
  const [row] = rowsOf(
    await db.execute(sql`select ${byStatus} as "byStatus",
      ${zoneCount(['COMMISSIONER'], sql`(select count(*)::int from "commissions" c where c."zoneId" = ${v.zoneId} and c."status" = 'REQUESTED')`)} as "approvals",
      ${listingSql(REVIEW_DUE_MONTHS)} as "due", ${listingSql(STALE_AFTER_MONTHS)} as "stale",
      ${zoneCount(['COMMISSIONER', 'ADMIN'], sql`(select count(*)::int from "service_revisions" r where r."zoneId" = ${v.zoneId} and r."status" = 'PENDING')`)} as "changes",
      ${zoneCount(['ADMIN'], sql`(select count(*)::int from "organisation_requests" o where o."zoneId" = ${v.zoneId} and o."status" = 'PENDING')`)} as "requests",
      ${caseload} as "caseload",
      (select json_build_object('baselineWeeks', z."outcomeBaselineWeeks", 'followUpMonths', z."outcomeFollowUpMonths") from "zones" z where z."id" = ${v.zoneId}) as "settings"`),
  );
  const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  const int = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  let outcomesDue: number | null = null;
  let outcomesOverdue: number | null = null;
  if (v.role === 'LINK_WORKER') {
    const settings = parse<{ baselineWeeks: number; followUpMonths: number[] }>(row?.settings);
    const today = now.toISOString().slice(0, 10);
    const states = parse<{ programmeStart: string; programmeEnd: string; measuredOn: string[] }[]>(row?.caseload).map(
      (c) => scheduleState(outcomeSchedule(c, c.measuredOn, settings, today)),
    );
    outcomesDue = states.filter((s) => s === 'DUE').length;
    outcomesOverdue = states.filter((s) => s === 'OVERDUE').length;
  }
  return {
    commissionsByStatus: parse<StatusCount[]>(row?.byStatus),
    approvalsWaiting: int(row?.approvals),
    listingsDueForReview: int(row?.due),
    staleListings: int(row?.stale),
    listingChangesWaiting: int(row?.changes),
    organisationRequestsWaiting: int(row?.requests),
    outcomesDue,
    outcomesOverdue,
  };
}

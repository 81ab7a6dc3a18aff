import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type children, schools } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { ForbiddenError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { dueChildIds } from '../domain/outcomes-due';
import { canonicalText, likeLiteral } from '../domain/text';

// Filters on the children list (issue 14 point 9). Names are searched only in a link worker's own
// caseload: commissioners and district leads do not see names, so their search matches the
// pseudonymous reference alone and never a name.

export const ChildFilter = builder.inputType('ChildFilter', {
  fields: (t) => ({
    search: t.string({
      description:
        'Part of a name or of the pseudonymous reference, as typed (case does not matter); names match only for the child’s link worker',
      validate: { maxLength: 60 },
    }),
    outcomesDue: t.boolean({
      description: 'Only children with an outcome measure due or overdue (the link worker’s own caseload only)',
    }),
  }),
});

type Filter = { search?: string | null; outcomesDue?: boolean | null };
type Args = { schoolId?: string | number | null; filter?: Filter | null };

/**
 * The children list's conditions for this viewer and filter, as SQL on the table (or its alias):
 * the zone's active children; a link worker's caseload, a district lead's district. Async because
 * "outcomes due" first reads the caseload's schedule.
 */
export async function childListSql(ctx: Context, args: Args): Promise<(table: typeof children) => SQL> {
  const v = ctx.viewer!;
  const schoolId = args.schoolId ? idOf(args.schoolId, 'School', ['schoolId']) : undefined;
  const filter = args.filter;
  const search = filter?.search ? canonicalText(filter.search.trim()) : undefined;
  let due: number[] | undefined;
  if (filter?.outcomesDue) {
    if (v.role !== 'LINK_WORKER')
      throw new ForbiddenError('Only a child’s link worker sees when their outcome measures are due');
    due = await dueChildIds(ctx, v.id);
  }
  return (table) => {
    const parts: (SQL | undefined)[] = [eq(table.zoneId, v.zoneId), eq(table.status, 'ACTIVE')];
    if (v.role === 'LINK_WORKER') parts.push(eq(table.linkWorkerId, v.id));
    if (v.role === 'DISTRICT_LEAD')
      parts.push(
        sql`${table.schoolId} in (select ${schools.id} from ${schools} where ${schools.districtId} = ${v.districtId ?? -1})`,
      );
    if (schoolId) parts.push(eq(table.schoolId, schoolId));
    if (search) {
      const like = likeLiteral(search);
      parts.push(
        v.role === 'LINK_WORKER'
          ? sql`(${table.reference} ilike ${like} or coalesce(${table.firstName}, '') || ' ' || coalesce(${table.lastName}, '') ilike ${like})`
          : sql`${table.reference} ilike ${like}`,
      );
    }
    if (due) parts.push(due.length ? inArray(table.id, due) : sql`false`);
    return and(...parts)!;
  };
}

import { and, eq } from 'drizzle-orm';
import { children } from '../drizzle/schema';
import type { Context } from './context';
import { NotFoundError } from './domain/errors';
import { parseGlobalId } from './domain/ids';

// Reach before validation, for the mutations that act on one child (input.childId): a child the
// caller may not act on is "Child not found", exactly as one that does not exist, before the rest
// of the input is validated. Otherwise a link worker could tell the zone's other children apart
// from made-up IDs by the answer (a ValidationError, a ForbiddenError, a NotFoundError). Checked by
// the mutation-access plugin after the role check, before hidden characters, zod and the resolver;
// the resolvers keep their own checks (a child moved meanwhile is "not found" there too).

/** The mutations taking input.childId, and whether another link worker's child is out of reach. */
const CHILD_MUTATIONS = new Set([
  'recordConsent',
  'withdrawConsent',
  'withdrawChild',
  'completeChildProgramme',
  'raiseCommission',
  'recordOutcomeMeasure',
  'recordUnmetNeed',
  'saveToShortlist',
]);

export const actsOnOneChild = (name: string) => CHILD_MUTATIONS.has(name);

/**
 * Refuses a child outside the caller's reach: a link worker's own caseload, in their zone; any
 * other role allowed the mutation (an administrator ending a programme), the zone's children.
 * An ID that is not a Child's is left to the resolver, which says so (that reveals nothing).
 */
export async function checkChildReach(name: string, args: object, ctx: Context): Promise<void> {
  if (!CHILD_MUTATIONS.has(name) || !ctx.viewer) return;
  const childId = (args as { input?: { childId?: unknown } }).input?.childId;
  if (typeof childId !== 'string' && typeof childId !== 'number') return;
  const parsed = parseGlobalId(childId);
  if (parsed?.typename !== 'Child') return;
  const viewer = ctx.viewer;
  const [found] = await ctx.db
    .select({ id: children.id })
    .from(children)
    .where(
      and(
        eq(children.id, parsed.id),
        eq(children.zoneId, viewer.zoneId),
        viewer.role === 'LINK_WORKER' ? eq(children.linkWorkerId, viewer.id) : undefined,
      ),
    );
  if (!found) throw new NotFoundError('Child');
}

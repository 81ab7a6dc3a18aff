import { and, eq } from 'drizzle-orm';
import { children } from '../drizzle/schema';
import type { Context } from './context';
import {
  CONSENT_IS_THE_LINK_WORKERS,
  NOT_ON_YOUR_CASELOAD,
  PROGRAMME_IS_THE_LINK_WORKERS,
} from './domain/child-refusals';
import { ForbiddenError, NotFoundError } from './domain/errors';
import { parseGlobalId } from './domain/ids';

// Reach before validation, for the mutations that act on one child (input.childId): a child the
// caller may not act on is refused whatever else is wrong with the input (issue 9: authorisation
// before validation), with each mutation's own answer as its resolver gives it: a ForbiddenError
// where the child is another link worker's, or "Child not found" where the mutation has always
// hidden it. The resolvers check the child themselves, so the mutation-access plugin asks here only
// when a mutation fails (hidden characters, zod, or the resolver's own rules): the answer is the
// same as checking first, without a read on every success.

/** The mutations taking input.childId, and what each answers for another link worker's child (null: not found). */
const CHILD_MUTATIONS = new Map<string, string | null>([
  ['raiseCommission', NOT_ON_YOUR_CASELOAD],
  ['recordConsent', CONSENT_IS_THE_LINK_WORKERS],
  ['withdrawConsent', CONSENT_IS_THE_LINK_WORKERS],
  ['withdrawChild', PROGRAMME_IS_THE_LINK_WORKERS],
  ['completeChildProgramme', PROGRAMME_IS_THE_LINK_WORKERS],
  ['recordOutcomeMeasure', null],
  ['recordUnmetNeed', null],
  ['saveToShortlist', null],
]);

/**
 * Refuses a child outside the caller's reach: for a link worker, their own caseload; for any other
 * role allowed the mutation (an administrator ending a programme), the zone's children. An ID that
 * is not a Child's is left to the resolver, which says so.
 */
export async function checkChildReach(name: string, args: object, ctx: Context): Promise<void> {
  if (!CHILD_MUTATIONS.has(name) || !ctx.viewer) return;
  const childId = (args as { input?: { childId?: unknown } }).input?.childId;
  if (typeof childId !== 'string' && typeof childId !== 'number') return;
  const parsed = parseGlobalId(childId);
  if (parsed?.typename !== 'Child') return;
  const viewer = ctx.viewer;
  const [found] = await ctx.db
    .select({ linkWorkerId: children.linkWorkerId })
    .from(children)
    .where(and(eq(children.id, parsed.id), eq(children.zoneId, viewer.zoneId)));
  if (!found) throw new NotFoundError('Child');
  if (viewer.role !== 'LINK_WORKER' || found.linkWorkerId === viewer.id) return;
  const refusal = CHILD_MUTATIONS.get(name);
  throw refusal ? new ForbiddenError(refusal) : new NotFoundError('Child');
}

import { and, eq } from 'drizzle-orm';
import { children, schools, unmetNeeds, zones } from '../../drizzle/schema';
import { audit } from './audit';
import { NotFoundError, ValidationError } from './errors';
import { withoutPersonalData } from './personal-text';
import type { Tx } from './transaction';

export type UnmetNeedRow = typeof unmetNeeds.$inferSelect;

/**
 * A link worker records that no suitable service met one of their child's needs (a need tag of the
 * zone), with what was tried; the district is the child's school's. Audited with the need only.
 */
export async function recordUnmetNeed(
  tx: Tx,
  actor: { id: number; zoneId: number },
  input: { childId: number; needTag: string; tried: string },
  now: Date = new Date(),
): Promise<UnmetNeedRow> {
  const tried = input.tried.trim();
  if (!tried) throw ValidationError.field(['input', 'tried'], 'Say what was tried');
  if (tried.length > 2000) throw ValidationError.field(['input', 'tried'], 'Keep it to 2,000 characters');
  const [child] = await tx
    .select({ id: children.id, districtId: schools.districtId, needTags: zones.needTags })
    .from(children)
    .innerJoin(zones, eq(zones.id, children.zoneId))
    .leftJoin(schools, eq(schools.id, children.schoolId))
    .where(and(eq(children.id, input.childId), eq(children.linkWorkerId, actor.id), eq(children.zoneId, actor.zoneId)));
  if (!child) throw new NotFoundError('Child');
  if (!child.needTags.includes(input.needTag))
    throw ValidationError.field(['input', 'needTag'], `Choose one of your zone’s needs, not “${input.needTag}”`);
  const [row] = await tx
    .insert(unmetNeeds)
    .values({
      zoneId: actor.zoneId,
      childId: child.id,
      needTag: input.needTag,
      districtId: child.districtId ?? null,
      // Kept without a child's name or reference: reports show it to commissioners.
      tried: withoutPersonalData(actor.zoneId, tried, 2000),
      recordedById: actor.id,
      recordedAt: now,
    })
    .returning();
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'RECORD_UNMET_NEED',
    entityType: 'Child',
    entityId: child.id,
    detail: { needTag: input.needTag },
  });
  return row!;
}

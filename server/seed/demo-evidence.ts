import { and, eq } from 'drizzle-orm';
import { services } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { approveService } from '../../schema/domain/approved-services';
import { raiseCommission } from '../../schema/domain/commissions';
import type { Tx } from '../../schema/domain/transaction';
import EVIDENCE from './demo-evidence.json';

type Context = { zoneId: number; commissioner: Viewer; people: Map<string, Viewer>; children: { id: number }[] };

/** The demo zone's approved services, and a commission under the limit that waits because its service is not on the list. */
export async function seedEvidence(tx: Tx, ctx: Context): Promise<void> {
  const { approvals } = EVIDENCE;
  const listed = await tx
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(and(eq(services.zoneId, ctx.zoneId), eq(services.status, 'PUBLISHED'), eq(services.commissionable, true)))
    .orderBy(services.id);
  for (const s of listed) {
    if (approvals.notApproved.includes(s.name)) continue;
    const { service: _, ...rated } = approvals.rated.find((r) => r.service === s.name) ?? {
      service: s.name,
      ...approvals.default,
    };
    await approveService(tx, ctx.commissioner, { serviceId: s.id, ...rated });
  }
  const c = EVIDENCE.unapprovedCommission;
  const [service] = listed.filter((s) => s.name === c.service);
  await raiseCommission(tx, ctx.people.get(c.linkWorker)!, {
    childId: ctx.children[c.childIndex]!.id,
    serviceId: service!.id,
    units: c.units,
    rationale: c.rationale,
    idempotencyKey: 'seed-unapproved-service',
  });
}

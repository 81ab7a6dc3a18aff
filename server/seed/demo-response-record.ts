import { and, eq, inArray } from 'drizzle-orm';
import { commissionEvents, commissions } from '../../drizzle/schema';
import type { Tx } from '../../schema/domain/transaction';
import { isWorkingDay, londonDate } from '../../schema/domain/working-days';
import DATA from './demo-response-record.json';

/** The date `n` working days before `date` (London dates). */
function workingDaysBefore(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  for (let left = n; left > 0; ) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (isWorkingDay(d.toISOString().slice(0, 10))) left--;
  }
  return d.toISOString().slice(0, 10);
}

/**
 * Dates each answered demo commission as reaching its provider a few working days before its
 * answer (the data file's list, in turn), so the providers' response records have history.
 */
export async function seedResponseHistory(tx: Tx, zoneId: number) {
  const answers = await tx
    .select({ id: commissions.id, at: commissionEvents.at })
    .from(commissionEvents)
    .innerJoin(commissions, eq(commissions.id, commissionEvents.commissionId))
    .where(
      and(
        eq(commissions.zoneId, zoneId),
        eq(commissionEvents.fromStatus, 'APPROVED'),
        inArray(commissionEvents.toStatus, ['ACCEPTED', 'DECLINED']),
      ),
    )
    .orderBy(commissions.id);
  for (const [i, answer] of answers.entries()) {
    const days = DATA.workingDaysToAnswer[i % DATA.workingDaysToAnswer.length]!;
    const reached = workingDaysBefore(londonDate(new Date(answer.at)), days);
    await tx
      .update(commissions)
      .set({ approvedAt: new Date(`${reached}T09:30:00Z`) })
      .where(eq(commissions.id, answer.id));
  }
}

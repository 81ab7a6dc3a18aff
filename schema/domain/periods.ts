import { and, eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { periodCloses, zones } from '../../drizzle/schema';
import { ValidationError } from './errors';
import type { Tx } from './transaction';

// Budget periods: UK financial years labelled like 2026-27, and what a close reports (period-close.ts).

export type UnspentPolicy = 'CARRY_FORWARD' | 'RETURN_TO_POT';

export type PotLine = {
  potId: number;
  name: string;
  source: string;
  districtId: number | null;
  districtFundId: number | null;
  heldPence: number;
  allocatedPence: number;
  contractCommittedPence: number;
  committedPence: number;
  spentPence: number;
  returnedPence: number;
  carriedPence: number;
  unallocatedPence: number;
};
export type FundLine = {
  fundId: number;
  name: string;
  heldPence: number;
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  returnedPence: number;
  carriedPence: number;
};
export type CloseReport = {
  period: string;
  nextPeriod: string;
  startsOn: string;
  endsOn: string;
  policy: UnspentPolicy;
  childrenCarried: number;
  childrenReturned: number;
  carriedPence: number;
  returnedPence: number;
  liveReservedPence: number;
  pots: PotLine[];
  funds: FundLine[];
};

const LABEL = /^(\d{4})-(\d{2})$/;

/** The financial year a label names, and the label after it; null when the label is not one. */
export function periodDates(label: string): { startsOn: string; endsOn: string; next: string } | null {
  const m = LABEL.exec(label);
  if (!m) return null;
  const start = Number(m[1]);
  if (Number(m[2]) !== (start + 1) % 100) return null;
  const yy = (n: number) => String(n % 100).padStart(2, '0');
  return { startsOn: `${start}-04-01`, endsOn: `${start + 1}-03-31`, next: `${start + 1}-${yy(start + 2)}` };
}

/**
 * The zone's period in force, its row locked until commit: new money lands in it, not in the period
 * a cached session remembers (closed a moment ago, perhaps), and a close waits for the write or the
 * write for the close. Zone-wide writes that need one at a time (a formula's next version) get it too.
 */
export async function lockCurrentPeriod(tx: Tx, zoneId: number): Promise<string> {
  const [zone] = await tx.select({ period: zones.currentPeriod }).from(zones).where(eq(zones.id, zoneId)).for('update');
  return zone!.period;
}

/** Refuses a change to money of a closed period (a pot of it, say). */
export async function assertPeriodOpen(tx: Tx | Db, zoneId: number, period: string, path: string[]) {
  const [closed] = await tx
    .select({ id: periodCloses.id })
    .from(periodCloses)
    .where(and(eq(periodCloses.zoneId, zoneId), eq(periodCloses.period, period)));
  if (closed) throw ValidationError.field(path, `The budget period ${period} is closed`);
}

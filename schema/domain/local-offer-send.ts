import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { localOfferDigests } from '../../drizzle/schema';
import { enqueueEmails } from './email';
import { buildLocalOffer, changesOf, digestedServices, offerPath, scopeOf } from './local-offer';
import { rowsOf } from './rows';
import { inTransaction } from './transaction';
import { londonDate } from './working-days';

// The scheduled local-offer email: per zone setting (OFF, WEEKLY, MONTHLY), once per period, each
// district's digest goes to its district leads and to the link workers who opted in (a caseload
// child at one of its schools), and each school's digest to its school leads. The digest record
// and the emails are one transaction; the record's unique (scope, period) makes a second process
// (or a second run) insert nothing and so send nothing.

export const LOCAL_OFFER_KIND = 'LOCAL_OFFER';
export type Schedule = 'OFF' | 'WEEKLY' | 'MONTHLY';

/** The schedule period `now` falls in (London dates): "2026-11" monthly, ISO week "2026-W48" weekly. */
export function periodOf(schedule: Schedule, now: Date): string {
  const day = londonDate(now);
  if (schedule === 'MONTHLY') return day.slice(0, 7);
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of this week decides its year
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((d.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

type Target = { zoneId: number; districtId: number; schoolId: number | null; period: string; recipients: number[] };

async function targets(db: Db, now: Date, zoneId?: number): Promise<Target[]> {
  const zones = rowsOf(
    await db.execute(sql`select id, "localOfferSchedule" as schedule from zones
      where "localOfferSchedule" <> 'OFF' ${zoneId == null ? sql`` : sql`and id = ${zoneId}`} order by id`),
  );
  const out: Target[] = [];
  for (const z of zones) {
    const period = periodOf(z.schedule as Schedule, now);
    const id = Number(z.id);
    // District leads, and link workers who chose to get it (a preference row other than OFF).
    const districts = rowsOf(
      await db.execute(sql`select d.id, array_remove(array(
          select u.id from users u where u.active and u.role = 'DISTRICT_LEAD' and u."districtId" = d.id
          union
          select u.id from users u join email_preferences p on p."userId" = u.id and p.kind = ${LOCAL_OFFER_KIND}
          where u.active and u.role = 'LINK_WORKER' and p.delivery <> 'OFF' and exists (
            select 1 from children c join schools s on s.id = c."schoolId"
            where c."linkWorkerId" = u.id and c.status = 'ACTIVE' and s."districtId" = d.id)
          order by 1), null) as recipients
        from districts d where d."zoneId" = ${id} order by d.id`),
    );
    for (const d of districts)
      out.push({ zoneId: id, districtId: Number(d.id), schoolId: null, period, recipients: toIds(d.recipients) });
    const schools = rowsOf(
      await db.execute(sql`select s.id, s."districtId", array(select u.id from users u
          where u.active and u.role = 'SCHOOL_LEAD' and u."schoolId" = s.id order by u.id) as recipients
        from schools s where s."zoneId" = ${id}
          and exists (select 1 from users u where u.active and u.role = 'SCHOOL_LEAD' and u."schoolId" = s.id)
        order by s.id`),
    );
    for (const s of schools)
      out.push({
        zoneId: id,
        districtId: Number(s.districtId),
        schoolId: Number(s.id),
        period,
        recipients: toIds(s.recipients),
      });
  }
  return out;
}

const toIds = (v: unknown): number[] =>
  (Array.isArray(v)
    ? v
    : String(v ?? '')
        .replace(/[{}]/g, '')
        .split(',')
        .filter(Boolean)
  ).map(Number);

export type LocalOfferRunResult = { digests: number; emails: number };

/**
 * Sends the local-offer digests due in each zone's current period (those not yet sent). Safe to run
 * from any number of processes at once: each digest is sent by whichever inserts its record.
 */
export async function sendLocalOfferDigests(db: Db, options: { now?: Date; zoneId?: number } = {}) {
  const now = options.now ?? new Date();
  const result: LocalOfferRunResult = { digests: 0, emails: 0 };
  for (const t of await targets(db, now, options.zoneId)) {
    if (t.recipients.length === 0) continue;
    const scope = scopeOf(t.districtId, t.schoolId);
    const sent = await inTransaction(db, async (tx) => {
      const offer = await buildLocalOffer(tx, { ...t, now });
      if (!offer) return 0;
      const [row] = await tx
        .insert(localOfferDigests)
        .values({
          zoneId: t.zoneId,
          districtId: t.districtId,
          schoolId: t.schoolId,
          scope,
          period: t.period,
          generatedAt: now,
          recipients: t.recipients.length,
          services: digestedServices(offer),
        })
        .onConflictDoNothing()
        .returning({ id: localOfferDigests.id });
      if (!row) return 0; // Already sent this period (here or by another process).
      const changes = changesOf(offer);
      await enqueueEmails(tx, t.recipients, LOCAL_OFFER_KIND, {
        path: offerPath(t.districtId, t.schoolId),
        offer: JSON.stringify({
          place: offer.schoolName ?? offer.districtName,
          since: offer.since?.toISOString().slice(0, 10) ?? null,
          ...changes,
        }),
      });
      return t.recipients.length;
    });
    if (sent) {
      result.digests++;
      result.emails += sent;
    }
  }
  return result;
}

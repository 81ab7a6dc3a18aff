import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { children, emailOutbox, shortlists } from '../../drizzle/schema';
import type { Context } from '../context';
import { hasRole } from './access';
import { audit } from './audit';
import type { ShortlistEntry } from './email';
import { ForbiddenError, NotFoundError, ValidationError } from './errors';
import { claimOrRefuse, formKey } from './form-throttle';
import { requireOneLine } from './one-line';
import { EMAIL_MESSAGE, publishableEmail } from './openreferral/formats';
import { withoutPersonalData } from './personal-text';
import { rowsOf } from './rows';
import type { Tx } from './transaction';

// Shortlists (issue 14, point 8). A link worker saves services to a list for a child on their
// caseload (seen only by the link workers with that child on their caseload: today the child's
// one link worker) or to a named list to share with a family (its owner's), printed or emailed
// with the services' public details only: never anything about a child.

type ShortlistRow = typeof shortlists.$inferSelect;

/**
 * Shortlist emails an hour: from one account (a busy link worker sends a handful a day) and to one
 * address (a family asked twice), so a signed-in account cannot be used to mail strangers in bulk.
 */
export const SHORTLIST_EMAIL_LIMITS = { perSender: 30, perAddress: 3 };

/** Who may read and change a list: a child's list its caseload's link worker, a named list its owner. */
export async function mayUseShortlist(db: Pick<Tx, 'select'>, ctx: Context, list: ShortlistRow): Promise<boolean> {
  if (!hasRole(ctx, 'LINK_WORKER') || ctx.viewer.zoneId !== list.zoneId) return false;
  if (list.childId == null) return list.ownerId === ctx.viewer.id;
  const [child] = await db
    .select({ linkWorkerId: children.linkWorkerId })
    .from(children)
    .where(eq(children.id, list.childId));
  return child?.linkWorkerId === ctx.viewer.id;
}

/** A list the viewer may use, locked for the transaction; anyone else's is "not found". */
export async function usableShortlist(tx: Tx, ctx: Context, id: number): Promise<ShortlistRow> {
  const [list] = await tx.select().from(shortlists).where(eq(shortlists.id, id)).for('update');
  if (!list || !(await mayUseShortlist(tx, ctx, list))) throw new NotFoundError('Shortlist');
  return list;
}

/** The child's list (made on first use), for a child on the viewer's caseload. */
export async function childShortlist(
  tx: Tx,
  ctx: Context & { viewer: { id: number; zoneId: number } },
  childId: number,
) {
  const [child] = await tx.select().from(children).where(eq(children.id, childId));
  if (!child || child.linkWorkerId !== ctx.viewer.id) throw new NotFoundError('Child');
  // One list per child: the child row lock keeps two first saves from making two lists.
  await tx.select({ id: children.id }).from(children).where(eq(children.id, childId)).for('update');
  const [existing] = await tx
    .select()
    .from(shortlists)
    .where(eq(shortlists.childId, childId))
    .orderBy(asc(shortlists.id));
  if (existing) return existing;
  const [made] = await tx
    .insert(shortlists)
    .values({ zoneId: child.zoneId, ownerId: ctx.viewer.id, childId })
    .returning();
  return made!;
}

export function checkListName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed)
    throw ValidationError.field(['input', 'name'], 'Enter a name for the list, like “Ideas for the Patel family”');
  if (trimmed.length > 80) throw ValidationError.field(['input', 'name'], 'The name must be 80 characters or fewer');
  requireOneLine(['input', 'name'], trimmed, 'list’s name');
  return trimmed;
}

export function checkEmailAddress(email: string): string {
  // The rule listings' addresses follow: a quoted local part ("<script>"@…) or a bare domain is refused.
  const address = publishableEmail(email);
  if (!address) throw ValidationError.field(['input', 'email'], EMAIL_MESSAGE);
  return address;
}

/**
 * A named list's name as a family sees it, printed or shared (audit F8): a link worker may have
 * typed a child's name or reference, so the zone's children's become [name] and [reference], as in
 * unmet-need evidence. The link worker's own view keeps what they typed. A child's list: null.
 */
export async function sharedListName(db: Pick<Tx, 'execute'>, list: ShortlistRow): Promise<string | null> {
  if (list.name == null) return null;
  const [row] = rowsOf(await db.execute(sql`select ${withoutPersonalData(list.zoneId, list.name, 200)} as "text"`));
  return String(row?.text ?? '');
}

const DAYS: Record<string, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };

/** The public details of a list's published services, as the printable page and email show them. */
export async function shortlistEntries(tx: Pick<Tx, 'query'>, listId: number): Promise<ShortlistEntry[]> {
  const items = await tx.query.shortlistItems.findMany({
    where: { shortlistId: listId },
    orderBy: { addedAt: 'asc', serviceId: 'asc' },
  });
  if (!items.length) return [];
  const rows = await tx.query.services.findMany({
    where: { id: { in: items.map((i) => i.serviceId) }, status: 'PUBLISHED' },
    with: { organisation: { columns: { name: true } }, schedules: { orderBy: { id: 'asc' } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return items.flatMap((i) => {
    const s = byId.get(i.serviceId);
    if (!s) return [];
    const contact = [s.contactName, s.contactPhone, s.contactEmail, s.website].filter((x): x is string => !!x);
    return [
      {
        name: s.name,
        organisation: s.organisation.name,
        description: s.description,
        contact,
        openingTimes: s.schedules.map((x) =>
          [
            x.byDay.map((d) => DAYS[d] ?? d).join(', '),
            x.opensAt && x.closesAt ? `${x.opensAt.slice(0, 5)} to ${x.closesAt.slice(0, 5)}` : '',
            x.description,
          ]
            .filter(Boolean)
            .join(' '),
        ),
        howToRefer: s.selfReferral
          ? 'Families can get in touch directly.'
          : 'Ask your link worker or another professional to refer you.',
        link: `/services/${encodeURIComponent(encodeGlobalID('Service', s.id))}`,
      },
    ];
  });
}

/** Queues the list's email to the address the link worker typed (one outbox row, same transaction). */
export async function emailShortlist(tx: Tx, ctx: Context, list: ShortlistRow, email: string): Promise<number> {
  if (list.childId != null)
    throw new ForbiddenError('A child’s shortlist is not shared: make a named list to send to a family');
  const entries = await shortlistEntries(tx, list.id);
  if (!entries.length)
    throw ValidationError.field(['input', 'shortlistId'], 'Add at least one service before sending the list');
  // Counted once the email is valid; a refusal rolls back with the rest, so it counts nothing.
  const now = ctx.now();
  const sender = formKey('shortlist-from', String(ctx.viewer!.id));
  await claimOrRefuse(tx, sender, now, SHORTLIST_EMAIL_LIMITS.perSender, 'shortlist emails from your account');
  const recipient = formKey('shortlist-to', email.toLowerCase());
  await claimOrRefuse(tx, recipient, now, SHORTLIST_EMAIL_LIMITS.perAddress, 'shortlist emails to this address');
  await tx.insert(emailOutbox).values({
    userId: null,
    toAddress: email,
    kind: 'SHORTLIST',
    data: { path: '/', services: JSON.stringify(entries) },
    messageId: `<${randomUUID()}@partnership-portal>`,
  });
  // The address is personal data of the family: the audit says that it was sent, not where.
  await audit(tx, {
    zoneId: list.zoneId,
    actorId: ctx.viewer!.id,
    action: 'EMAIL_SHORTLIST',
    entityType: 'Shortlist',
    entityId: list.id,
    detail: { services: entries.length },
  });
  return entries.length;
}

/** The lists a link worker may use: their named lists and their caseload's children's lists. */
/** A page of the viewer's named lists and their caseload children's lists, oldest first: one statement. */
export async function shortlistsFor(db: Context['db'], viewerId: number, page = { limit: 200, offset: 0 }) {
  const caseload = db.select({ id: children.id }).from(children).where(eq(children.linkWorkerId, viewerId));
  return db
    .select()
    .from(shortlists)
    .where(or(and(eq(shortlists.ownerId, viewerId), isNull(shortlists.childId)), inArray(shortlists.childId, caseload)))
    .orderBy(asc(shortlists.id))
    .limit(page.limit)
    .offset(page.offset);
}

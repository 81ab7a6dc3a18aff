import { randomUUID } from 'node:crypto';
import { and, eq, ne, type SQL, sql } from 'drizzle-orm';
import { emailOutbox, organisationRequests, organisations, users, zones } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { inviteUser, normaliseEmail } from './account-requests';
import { audit } from './audit';
import { enqueueEmails } from './email';
import { ForbiddenError, NotFoundError, ValidationError } from './errors';
import { lockZoneNames, nameKey, sameNameSql } from './names';
import { withoutPersonalData } from './personal-text';
import { rowsOf } from './rows';
import { isUniqueViolation, type Tx } from './transaction';
import { setActive } from './user-active';

// Organisations join a zone's directory: a public request an administrator approves (the
// organisation is created and its first contact invited) or declines with a reason; or an
// administrator creates the organisation directly. Its own staff then manage its staff list.

type OrganisationKind = (typeof organisations.$inferInsert)['kind'];

export type OrganisationDetails = {
  kind: OrganisationKind;
  name: string;
  description?: string | null;
  charityNumber?: string | null;
  companyNumber?: string | null;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
};

export type JoinRequestInput = OrganisationDetails & { zoneSlug: string; contactName: string; contactEmail: string };

const messageId = () => `<${randomUUID()}@partnership-portal>`;
const blank = (s: string | null | undefined) => s?.trim() || null;

function cleanDetails(input: OrganisationDetails) {
  return {
    kind: input.kind,
    name: input.name.trim(),
    description: input.description?.trim() ?? '',
    charityNumber: blank(input.charityNumber),
    companyNumber: blank(input.companyNumber)?.toUpperCase() ?? null,
    phone: blank(input.phone),
    website: blank(input.website),
  };
}

/**
 * Which detail (name, charity or company number) matches an organisation already in the zone's
 * directory, or null; `except`, an organisation changing its own details. The directory is public,
 * so saying so to the requester tells them nothing new.
 */
async function listedMatch(
  tx: Tx,
  zoneId: number,
  d: { name?: string | null; charityNumber?: string | null; companyNumber?: string | null },
  except?: number,
) {
  await lockZoneNames(tx, zoneId);
  const listed = async (condition: SQL) => {
    const [row] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(
        and(eq(organisations.zoneId, zoneId), except == null ? undefined : ne(organisations.id, except), condition),
      )
      .limit(1);
    return !!row;
  };
  if (d.name && (await listed(sameNameSql(organisations.name, d.name)))) return 'name' as const;
  for (const field of ['charityNumber', 'companyNumber'] as const) {
    const value = d[field];
    if (value && (await listed(eq(organisations[field], value)))) return field;
  }
  return null;
}

/**
 * A provider changing their organisation's name or numbers: not to another organisation's in the
 * zone. Only what changes is checked: a profile saved as it was passes, even where the directory
 * already held two organisations with one name (an import's, say).
 */
export async function refuseTakenDetails(
  tx: Tx,
  zoneId: number,
  organisationId: number,
  changes: { name?: string | null; charityNumber?: string | null; companyNumber?: string | null },
) {
  const [current] = await tx
    .select({
      name: organisations.name,
      charityNumber: organisations.charityNumber,
      companyNumber: organisations.companyNumber,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  const changed = {
    name: changes.name && nameKey(changes.name) !== nameKey(current?.name ?? '') ? changes.name : null,
    charityNumber: changes.charityNumber !== current?.charityNumber ? changes.charityNumber : null,
    companyNumber: changes.companyNumber !== current?.companyNumber ? changes.companyNumber : null,
  };
  const field = await listedMatch(tx, zoneId, changed, organisationId);
  if (field) throw ValidationError.field(['input', field], LISTED[field]);
}

const LISTED = {
  name: 'An organisation with this name is already in the directory',
  charityNumber: 'An organisation with this number is already in the directory',
  companyNumber: 'An organisation with this number is already in the directory',
};

/** A name or number already in the zone's directory is a field error; `hint` says what to do instead. */
async function refuseListed(tx: Tx, zoneId: number, d: ReturnType<typeof cleanDetails>, hint = '') {
  const field = await listedMatch(tx, zoneId, d);
  if (field) throw ValidationError.field(['input', field], LISTED[field] + hint);
}

/** Emails one address that has no account (yet): outbox rows in the caller's transaction. */
async function emailAddress(tx: Tx, toAddress: string, kind: string, data: Record<string, string>) {
  await tx.insert(emailOutbox).values({ toAddress, kind, data: { path: '/', ...data }, messageId: messageId() });
}

const DUPLICATE = 'A request to join with these details is already waiting for a decision';

/** The public "join the directory" form. The caller throttles it per client address first. */
export async function requestToJoin(tx: Tx, input: JoinRequestInput): Promise<{ id: number }> {
  const [zone] = await tx.select({ id: zones.id }).from(zones).where(eq(zones.slug, input.zoneSlug));
  if (!zone) throw ValidationError.field(['input', 'zoneSlug'], 'Choose the partnership to join');
  const details = cleanDetails(input);
  if (!details.charityNumber && !details.companyNumber)
    throw ValidationError.field(['input', 'charityNumber'], 'Enter a charity number or a company number');
  const contactEmail = normaliseEmail(input.contactEmail);
  // Already listed: its staff invite colleagues from their Staff page; a second copy would have no staff.
  await refuseListed(tx, zone.id, details, ': ask its staff to invite you');
  const pending = await tx
    .select({
      charityNumber: organisationRequests.charityNumber,
      companyNumber: organisationRequests.companyNumber,
      contactEmail: organisationRequests.contactEmail,
    })
    .from(organisationRequests)
    .where(and(eq(organisationRequests.zoneId, zone.id), eq(organisationRequests.status, 'PENDING')));
  for (const p of pending) {
    if (details.charityNumber && p.charityNumber === details.charityNumber)
      throw ValidationError.field(['input', 'charityNumber'], DUPLICATE);
    if (details.companyNumber && p.companyNumber === details.companyNumber)
      throw ValidationError.field(['input', 'companyNumber'], DUPLICATE);
    if (p.contactEmail === contactEmail) throw ValidationError.field(['input', 'contactEmail'], DUPLICATE);
  }
  let created: { id: number } | undefined;
  try {
    // A savepoint: a request sent twice at once meets the pending-unique indexes, not a 500.
    [created] = await tx.transaction((sp) =>
      sp
        .insert(organisationRequests)
        .values({ zoneId: zone.id, ...details, contactName: input.contactName.trim(), contactEmail })
        .returning({ id: organisationRequests.id }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw ValidationError.field(['input', 'contactEmail'], DUPLICATE);
    throw error;
  }
  await emailAddress(tx, contactEmail, 'ORGANISATION_REQUEST_RECEIVED', {});
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.zoneId, zone.id), eq(users.role, 'ADMIN'), eq(users.active, true)));
  await enqueueEmails(
    tx,
    admins.map((a) => a.id),
    'ORGANISATION_REQUEST_NEW',
    { path: '/admin/organisations' },
  );
  await audit(tx, {
    zoneId: zone.id,
    actorId: null,
    action: 'REQUEST_TO_JOIN',
    entityType: 'OrganisationRequest',
    entityId: created!.id,
  });
  return created!;
}

/**
 * Approval would create a second copy of an organisation listed since the request, or invite a
 * contact who already has an account (one account belongs to one organisation): refused, so the
 * administrator declines it with a reason instead. Nothing is written.
 */
async function refuseApproval(tx: Tx, zoneId: number, request: typeof organisationRequests.$inferSelect) {
  const field = await listedMatch(tx, zoneId, cleanDetails(request));
  if (field)
    throw ValidationError.field(
      ['input', 'requestId'],
      `${LISTED[field]} (listed since this request was made): decline it, and tell them to ask its staff to invite them`,
    );
  const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.email, request.contactEmail));
  if (account)
    throw ValidationError.field(
      ['input', 'requestId'],
      'The contact already has an account with another organisation or role, so cannot be this one’s first provider: decline it and ask for another contact',
    );
}

/**
 * A decline's reason is emailed word for word, and an administrator may name a child in it: as in
 * unmet-need evidence, the zone's children's names and references become [name] and [reference].
 */
async function emailable(tx: Tx, zoneId: number, reason: string): Promise<string> {
  const [row] = rowsOf(await tx.execute(sql`select ${withoutPersonalData(zoneId, reason, 1000)} as "text"`));
  return String(row?.text ?? '');
}

function requireAdmin(viewer: Viewer) {
  if (viewer.role !== 'ADMIN') throw new ForbiddenError('Only zone administrators can do this');
}

/**
 * Approves (creates the organisation, invites the first contact as its provider user) or declines
 * (with a reason) a pending request of the administrator's zone; the requester is emailed either way.
 */
export async function decideOrganisationRequest(
  tx: Tx,
  admin: Viewer,
  input: { requestId: number; approve: boolean; reason?: string | null },
) {
  requireAdmin(admin);
  const [request] = await tx
    .select()
    .from(organisationRequests)
    .where(and(eq(organisationRequests.id, input.requestId), eq(organisationRequests.zoneId, admin.zoneId)))
    .for('update');
  if (!request) throw new NotFoundError('Organisation request');
  if (request.status !== 'PENDING')
    throw ValidationError.field(['input', 'requestId'], `This request was already ${request.status.toLowerCase()}`);
  const reason = blank(input.reason);
  if (!input.approve && (!reason || reason.length < 5))
    throw ValidationError.field(['input', 'reason'], 'Give the reason for declining, so the requester knows why');
  let organisationId: number | null = null;
  if (input.approve) {
    await refuseApproval(tx, admin.zoneId, request);
    organisationId = await insertOrganisation(tx, admin, { ...request, email: request.contactEmail });
    await inviteUser(tx, admin, {
      name: request.contactName,
      email: request.contactEmail,
      role: 'PROVIDER',
      organisationId,
    });
  }
  const [decided] = await tx
    .update(organisationRequests)
    .set({
      status: input.approve ? 'APPROVED' : 'DECLINED',
      decidedById: admin.id,
      decidedAt: new Date(),
      declineReason: input.approve ? null : reason,
      organisationId,
    })
    .where(and(eq(organisationRequests.id, request.id), eq(organisationRequests.status, 'PENDING')))
    .returning();
  if (!decided) throw ValidationError.field(['input', 'requestId'], 'This request was already decided');
  await emailAddress(
    tx,
    request.contactEmail,
    input.approve ? 'ORGANISATION_REQUEST_APPROVED' : 'ORGANISATION_REQUEST_DECLINED',
    input.approve ? { path: '/sign-in' } : { reason: await emailable(tx, admin.zoneId, reason!) },
  );
  await audit(tx, {
    zoneId: admin.zoneId,
    actorId: admin.id,
    action: input.approve ? 'APPROVE_ORGANISATION_REQUEST' : 'DECLINE_ORGANISATION_REQUEST',
    entityType: 'OrganisationRequest',
    entityId: request.id,
    detail: organisationId ? { organisationId } : undefined,
  });
  return decided;
}

async function insertOrganisation(tx: Tx, admin: Viewer, input: OrganisationDetails): Promise<number> {
  const [org] = await tx
    .insert(organisations)
    .values({ zoneId: admin.zoneId, ...cleanDetails(input), email: blank(input.email)?.toLowerCase() ?? null })
    .returning({ id: organisations.id });
  await audit(tx, {
    zoneId: admin.zoneId,
    actorId: admin.id,
    action: 'CREATE_ORGANISATION',
    entityType: 'Organisation',
    entityId: org!.id,
  });
  return org!.id;
}

/** An administrator adds an organisation to the zone's directory (then invites its staff). */
export async function createOrganisation(tx: Tx, admin: Viewer, input: OrganisationDetails) {
  requireAdmin(admin);
  await refuseListed(tx, admin.zoneId, cleanDetails(input));
  const id = await insertOrganisation(tx, admin, input);
  const [org] = await tx.select().from(organisations).where(eq(organisations.id, id));
  return org!;
}

/** A provider deactivates or reactivates a colleague of their own organisation, never anyone else. */
export async function setColleagueActive(tx: Tx, provider: Viewer, input: { userId: number; active: boolean }) {
  if (provider.role !== 'PROVIDER' || provider.organisationId == null)
    throw new ForbiddenError('Only an organisation’s own staff can manage its staff list');
  if (input.userId === provider.id && !input.active)
    throw ValidationError.field(['input', 'active'], 'You cannot deactivate yourself');
  const colleague = and(
    eq(users.organisationId, provider.organisationId),
    eq(users.role, 'PROVIDER'),
    ne(users.active, input.active),
  );
  const user = await setActive(tx, provider, input.userId, input.active, colleague);
  if (!user) {
    const [same] = await tx
      .select({ id: users.id, name: users.name, email: users.email, active: users.active })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.organisationId, provider.organisationId)));
    if (!same) throw new NotFoundError('Colleague');
    return same;
  }
  return { id: user.id, name: user.name, email: user.email, active: user.active };
}

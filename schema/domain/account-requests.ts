import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { districts, emailOutbox, organisations, schools, users } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { invitationState, issueAccountToken, TOKEN_LIFETIME_MS } from './account-tokens';
import { audit } from './audit';
import { hashPassword } from './auth';
import { ForbiddenError, ValidationError } from './errors';
import { claimFormSubmission, claimSlot, formKey } from './form-throttle';
import { rowsOf } from './rows';
import type { Tx } from './transaction';

// "Forgot your password?" and invitations. Both answer the same whether the address has an
// account or not. A reset request only writes one outbox row (the same work for any address); the
// email worker looks the address up, issues the single-use link and sends it, or skips the row.

const RESET_REQUEST = 'PASSWORD_RESET_REQUEST';
// At most one reset email per account in this window, however often it is asked for.
const RESET_QUIET_MINUTES = 5;
export const RESET_LIMITS = { perConnection: 20, perAddress: 3 };

const messageId = () => `<${randomUUID()}@partnership-portal>`;
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Queues a reset request for the address; identical work whether it has an account or not. A
 * connection asks at most RESET_LIMITS.perConnection times an hour (a school's staff may share one
 * address), and one address is queued at most RESET_LIMITS.perAddress times an hour, so asking for
 * made-up addresses cannot fill the outbox; beyond that the answer is the same and nothing is queued.
 */
export async function requestPasswordReset(tx: Tx, email: string, clientAddress: string, now: Date): Promise<void> {
  const toAddress = normaliseEmail(email);
  await claimFormSubmission(tx, 'reset', clientAddress, now, RESET_LIMITS.perConnection);
  if ((await claimSlot(tx, formKey('reset-to', toAddress), now, RESET_LIMITS.perAddress)) !== null) return;
  await tx.insert(emailOutbox).values({ toAddress, kind: RESET_REQUEST, data: {}, messageId: messageId() });
}

/**
 * For the email worker, before sending a claimed row: a reset request becomes a PASSWORD_RESET
 * email with a fresh single-use link (kept on the row until sent, so a retry sends the same link),
 * or SKIPPED when the address has no active account or was sent a link minutes ago. Returns the
 * row's kind and data to send, or null to send nothing.
 */
export async function prepareAccountEmail(
  db: Db,
  emailId: number,
): Promise<{ kind: string; data: Record<string, string | number> } | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, emailId)).for('update');
    if (row?.status !== 'PENDING') return null;
    if (row.kind !== RESET_REQUEST) return { kind: row.kind, data: row.data };
    const [user] = await tx
      .select({ id: users.id, zoneId: users.zoneId })
      .from(users)
      .where(and(eq(users.email, row.toAddress), eq(users.active, true)));
    const recent =
      user &&
      (await tx.$count(
        emailOutbox,
        and(
          eq(emailOutbox.userId, user.id),
          eq(emailOutbox.kind, 'PASSWORD_RESET'),
          gt(emailOutbox.createdAt, sql`now() - make_interval(mins => ${RESET_QUIET_MINUTES})`),
        ),
      ));
    if (!user || recent) {
      await tx
        .update(emailOutbox)
        .set({ status: 'SKIPPED', lockedUntil: null, lastError: user ? 'a link was sent minutes ago' : 'no account' })
        .where(eq(emailOutbox.id, emailId));
      return null;
    }
    const token = await issueAccountToken(tx, user.id, 'PASSWORD_RESET');
    const data = { path: `/reset-password?token=${token}` };
    await tx
      .update(emailOutbox)
      .set({ kind: 'PASSWORD_RESET', userId: user.id, data, createdAt: sql`now()` })
      .where(eq(emailOutbox.id, emailId));
    await audit(tx, {
      zoneId: user.zoneId,
      actorId: null,
      action: 'PASSWORD_RESET_LINK_SENT',
      entityType: 'User',
      entityId: user.id,
    });
    return { kind: 'PASSWORD_RESET', data };
  });
}

/** Kinds whose data holds a single-use link: emptied once sent, so no usable link stays in the table. */
export const SECRET_KINDS = new Set(['PASSWORD_RESET', 'INVITATION']);
/** SQL: the outbox row is one of SECRET_KINDS (its link must not outlive the email). */
export const isSecretKind = sql`kind in (${sql.join(
  [...SECRET_KINDS].map((k) => sql`${k}`),
  sql`, `,
)})`;

// How long each account email is worth sending, from when it was queued: its link's life. A reset
// request still unsent after an hour (email off, or the relay down) must not be answered days later
// with a fresh working link, and an invitation past 72 hours would carry a dead one.
const USEFUL_SECONDS: Record<string, number> = {
  [RESET_REQUEST]: TOKEN_LIFETIME_MS.PASSWORD_RESET / 1000,
  PASSWORD_RESET: TOKEN_LIFETIME_MS.PASSWORD_RESET / 1000,
  INVITATION: TOKEN_LIFETIME_MS.INVITATION / 1000,
};
export const EXPIRED_EMAIL = 'expired: not sent while its link was valid';

/**
 * Marks FAILED, with its link removed, every account email still unsent past its useful life (not one
 * a worker is sending now). Returns how many. The outbox runs it before each batch; housekeeping too.
 */
export async function expireAccountEmails(db: Db | Tx, now: Date = new Date()): Promise<number> {
  const at = now.toISOString();
  const stale = Object.entries(USEFUL_SECONDS).map(
    ([kind, seconds]) => sql`(kind = ${kind} and "createdAt" < ${at}::timestamptz - make_interval(secs => ${seconds}))`,
  );
  const rows = rowsOf(
    await db.execute(sql`
      update email_outbox set status = 'FAILED', data = '{}'::jsonb, "lockedUntil" = null, "lastError" = ${EXPIRED_EMAIL}
      where status = 'PENDING' and ("lockedUntil" is null or "lockedUntil" < ${at}::timestamptz)
        and (${sql.join(stale, sql` or `)})
      returning id`),
  );
  return rows.length;
}

/** Removes the links of account emails that will never be sent (failed or skipped). Returns how many. */
export async function scrubUnsentLinks(db: Db | Tx): Promise<number> {
  const rows = rowsOf(
    await db.execute(sql`
      update email_outbox set data = '{}'::jsonb
      where status in ('FAILED', 'SKIPPED') and ${isSecretKind} and data <> '{}'::jsonb
      returning id`),
  );
  return rows.length;
}

export type InviteInput = {
  name: string;
  email: string;
  role: Viewer['role'];
  organisationId: number | null;
  /** A district lead's district, a school lead's school: their scope, required for those roles. */
  districtId?: number | null;
  schoolId?: number | null;
};

/** The scope a role needs (a provider's organisation, a lead's district or school), checked in the admin's zone. */
async function scopeOf(tx: Tx, admin: Viewer, input: InviteInput) {
  const scope = {
    organisationId: null as number | null,
    districtId: null as number | null,
    schoolId: null as number | null,
  };
  if (input.role === 'PROVIDER') {
    if (input.organisationId == null)
      throw ValidationError.field(['input', 'organisationId'], 'Choose the provider’s organisation');
    const [org] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, input.organisationId), eq(organisations.zoneId, admin.zoneId)));
    if (!org) throw ValidationError.field(['input', 'organisationId'], 'Choose an organisation in your zone');
    scope.organisationId = org.id;
  }
  if (input.role === 'DISTRICT_LEAD') {
    if (input.districtId == null) throw ValidationError.field(['input', 'districtId'], 'Choose the lead’s district');
    const [district] = await tx
      .select({ id: districts.id })
      .from(districts)
      .where(and(eq(districts.id, input.districtId), eq(districts.zoneId, admin.zoneId)));
    if (!district) throw ValidationError.field(['input', 'districtId'], 'Choose a district in your zone');
    scope.districtId = district.id;
  }
  if (input.role === 'SCHOOL_LEAD') {
    if (input.schoolId == null) throw ValidationError.field(['input', 'schoolId'], 'Choose the lead’s school');
    const [school] = await tx
      .select({ id: schools.id })
      .from(schools)
      .where(and(eq(schools.id, input.schoolId), eq(schools.zoneId, admin.zoneId)));
    if (!school) throw ValidationError.field(['input', 'schoolId'], 'Choose a school in your zone');
    scope.schoolId = school.id;
  }
  return scope;
}

/**
 * An administrator invites someone: a new account without a usable password and a single-use
 * link (72 h) to choose one. If the address already has an account (in any zone) nothing is
 * created and the address is told so by email; the administrator gets the same answer either way.
 */
export async function inviteUser(tx: Tx, admin: Viewer, input: InviteInput): Promise<void> {
  if (admin.role !== 'ADMIN') throw new ForbiddenError('Only zone administrators can invite people');
  await sendInvitation(tx, admin, input, await scopeOf(tx, admin, input));
}

/** A provider invites a colleague: always a provider of the inviter's own organisation. */
export async function inviteColleague(tx: Tx, provider: Viewer, input: { name: string; email: string }) {
  if (provider.role !== 'PROVIDER' || provider.organisationId == null)
    throw new ForbiddenError('Only an organisation’s own staff can invite colleagues');
  const scope = { organisationId: provider.organisationId, districtId: null, schoolId: null };
  // As an administrator's invitation: an address that already has an account is told so, so the
  // provider's "invitation sent" is true. A new address gets an invitation, so this lets a provider
  // email no address it could not already.
  await sendInvitation(tx, provider, { ...input, role: 'PROVIDER', organisationId: scope.organisationId }, scope);
}

/** The account and its single-use link (or a note to an address that already has an account). */
async function sendInvitation(
  tx: Tx,
  admin: Viewer,
  input: InviteInput,
  scope: { organisationId: number | null; districtId: number | null; schoolId: number | null },
): Promise<void> {
  const email = normaliseEmail(input.email);
  // Nobody knows this password: it only fills the column until the link sets one. Hashed for
  // both answers, so they take the same time.
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const [created] = await tx
    .insert(users)
    .values({
      zoneId: admin.zoneId,
      name: input.name.trim(),
      email,
      role: input.role,
      ...scope,
      passwordHash,
    })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  // Asked again for someone invited but not yet in: a fresh link goes (they may have lost the first),
  // unless one went minutes ago (a double click sends one email). Only within the zone: elsewhere, or
  // for an account in use, the address is told it has an account.
  const [existing] = created
    ? []
    : await tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.email, email),
            eq(users.zoneId, admin.zoneId),
            eq(users.active, true),
            // Invited as now (the same role and place): otherwise this is someone else's invitation.
            eq(users.role, input.role),
            scope.organisationId === null
              ? isNull(users.organisationId)
              : eq(users.organisationId, scope.organisationId),
            scope.districtId === null ? isNull(users.districtId) : eq(users.districtId, scope.districtId),
            scope.schoolId === null ? isNull(users.schoolId) : eq(users.schoolId, scope.schoolId),
          ),
        );
  const state = existing ? await invitationState(tx, existing.id) : null;
  const invitee = created?.id ?? (state === 'SEND' ? existing!.id : null);
  if (invitee !== null) {
    const token = await issueAccountToken(tx, invitee, 'INVITATION');
    await tx.insert(emailOutbox).values({
      userId: invitee,
      toAddress: email,
      kind: 'INVITATION',
      data: { path: `/reset-password?token=${token}` },
      messageId: messageId(),
    });
  } else if (state !== 'JUST_SENT') {
    await tx
      .insert(emailOutbox)
      .values({ toAddress: email, kind: 'INVITATION_EXISTING', data: { path: '/sign-in' }, messageId: messageId() });
  }
  await audit(tx, {
    zoneId: admin.zoneId,
    actorId: admin.id,
    action: created ? 'INVITE_USER' : state ? 'INVITE_AGAIN' : 'INVITE_EXISTING_ADDRESS',
    entityType: 'User',
    entityId: created?.id ?? existing?.id ?? admin.id,
    detail: state ? { role: input.role, linkSent: state !== 'JUST_SENT' } : { role: input.role },
  });
}

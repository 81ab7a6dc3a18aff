import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { users, zones } from '../../drizzle/schema';
import { issueAccountToken, weakPasswordReason } from './account-tokens';
import { audit } from './audit';
import { hashPassword } from './auth';
import { ValidationError } from './errors';
import { isOneLine, oneLineMessage } from './one-line';
import { EMAIL_MESSAGE, publishableEmail } from './openreferral/formats';
import { hasHiddenControls } from './text';
import type { Tx } from './transaction';

export const ZONE_SLUG = /^[a-z0-9-]{2,40}$/;

export type NewZone = {
  slug: string;
  name: string;
  period: string;
  adminEmail: string;
  adminName: string;
  /** Without one, a single-use sign-in link is issued instead. */
  adminPassword?: string;
  delegatedLimitPence?: number;
};

/** The UK budget year in force on a date: April to March, e.g. "2026-27". */
export function budgetYear(on: Date): string {
  const start = on.getUTCMonth() >= 3 ? on.getUTCFullYear() : on.getUTCFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Checks a new zone's details without touching the database; throws ValidationError. */
export function checkNewZone(input: NewZone): void {
  const problems: { path: string[]; message: string }[] = [];
  if (!ZONE_SLUG.test(input.slug))
    problems.push({ path: ['slug'], message: 'The slug must be 2 to 40 lower-case letters, digits or hyphens' });
  if (input.name.trim().length < 2 || input.name.length > 120)
    problems.push({ path: ['name'], message: 'The name must be 2 to 120 characters' });
  if (!/^\d{4}-\d{2}$/.test(input.period))
    problems.push({ path: ['period'], message: 'The period looks like 2026-27' });
  if (!publishableEmail(input.adminEmail)) problems.push({ path: ['adminEmail'], message: EMAIL_MESSAGE });
  if (input.adminName.trim().length < 2 || input.adminName.length > 120)
    problems.push({ path: ['adminName'], message: 'The administrator’s name must be 2 to 120 characters' });
  // As every mutation's text (schema/hidden-characters.ts): a right-to-left override in a zone's name
  // would show in every page title, email and feed.
  for (const [key, label] of [
    ['name', 'name'],
    ['adminName', 'administrator’s name'],
  ] as const)
    if (hasHiddenControls(input[key]))
      problems.push({ path: [key], message: `Remove the hidden control characters from the ${label}` });
    else if (!isOneLine(input[key])) problems.push({ path: [key], message: oneLineMessage(label) });
  const weak = input.adminPassword === undefined ? null : weakPasswordReason(input.adminPassword);
  if (weak) problems.push({ path: ['adminPassword'], message: weak });
  if (problems.length) throw new ValidationError(problems.map((p) => p.message).join('; '), problems);
}

/**
 * A zone and its first administrator, in the caller's transaction. Returns the one-time sign-in
 * token when no password was given.
 */
export async function createZoneWithAdmin(
  tx: Tx,
  input: NewZone,
): Promise<{ zoneId: number; adminId: number; signInToken: string | null }> {
  checkNewZone(input);
  const email = input.adminEmail.trim().toLowerCase();
  if ((await tx.select({ id: zones.id }).from(zones).where(eq(zones.slug, input.slug))).length > 0)
    throw ValidationError.field(['slug'], `A zone with the slug "${input.slug}" already exists`);
  if ((await tx.select({ id: users.id }).from(users).where(eq(users.email, email))).length > 0)
    throw ValidationError.field(['adminEmail'], 'Someone already has this email address');
  const [zone] = await tx
    .insert(zones)
    .values({
      slug: input.slug,
      name: input.name.trim(),
      currentPeriod: input.period,
      ...(input.delegatedLimitPence === undefined ? {} : { delegatedLimitPence: input.delegatedLimitPence }),
    })
    .returning({ id: zones.id });
  // Nobody knows a random password: with a link, the hash only fills the column.
  const passwordHash = await hashPassword(input.adminPassword ?? randomBytes(32).toString('base64url'));
  const [admin] = await tx
    .insert(users)
    .values({ zoneId: zone!.id, email, name: input.adminName.trim(), role: 'ADMIN', passwordHash })
    .returning({ id: users.id });
  const signInToken =
    input.adminPassword === undefined ? await issueAccountToken(tx, admin!.id, 'FIRST_SIGN_IN') : null;
  await audit(tx, {
    zoneId: zone!.id,
    actorId: null,
    action: 'CREATE_ZONE',
    entityType: 'Zone',
    entityId: zone!.id,
    detail: { slug: input.slug, adminId: admin!.id, via: 'zone:create' },
  });
  return { zoneId: zone!.id, adminId: admin!.id, signInToken };
}

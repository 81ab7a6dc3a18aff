import { randomUUID } from 'node:crypto';
import { and, eq, inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { accountTokens, emailOutbox, emailPreferences, users } from '../../drizzle/schema';
import TEMPLATES from './email-templates.json';
import { renderOfferEmail } from './local-offer-email';
import type { Tx } from './transaction';

// Commission emails name a reference and link to it; account emails (account: true) carry a
// single-use link to set a password, or to sign in, and say how long it lasts.
type Template = {
  subject: string;
  lead: string;
  account?: boolean;
  linkText?: string;
  after?: string;
  label?: string;
  // What the link names ("Child {reference}") and why the person gets it; commission emails by default.
  linkLabel?: string;
  footer?: string;
  /** Only these roles are offered the choice (all when absent). */
  roles?: string[];
  /** These roles get the kind only once they choose to: no choice recorded means OFF for them. */
  optInRoles?: string[];
  /** The kind whose choice also governs this one ("paused or resumed": a resumed email follows paused). */
  choice?: string;
};

const templates = TEMPLATES as Record<string, Template>;
/** The kind a person's choice is recorded under for emails of `kind`. */
const choiceKind = (kind: string) => templates[kind]?.choice ?? kind;

/** The kinds of email each person chooses how to receive (those with a label), in order. */
export const CHOOSABLE_KINDS = Object.entries(templates)
  .filter(([, t]) => t.label)
  .map(([kind, t]) => ({ kind, label: t.label!, roles: t.roles, optInRoles: t.optInRoles ?? [] }));

export type EmailData = {
  reference?: string;
  path: string;
  lines?: string;
  listing?: string;
  services?: string;
  /** The local offer digest's summary (schema/domain/local-offer-email.ts), as JSON. */
  offer?: string;
  /** Why an organisation's request to join was declined: about the organisation, never a child. */
  reason?: string;
  /** Which of several: fixed wording we write (an outcome measure's point and date), never typed text. */
  detail?: string;
};
export type RenderedEmail = {
  subject: string;
  text: string;
  html: string;
  /** The email settings page, for the List-Unsubscribe header of emails a person chose to get. */
  listUnsubscribe?: string;
};

/** The web app's page where each person turns a kind of email off or into a daily summary. */
const SETTINGS_PATH = '/email-settings';
const SETTINGS_TEXT = 'Choose which emails you get, and how often';

/** Emails a person can turn off or batch: those with a choice on the settings page, and the digest. */
function isChosen(kind: string): boolean {
  const base = kind.split(':')[0]!;
  return base === 'DAILY_DIGEST' || Boolean(templates[choiceKind(base)]?.label);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * An email from its kind and data: fixed wording, a commission reference and a link. Free text
 * typed by people (notes, reasons) never goes into an email: it could name a child.
 */
export function renderEmail(kind: string, data: EmailData, baseUrl: string): RenderedEmail {
  const rendered = renderBody(kind, data, baseUrl);
  if (!isChosen(kind)) return rendered;
  // Every email a person chose to get says where to change that, in the body and in the header
  // mail clients show as "Unsubscribe" (RFC 2369).
  const settings = new URL(SETTINGS_PATH, baseUrl).toString();
  return {
    subject: rendered.subject,
    text: `${rendered.text}\n${SETTINGS_TEXT}: ${settings}`,
    html: rendered.html.replace(
      '</body>',
      () =>
        `<p style="color: #505a5f; font-size: 14px"><a href="${escapeHtml(settings)}">${SETTINGS_TEXT}</a></p>\n</body>`,
    ),
    listUnsubscribe: settings,
  };
}

function renderBody(kind: string, data: EmailData, baseUrl: string): RenderedEmail {
  const template = templates[kind] ?? templates.DEFAULT!;
  const link = new URL(data.path, baseUrl).toString();
  if (template.account) return renderAccountEmail(template, link, data.reason);
  if (kind === 'DAILY_DIGEST') return renderDigest(template, JSON.parse(data.lines ?? '[]'), baseUrl);
  if (data.listing != null) return renderListingEmail(template, data.listing, link);
  if (data.offer != null) return renderOfferEmail(template, JSON.parse(data.offer), link);
  if (data.services != null) return renderShortlistEmail(template, JSON.parse(data.services), link);
  const reference = data.reference ?? '';
  // Replacer functions throughout: a replacement string would read $` $' $& in a name as patterns.
  const subject = template.subject.replace('{reference}', () => reference);
  const linkLabel = (template.linkLabel ?? 'Commission {reference}').replace('{reference}', () => reference);
  const footer =
    template.footer ?? 'You receive this email because you work with this commission in the partnership portal.';
  const detail = data.detail ? [data.detail, ''] : [];
  const text = [
    'Hello,',
    '',
    template.lead,
    '',
    ...detail,
    `${linkLabel}: ${link}`,
    '',
    'Sign in to the partnership portal to see the details.',
    '',
    footer,
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<p>Hello,</p>
<p>${escapeHtml(template.lead)}</p>
${data.detail ? `<p>${escapeHtml(data.detail)}</p>\n` : ''}<p><a href="${escapeHtml(link)}">${escapeHtml(linkLabel)}</a></p>
<p>Sign in to the partnership portal to see the details.</p>
<p style="color: #505a5f; font-size: 14px">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html };
}

function renderAccountEmail(template: Template, link: string, reason?: string): RenderedEmail {
  const because = reason ? [`The reason given: ${reason}`, ''] : [];
  const text = [
    'Hello,',
    '',
    template.lead,
    '',
    ...because,
    `${template.linkText}: ${link}`,
    '',
    template.after ?? '',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<p>Hello,</p>
<p>${escapeHtml(template.lead)}</p>
${reason ? `<p>The reason given: ${escapeHtml(reason)}</p>\n` : ''}<p><a href="${escapeHtml(link)}">${escapeHtml(template.linkText ?? link)}</a></p>
<p style="color: #505a5f; font-size: 14px">${escapeHtml(template.after ?? '')}</p>
</body></html>`;
  return { subject: template.subject, text, html };
}

/** About a listing (its public name and a link), for the provider or the approvers. */
function renderListingEmail(template: Template, listing: string, link: string): RenderedEmail {
  const subject = template.subject.replace('{listing}', () => listing);
  const text = [
    'Hello,',
    '',
    template.lead,
    '',
    `Listing "${listing}": ${link}`,
    '',
    'Sign in to the partnership portal to see the details.',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<p>Hello,</p>
<p>${escapeHtml(template.lead)}</p>
<p><a href="${escapeHtml(link)}">Listing “${escapeHtml(listing)}”</a></p>
<p>Sign in to the partnership portal to see the details.</p>
</body></html>`;
  return { subject, text, html };
}

/** A service's public details as a shortlist email carries them. */
export type ShortlistEntry = {
  name: string;
  organisation: string;
  description: string;
  contact: string[];
  openingTimes: string[];
  howToRefer: string;
  link: string;
};

/** A shortlist for a family: the services' public details only, nothing about any child. */
function renderShortlistEmail(template: Template, listed: ShortlistEntry[], base: string): RenderedEmail {
  // Each service's public page, on the portal's address.
  const entries = listed.map((e) => ({ ...e, link: new URL(e.link, base).toString() }));
  const text = [
    'Hello,',
    '',
    template.lead,
    '',
    ...entries.flatMap((e) => [
      `${e.name} (${e.organisation})`,
      e.description,
      ...e.contact.map((c) => `Contact: ${c}`),
      ...e.openingTimes.map((o) => `Open: ${o}`),
      `How to refer: ${e.howToRefer}`,
      `More: ${e.link}`,
      '',
    ]),
    template.after ?? '',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<p>Hello,</p>
<p>${escapeHtml(template.lead)}</p>
${entries
  .map(
    (e) => `<h2 style="font-size: 19px">${escapeHtml(e.name)}</h2>
<p>${escapeHtml(e.organisation)}</p>
<p>${escapeHtml(e.description)}</p>
<ul>${[
      ...e.contact.map((c) => `Contact: ${c}`),
      ...e.openingTimes.map((o) => `Open: ${o}`),
      `How to refer: ${e.howToRefer}`,
    ]
      .map((l) => `<li>${escapeHtml(l)}</li>`)
      .join('')}</ul>
<p><a href="${escapeHtml(e.link)}">More about ${escapeHtml(e.name)}</a></p>`,
  )
  .join('\n')}
<p style="color: #505a5f; font-size: 14px">${escapeHtml(template.after ?? '')}</p>
</body></html>`;
  return { subject: template.subject, text, html };
}

/** One email for a day's worth: each line a subject (references only) and its link. */
function renderDigest(template: Template, lines: { subject: string; path: string }[], baseUrl: string): RenderedEmail {
  const items = lines.map((l) => ({ subject: l.subject, link: new URL(l.path, baseUrl).toString() }));
  const text = [
    'Hello,',
    '',
    template.lead,
    '',
    ...items.map((i) => `- ${i.subject}: ${i.link}`),
    '',
    'You chose a daily summary for these emails. Change it on your email settings page in the portal.',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<p>Hello,</p>
<p>${escapeHtml(template.lead)}</p>
<ul>${items.map((i) => `<li><a href="${escapeHtml(i.link)}">${escapeHtml(i.subject)}</a></li>`).join('')}</ul>
<p style="color: #505a5f; font-size: 14px">You chose a daily summary for these emails. Change it on your email settings page in the portal.</p>
</body></html>`;
  return { subject: template.subject, text, html };
}

/** Queues one email per active user, in the caller's transaction (the outbox). */
export async function enqueueEmails(tx: Tx, userIds: number[], kind: string, data: EmailData): Promise<void> {
  if (userIds.length === 0) return;
  // Each person's choice for this kind, in the same statement: no row means IMMEDIATE.
  const recipients = (
    await tx
      .select({ id: users.id, email: users.email, role: users.role, delivery: emailPreferences.delivery })
      .from(users)
      .leftJoin(
        emailPreferences,
        and(eq(emailPreferences.userId, users.id), eq(emailPreferences.kind, choiceKind(kind))),
      )
      .where(and(inArray(users.id, userIds), eq(users.active, true), hasJoined))
  ).filter((r) => r.delivery !== 'OFF');
  if (recipients.length === 0) return;
  await tx.insert(emailOutbox).values(
    recipients.map((r) => ({
      status: r.delivery === 'DAILY_DIGEST' ? ('DIGEST' as const) : ('PENDING' as const),
      userId: r.id,
      toAddress: r.email,
      // One kind can mean different things to different roles ("approved": accept it, or it went ahead).
      kind: templates[`${kind}:${r.role}`] ? `${kind}:${r.role}` : kind,
      data,
      messageId: `<${randomUUID()}@partnership-portal>`,
    })),
  );
}

/**
 * Not someone invited who has not yet come in (an invitation, and no link of theirs ever used): until
 * they choose a password, the address may be mistyped, so it gets no one's work news.
 */
const hasJoined = sql`not exists (select 1 from ${accountTokens} where ${accountTokens.userId} = ${users.id}
  and ${accountTokens.purpose} = 'INVITATION' and not exists (select 1 from ${accountTokens} used
  where used."userId" = ${users.id} and used."usedAt" is not null))`;

/**
 * enqueueEmails for the active users of one role matching `who`, as an unexecuted insert ... select
 * (the caller sends it with other writes: one-statement.ts): the same rows, each person's choice read
 * in the same statement.
 */
export function enqueueEmailsTo(tx: Tx, who: { where: SQL; role: string }, kind: string, data: EmailData): SQLWrapper {
  const delivery = emailPreferences.delivery;
  return tx.insert(emailOutbox).select(
    tx
      .select({
        status: sql`(case when ${delivery} = 'DAILY_DIGEST' then 'DIGEST' else 'PENDING' end)::email_status`.as(
          'status',
        ),
        userId: users.id,
        toAddress: users.email,
        kind: sql`${templates[`${kind}:${who.role}`] ? `${kind}:${who.role}` : kind}::text`.as('kind'),
        data: sql`${JSON.stringify(data)}::text::jsonb`.as('data'),
        messageId: sql`'<' || gen_random_uuid() || '@partnership-portal>'`.as('messageId'),
      })
      .from(users)
      .leftJoin(
        emailPreferences,
        and(eq(emailPreferences.userId, users.id), eq(emailPreferences.kind, choiceKind(kind))),
      )
      .where(and(who.where, eq(users.active, true), hasJoined, sql`${delivery} is distinct from 'OFF'`)),
  );
}

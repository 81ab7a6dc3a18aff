import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { emailOutbox, users } from '../../drizzle/schema';
import TEMPLATES from './email-templates.json';
import type { Tx } from './transaction';

// Commission emails name a reference and link to it; account emails (account: true) carry a
// single-use link to set a password, or to sign in, and say how long it lasts.
type Template = { subject: string; lead: string; account?: boolean; linkText?: string; after?: string };
const templates = TEMPLATES as Record<string, Template>;

export type EmailData = { reference?: string; path: string };
export type RenderedEmail = { subject: string; text: string; html: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * An email from its kind and data: fixed wording, a commission reference and a link. Free text
 * typed by people (notes, reasons) never goes into an email: it could name a child.
 */
export function renderEmail(kind: string, data: EmailData, baseUrl: string): RenderedEmail {
  const template = templates[kind] ?? templates.DEFAULT!;
  const link = new URL(data.path, baseUrl).toString();
  if (template.account) return renderAccountEmail(template, link);
  const reference = data.reference ?? '';
  const subject = template.subject.replace('{reference}', reference);
  const text = [
    'Hello,',
    '',
    template.lead,
    '',
    `Commission ${reference}: ${link}`,
    '',
    'Sign in to the partnership portal to see the details.',
    '',
    'You receive this email because you work with this commission in the partnership portal.',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<p>Hello,</p>
<p>${escapeHtml(template.lead)}</p>
<p><a href="${escapeHtml(link)}">Commission ${escapeHtml(reference)}</a></p>
<p>Sign in to the partnership portal to see the details.</p>
<p style="color: #505a5f; font-size: 14px">You receive this email because you work with this commission in the partnership portal.</p>
</body></html>`;
  return { subject, text, html };
}

function renderAccountEmail(template: Template, link: string): RenderedEmail {
  const text = ['Hello,', '', template.lead, '', `${template.linkText}: ${link}`, '', template.after ?? ''].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<p>Hello,</p>
<p>${escapeHtml(template.lead)}</p>
<p><a href="${escapeHtml(link)}">${escapeHtml(template.linkText ?? link)}</a></p>
<p style="color: #505a5f; font-size: 14px">${escapeHtml(template.after ?? '')}</p>
</body></html>`;
  return { subject: template.subject, text, html };
}

/** Queues one email per active user, in the caller's transaction (the outbox). */
export async function enqueueEmails(tx: Tx, userIds: number[], kind: string, data: EmailData): Promise<void> {
  if (userIds.length === 0) return;
  const recipients = await tx
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(and(inArray(users.id, userIds), eq(users.active, true)));
  if (recipients.length === 0) return;
  await tx.insert(emailOutbox).values(
    recipients.map((r) => ({
      userId: r.id,
      toAddress: r.email,
      // One kind can mean different things to different roles ("approved": accept it, or it went ahead).
      kind: templates[`${kind}:${r.role}`] ? `${kind}:${r.role}` : kind,
      data,
      messageId: `<${randomUUID()}@partnership-portal>`,
    })),
  );
}

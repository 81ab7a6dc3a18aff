import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { emailOutbox, users } from '../../drizzle/schema';
import TEMPLATES from './email-templates.json';
import type { Tx } from './transaction';

type Template = { subject: string; lead: string };
const templates = TEMPLATES as Record<string, Template>;

export type EmailData = { reference: string; path: string };
export type RenderedEmail = { subject: string; text: string; html: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * An email from its kind and data: fixed wording, a commission reference and a link. Free text
 * typed by people (notes, reasons) never goes into an email: it could name a child.
 */
export function renderEmail(kind: string, data: EmailData, baseUrl: string): RenderedEmail {
  const template = templates[kind] ?? templates.DEFAULT!;
  const subject = template.subject.replace('{reference}', data.reference);
  const link = new URL(data.path, baseUrl).toString();
  const text = [
    'Hello,',
    '',
    template.lead,
    '',
    `Commission ${data.reference}: ${link}`,
    '',
    'Sign in to the partnership portal to see the details.',
    '',
    'You receive this email because you work with this commission in the partnership portal.',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<p>Hello,</p>
<p>${escapeHtml(template.lead)}</p>
<p><a href="${escapeHtml(link)}">Commission ${escapeHtml(data.reference)}</a></p>
<p>Sign in to the partnership portal to see the details.</p>
<p style="color: #505a5f; font-size: 14px">You receive this email because you work with this commission in the partnership portal.</p>
</body></html>`;
  return { subject, text, html };
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

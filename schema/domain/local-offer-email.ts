// The local-offer email: public directory data only (counts and services' names) and a link to the
// digest page. Never anything about a child.

export type OfferEmailData = {
  place: string;
  since: string | null;
  total: number;
  added: string[];
  changed: string[];
  withdrawn: string[];
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderOfferEmail(
  template: { subject: string; lead: string; linkText?: string; after?: string },
  data: OfferEmailData,
  link: string,
) {
  // A function, not the name itself: a replacement string would read $` $' $& in a place's name as patterns.
  const fill = (s: string) => s.replaceAll('{place}', () => data.place);
  const sections: [string, string[]][] = [
    ['New', data.added],
    ['Changed', data.changed],
    ['Withdrawn', data.withdrawn],
  ];
  const summary = data.since
    ? `${data.total} services serve ${data.place}. Since the last digest (${data.since}): ${data.added.length} new, ${data.changed.length} changed, ${data.withdrawn.length} withdrawn.`
    : `${data.total} services serve ${data.place}. This is the first digest.`;
  const lists = sections.filter(([, names]) => names.length);
  const text = [
    'Hello,',
    '',
    fill(template.lead),
    '',
    summary,
    ...lists.flatMap(([title, names]) => ['', `${title}:`, ...names.map((n) => `- ${n}`)]),
    '',
    `${template.linkText ?? 'The digest'}: ${link}`,
    '',
    template.after ?? '',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<p>Hello,</p>
<p>${escapeHtml(fill(template.lead))}</p>
<p>${escapeHtml(summary)}</p>
${lists.map(([title, names]) => `<h2 style="font-size: 19px">${title}</h2><ul>${names.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`).join('\n')}
<p><a href="${escapeHtml(link)}">${escapeHtml(template.linkText ?? link)}</a></p>
<p style="color: #505a5f; font-size: 14px">${escapeHtml(template.after ?? '')}</p>
</body></html>`;
  return { subject: fill(template.subject), text, html };
}

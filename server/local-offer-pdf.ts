import type { IncomingMessage, ServerResponse } from 'node:http';
import PDFDocument from 'pdfkit';
import type { Db } from '../drizzle/client';
import { buildLocalOffer, canReadOffer, type LocalOffer } from '../schema/domain/local-offer';
import { createContext } from './context';

const text = (res: ServerResponse, status: number, body: string) =>
  void res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);

const day = (d: Date) =>
  d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** The digest as a PDF: one category a page, links printed in full. Public directory data only. */
export function offerPdf(offer: LocalOffer, origin: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Local offer: ${offer.schoolName ?? offer.districtName}`, Author: 'Partnership portal' },
    lang: 'en-GB',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const all = offer.categories.flatMap((c) => c.services);
  doc
    .font('Helvetica-Bold')
    .fontSize(22)
    .text(`Local offer: ${offer.schoolName ?? offer.districtName}`);
  if (offer.schoolName) doc.font('Helvetica').fontSize(12).text(`The services serving ${offer.districtName}`);
  doc.moveDown(0.5).font('Helvetica').fontSize(11);
  doc.text(`Generated ${day(offer.generatedAt)}. ${all.length} services in ${offer.categories.length} categories.`);
  doc.text(
    offer.since
      ? `Since the last digest (${day(offer.since)}): ${all.filter((s) => s.change === 'NEW').length} new, ${all.filter((s) => s.change === 'CHANGED').length} changed, ${offer.withdrawn.length} withdrawn.`
      : 'No digest has been sent before, so nothing is marked as new or changed.',
  );
  doc
    .moveDown()
    .text('To refer a child, a link worker opens the service’s page on the portal (address under each service).');
  for (const [i, category] of offer.categories.entries()) {
    if (i > 0) doc.addPage();
    else doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(16).text(category.name).moveDown(0.3);
    for (const s of category.services) {
      doc
        .font('Helvetica-Bold')
        .fontSize(12)
        .text(s.change ? `${s.name} (${s.change === 'NEW' ? 'new' : 'changed'})` : s.name);
      doc.font('Helvetica').fontSize(10).text(s.organisation);
      doc.text(s.description, { paragraphGap: 2 });
      doc.text(`How to refer: ${s.howToRefer}`);
      if (s.contact.length) doc.text(`Contact: ${s.contact.join(', ')}`);
      doc.text(`On the portal: ${origin}${s.path}`).moveDown(0.6);
    }
  }
  if (offer.withdrawn.length) {
    doc.addPage().font('Helvetica-Bold').fontSize(16).text('Withdrawn since the last digest').moveDown(0.3);
    doc.font('Helvetica').fontSize(11);
    for (const w of offer.withdrawn) doc.text(`${w.name}: no longer offered here`);
  }
  doc.end();
  return done;
}

/**
 * GET /exports/local-offer/<districtId>.pdf[?school=<id>]: anyone signed in who may read the
 * district's offer (commissioners and administrators of the zone, its district lead, a school
 * lead of one of its schools, a link worker with a caseload child there).
 */
export async function exportLocalOffer(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  secureCookies: boolean,
  districtParam: string,
  now: () => Date,
  /** PUBLIC_URL: the address the printed links lead to, whatever Host this request came with. */
  publicUrl?: string,
) {
  const ctx = await createContext(db, req, res, { secureCookies });
  if (!ctx.viewer) return text(res, 401, 'Sign in to download the local offer');
  const districtId = /^[0-9]{1,9}$/.test(districtParam) ? Number(districtParam) : null;
  const schoolParam = new URL(req.url ?? '/', 'http://x').searchParams.get('school');
  if (districtId == null || (schoolParam != null && !/^[0-9]{1,9}$/.test(schoolParam)))
    return text(res, 404, 'No such district');
  if (!(await canReadOffer(db, ctx.viewer, districtId)))
    return text(res, 403, 'You cannot see the local offer of this district');
  // A school lead's digest is their school's; others may ask for any school of the district.
  let schoolId = schoolParam == null ? null : Number(schoolParam);
  if (ctx.viewer.role === 'SCHOOL_LEAD') schoolId = ctx.viewer.schoolId ?? null;
  const offer = await buildLocalOffer(db, { zoneId: ctx.viewer.zoneId, districtId, schoolId, now: now() });
  if (!offer) return text(res, 404, 'No such school in this district');
  const host = String(req.headers.host ?? 'localhost').replace(/[^A-Za-z0-9.:[\]-]/g, '');
  const pdf = await offerPdf(offer, publicUrl?.replace(/\/$/, '') ?? `${secureCookies ? 'https' : 'http'}://${host}`);
  const slug = (offer.schoolName ?? offer.districtName).toLowerCase().replace(/[^a-z0-9]+/g, '-');
  res.writeHead(200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="local-offer-${slug}.pdf"`,
    'Content-Length': pdf.length,
    'Cache-Control': 'no-store',
  });
  res.end(pdf);
}

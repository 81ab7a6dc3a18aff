import { inflateSync } from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categories,
  children,
  districts,
  emailOutbox,
  localOfferDigests,
  organisations,
  schools,
  serviceCategories,
  serviceDistricts,
  services,
  users,
} from '../../drizzle/schema';
import { hashPassword } from '../../schema/domain/auth';
import { sendLocalOfferDigests } from '../../schema/domain/local-offer-send';
import { rowsOf } from '../../schema/domain/rows';
import { deliverDueEmails } from '../../server/jobs/outbox';
import { silentLogger as logger } from '../../server/logger';
import { decoded, startSmtp, transportTo } from '../setup/mail';
import { DEMO_PASSWORD, startServer, type TestServer } from '../setup/server';

// The local offer digest with hand-made data: a new district (Testham) with its own listings. A
// digest is sent on 20 November; then one listing is edited, one archived and one added, so the
// digest on 30 November shows exactly one changed, one withdrawn, one new, and the untouched one
// (and the zone-wide listings) as unchanged.

let s: TestServer;
let zoneId: number;
let testham: number;
let school: number;
let lead: string;
const ids: Record<string, number> = {};
const T0 = new Date('2026-11-20T09:00:00Z');

const OFFER = `query($d: Int!, $s: Int) { localOffer(districtId: $d, schoolId: $s) { districtName schoolName since pdfPath
  categories { name services { name organisation path contact howToRefer change } } withdrawn { name } } }`;

async function addService(name: string, updatedAt: Date) {
  const [org] = await s.db.select().from(organisations).where(eq(organisations.zoneId, zoneId)).limit(1);
  const [row] = await s.db
    .insert(services)
    .values({
      zoneId,
      organisationId: org!.id,
      name,
      description: `${name}: a hand-made listing`,
      status: 'PUBLISHED',
      contactPhone: '020 7946 0000',
      selfReferral: true,
      updatedAt,
    })
    .returning();
  const [category] = await s.db.select().from(categories).limit(1);
  await s.db.insert(serviceCategories).values({ serviceId: row!.id, categoryId: category!.id });
  await s.db.insert(serviceDistricts).values({ serviceId: row!.id, districtId: testham });
  ids[name] = row!.id;
}

const allServices = (offer: { categories: { services: { name: string; change: string | null }[] }[] }) =>
  offer.categories.flatMap((c) => c.services);

beforeAll(async () => {
  s = await startServer();
  zoneId = (await s.db.select({ zoneId: users.zoneId }).from(users).where(eq(users.email, 'admin@demo.test')))[0]!
    .zoneId;
  testham = (await s.db.insert(districts).values({ zoneId, name: 'Testham' }).returning())[0]!.id;
  school = (
    await s.db
      .insert(schools)
      .values({
        zoneId,
        districtId: testham,
        name: 'Testham Primary',
        postcode: 'SE6 4AA',
        latitude: 51.44,
        longitude: -0.02,
      })
      .returning()
  )[0]!.id;
  await s.db.insert(users).values({
    zoneId,
    email: 'lead@testham.test',
    name: 'Testham Lead',
    role: 'DISTRICT_LEAD',
    districtId: testham,
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  lead = await s.signIn('lead@testham.test');
  const before = new Date('2026-11-10T09:00:00Z');
  for (const name of ['Testham kept club', 'Testham edited club', 'Testham closing club'])
    await addService(name, before);
}, 120_000);
afterAll(() => s.close());

describe('new or changed since the last digest', () => {
  it('the first digest marks nothing; it is recorded once per period with each service and its lastModified', async () => {
    const first = await s.gql(OFFER, { d: testham }, lead);
    expect(first.data.localOffer.since).toBeNull();
    expect(allServices(first.data.localOffer).every((x) => x.change === null)).toBe(true);

    const sent = await sendLocalOfferDigests(s.db, { now: T0, zoneId });
    expect(sent.digests).toBeGreaterThanOrEqual(1);
    const [record] = await s.db
      .select()
      .from(localOfferDigests)
      .where(eq(localOfferDigests.scope, `district:${testham}`));
    expect(record!.period).toBe('2026-11');
    expect(
      record!.services
        .filter((x) => x.name.startsWith('Testham'))
        .map((x) => x.name)
        .sort(),
    ).toEqual(['Testham closing club', 'Testham edited club', 'Testham kept club']);
    // A second run in the same month sends nothing more.
    const again = await sendLocalOfferDigests(s.db, { now: new Date('2026-11-25T09:00:00Z'), zoneId });
    expect(again.digests).toBe(0);
  });

  it('an edited listing is changed, an archived one withdrawn, a new one new, the untouched one unchanged', async () => {
    const later = new Date('2026-11-25T09:00:00Z');
    await s.db
      .update(services)
      .set({ description: 'Now on Saturdays too', updatedAt: later })
      .where(eq(services.id, ids['Testham edited club']!));
    await s.db
      .update(services)
      .set({ status: 'ARCHIVED', updatedAt: later })
      .where(eq(services.id, ids['Testham closing club']!));
    await addService('Testham new club', later);

    const res = await s.gql(OFFER, { d: testham }, lead);
    const offer = res.data.localOffer;
    expect(offer.since).toBe(T0.toISOString());
    const change = Object.fromEntries(allServices(offer).map((x) => [x.name, x.change]));
    expect(change['Testham kept club']).toBeNull();
    expect(change['Testham edited club']).toBe('CHANGED');
    expect(change['Testham new club']).toBe('NEW');
    expect(change['Testham closing club']).toBeUndefined();
    expect(offer.withdrawn).toEqual([{ name: 'Testham closing club' }]);
    // Only the three hand-made changes: the zone-wide listings were in the last digest, untouched.
    expect(allServices(offer).filter((x) => x.change !== null)).toHaveLength(2);
    const kept = allServices(offer).find((x) => x.name === 'Testham kept club') as unknown as Record<string, unknown>;
    expect(kept.contact).toEqual(['020 7946 0000']);
    expect(kept.path).toMatch(/^\/services\//);
    expect(kept.howToRefer).toMatch(/Families can get in touch directly/);
  });

  it('a school digest lists its district’s services and compares with the school’s own previous digest', async () => {
    const admin = await s.signIn('admin@demo.test');
    const res = await s.gql(OFFER, { d: testham, s: school }, admin);
    expect(res.data.localOffer.schoolName).toBe('Testham Primary');
    expect(res.data.localOffer.since).toBeNull();
    expect(allServices(res.data.localOffer).map((x) => x.name)).toContain('Testham new club');
  });
});

describe('who may read it', () => {
  const pdf = (district: number, token?: string) =>
    fetch(`${s.url}/exports/local-offer/${district}.pdf`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('commissioners and administrators: any district in their zone; other zones and providers: none', async () => {
    for (const email of ['commissioner@demo.test', 'admin@demo.test']) {
      const token = await s.signIn(email);
      expect((await s.gql(OFFER, { d: testham }, token)).data.localOffer.districtName).toBe('Testham');
      expect((await pdf(testham, token)).status).toBe(200);
    }
    for (const email of ['commissioner@other.test', 'provider@demo.test']) {
      const token = await s.signIn(email);
      expect((await s.gql(OFFER, { d: testham }, token)).data.localOffer).toBeNull();
      expect(
        (await s.gql('{ localOfferDistricts { districtId } }', {}, token)).data.localOfferDistricts.map(
          (d: { districtId: number }) => d.districtId,
        ),
      ).not.toContain(testham);
      expect((await pdf(testham, token)).status).toBe(403);
    }
    expect((await pdf(testham)).status).toBe(401);
    expect((await s.gql(OFFER, { d: testham })).errors?.length).toBeGreaterThan(0);
  });

  it('a district lead: their own district only; a school lead: their school’s district, as their school', async () => {
    const catford = (
      await s.db
        .select()
        .from(districts)
        .where(and(eq(districts.zoneId, zoneId), eq(districts.name, 'Catford')))
    )[0]!.id;
    const districtLead = await s.signIn('districtlead@demo.test');
    expect((await s.gql(OFFER, { d: catford }, districtLead)).data.localOffer.districtName).toBe('Catford');
    expect((await s.gql(OFFER, { d: testham }, districtLead)).data.localOffer).toBeNull();
    expect((await pdf(testham, districtLead)).status).toBe(403);
    const schoolLead = await s.signIn('schoollead@demo.test');
    const mine = await s.gql(OFFER, { d: catford }, schoolLead);
    expect(mine.data.localOffer.schoolName).toBe('Rushey Green Primary School');
    expect((await s.gql(OFFER, { d: testham }, schoolLead)).data.localOffer).toBeNull();
  });

  it('a link worker: the districts of their caseload’s schools', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const expected = rowsOf(
      await s.db.execute(sql`select distinct s."districtId" as id from children c join schools s on s.id = c."schoolId"
        join users u on u.id = c."linkWorkerId" where u.email = 'linkworker@demo.test' and c.status = 'ACTIVE' order by 1`),
    ).map((r) => Number(r.id));
    const listed = (await s.gql('{ localOfferDistricts { districtId } }', {}, token)).data.localOfferDistricts.map(
      (d: { districtId: number }) => d.districtId,
    );
    expect(listed.sort()).toEqual(expected.sort());
    expect(expected).not.toContain(testham);
    expect((await s.gql(OFFER, { d: testham }, token)).data.localOffer).toBeNull();
    expect((await pdf(testham, token)).status).toBe(403);
    expect((await pdf(expected[0]!, token)).status).toBe(200);
  });

  it('bad ids are 404, never 500', async () => {
    const token = await s.signIn('commissioner@demo.test');
    expect((await pdf('x' as unknown as number, token)).status).toBe(404);
    const res = await fetch(`${s.url}/exports/local-offer/${testham}.pdf?school=abc`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
  });
});

/** The text a PDF shows: its content streams inflated, the hex strings of TJ/Tj decoded. */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body: Buffer;
    try {
      body = inflateSync(pdf.subarray(start, end));
    } catch {
      continue;
    }
    const content = body.toString('latin1');
    for (const line of content.matchAll(/\[([^\]]*)\]\s*TJ/g))
      out.push(
        [...line[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''),
      );
  }
  return out.join('\n');
}

describe('the PDF', () => {
  it('is a real PDF (application/pdf, %PDF-) whose text lists the services, changes and withdrawn ones', async () => {
    const res = await fetch(`${s.url}/exports/local-offer/${testham}.pdf`, {
      headers: { authorization: `Bearer ${lead}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('local-offer-testham.pdf');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(body);
    expect(text).toContain('Local offer: Testham');
    expect(text).toContain('Testham kept club');
    expect(text).toContain('Testham edited club (changed)');
    expect(text).toContain('Testham new club (new)');
    expect(text).toContain('Testham closing club: no longer offered here');
    expect(text).toMatch(/On the portal: http:\/\/127\.0\.0\.1:\d+\/services\//);
  });

  it('prints links to PUBLIC_URL when it is set, not to the address the request came in by', async () => {
    const behindProxy = await startServer({ publicUrl: 'https://portal.council.example' });
    try {
      const token = await behindProxy.signIn('commissioner@demo.test');
      const [district] = await behindProxy.db.select({ id: districts.id }).from(districts).limit(1);
      const res = await fetch(`${behindProxy.url}/exports/local-offer/${district!.id}.pdf`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const text = pdfText(Buffer.from(await res.arrayBuffer()));
      expect(text).toMatch(/On the portal: https:\/\/portal\.council\.example\/services\//);
      expect(text).not.toContain('127.0.0.1');
    } finally {
      await behindProxy.close();
    }
  });
});

describe('the scheduled email', () => {
  it('goes through the outbox to the district lead and to link workers who opted in, with public data and a link', async () => {
    // A link worker with a child at Testham Primary: no email until they choose it.
    const [child] = await s.db
      .select({ id: children.id, firstName: children.firstName, lastName: children.lastName })
      .from(children)
      .innerJoin(users, eq(users.id, children.linkWorkerId))
      .where(and(eq(users.email, 'linkworker2@demo.test'), eq(children.status, 'ACTIVE')))
      .limit(1);
    await s.db.update(children).set({ schoolId: school }).where(eq(children.id, child!.id));
    const december = new Date('2026-12-01T09:00:00Z');
    const worker = await s.signIn('linkworker2@demo.test');
    const prefs = await s.gql('{ emailPreferences { kind delivery } }', {}, worker);
    expect(prefs.data.emailPreferences).toContainEqual({ kind: 'LOCAL_OFFER', delivery: 'OFF' });
    const chose = await s.gql(
      `mutation($input: SetEmailPreferencesInput!) { setEmailPreferences(input: $input) { __typename } }`,
      { input: { preferences: [{ kind: 'LOCAL_OFFER', delivery: 'IMMEDIATE' }] } },
      worker,
    );
    expect(chose.data.setEmailPreferences.__typename).toBe('SetEmailPreferencesSuccess');
    expect((await s.gql('{ emailPreferences { kind delivery } }', {}, worker)).data.emailPreferences).toContainEqual({
      kind: 'LOCAL_OFFER',
      delivery: 'IMMEDIATE',
    });

    await s.db.update(emailOutbox).set({ status: 'SENT' }).where(eq(emailOutbox.status, 'PENDING'));
    await sendLocalOfferDigests(s.db, { now: december, zoneId });
    const queued = await s.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.kind, 'LOCAL_OFFER'), eq(emailOutbox.status, 'PENDING')));
    const testhamMail = queued.filter((q) => String(q.data.path) === `/local-offer/${testham}`);
    expect(testhamMail.map((q) => q.toAddress).sort()).toEqual(['lead@testham.test', 'linkworker2@demo.test']);

    const smtp = await startSmtp();
    try {
      const transport = transportTo(smtp.port);
      let sent = 0;
      for (let i = 0; i < 10 && sent < queued.length; i++)
        sent += (
          await deliverDueEmails(s.db, {
            transport,
            from: 'portal@demo.test',
            baseUrl: 'https://portal.example',
            logger,
          })
        ).sent;
      const mail = smtp.inbox.find((m) => m.to === 'lead@testham.test');
      expect(mail).toBeDefined();
      const text = decoded(mail!.raw);
      expect(text).toContain('The local offer for Testham');
      expect(text).toContain('Testham new club');
      expect(text).toContain(`https://portal.example/local-offer/${testham}`);
      for (const name of [child!.firstName, child!.lastName].filter(Boolean)) expect(text).not.toContain(name);
    } finally {
      await smtp.close();
    }
  });

  it('sends nothing when the zone turns it off', async () => {
    await s.db.execute(sql`update zones set "localOfferSchedule" = 'OFF' where id = ${zoneId}`);
    const result = await sendLocalOfferDigests(s.db, { now: new Date('2027-01-05T09:00:00Z'), zoneId });
    expect(result).toEqual({ digests: 0, emails: 0 });
  });
});

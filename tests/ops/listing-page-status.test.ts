import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { children, commissions, fundingPots, services, shortlists, users } from '../../drizzle/schema';
import { SESSION_COOKIE } from '../../server/context';
import { freshDatabase } from '../setup/database';
import { miniWebApp } from '../setup/mini-web';
import { globalId } from '../setup/server';
import { signIn } from './harness';

// A listing's page answers 404 (with the app, which says "Service not found") unless the listing
// exists and the person asking may see it: unknown, draft, withdrawn and archived listings read
// alike to a stranger, so the status never tells that a hidden one exists (audit W-F9a).
describe('a listing page’s status', () => {
  let db: DbHandle;
  let url: string;
  let close: () => Promise<void>;
  const ids: Record<'published' | 'draft' | 'archived', number> = { published: 0, draft: 0, archived: 0 };
  let draftOwner = 0;

  beforeAll(async () => {
    db = await freshDatabase();
    const all = await db.db
      .select({ id: services.id, status: services.status, organisationId: services.organisationId })
      .from(services)
      .orderBy(services.id);
    const [published, draft, archived] = all.filter((s: { status: string }) => s.status === 'PUBLISHED');
    ids.published = published!.id;
    // The provider's own listing made a draft, another listing withdrawn: both hidden from the public.
    ids.draft = draft!.id;
    draftOwner = draft!.organisationId;
    ids.archived = archived!.id;
    await db.db.update(services).set({ status: 'DRAFT' }).where(eq(services.id, ids.draft));
    await db.db.update(services).set({ status: 'ARCHIVED' }).where(eq(services.id, ids.archived));
    const web = await miniWebApp(db.db, [
      '/',
      '/services/:id',
      '/services/:id/commission',
      '/provider/listings/:id/edit',
      '/listings/:id/history',
      '/children/:id',
      '/children/:id/consent',
      '/commissions/:id',
      '/funding/pots/:id',
      '/shortlists/:id',
      '/local-offer/:district',
      '*',
    ]);
    url = web.url;
    close = async () => {
      await web.close();
      await db.close();
    };
  }, 60_000);
  afterAll(() => close());

  const answer = async (p: string, token: string | undefined, method: 'GET' | 'HEAD') => {
    const res = await fetch(`${url}${p}`, { method, headers: token ? { cookie: `${SESSION_COOKIE}=${token}` } : {} });
    return { status: res.status, type: res.headers.get('content-type')?.split(';')[0], body: await res.text() };
  };
  /** [status, content type, whether the app came with it]; a HEAD is checked against the GET. */
  const status = async (p: string, token?: string, method: 'GET' | 'HEAD' = 'GET') => {
    const got = await answer(p, token, 'GET');
    if (method === 'HEAD') {
      // The same status and type as the GET (Node itself sends a HEAD no body).
      const head = await answer(p, token, 'HEAD');
      expect({ status: head.status, type: head.type }, `HEAD ${p}`).toEqual({ status: got.status, type: got.type });
    }
    return [got.status, got.type, got.body.length > 0];
  };
  const page = (id: number, type = 'Service') => `/services/${encodeURIComponent(globalId(type, id))}`;

  it('is 200 for a published listing and 404, still with the app, for an unknown, draft or archived one', async () => {
    expect(await status(page(ids.published))).toEqual([200, 'text/html', true]);
    expect(await status(`${page(ids.published)}/`)).toEqual([200, 'text/html', true]);
    expect(await status(page(ids.published), undefined, 'HEAD')).toEqual([200, 'text/html', true]);
    for (const id of [999_999, ids.draft, ids.archived])
      expect(await status(page(id)), String(id)).toEqual([404, 'text/html', true]);
    expect(await status(page(999_999), undefined, 'HEAD')).toEqual([404, 'text/html', true]);
    // A well-formed id of another kind of record is no listing either.
    expect(await status(page(ids.published, 'Commission'))).toEqual([404, 'text/html', true]);
    // The commission form of a listing follows its listing.
    expect(await status(`${page(ids.published)}/commission`)).toEqual([200, 'text/html', true]);
    expect(await status(`${page(999_999)}/commission`)).toEqual([404, 'text/html', true]);
    expect(await status(`${page(999_999)}/commission`, undefined, 'HEAD')).toEqual([404, 'text/html', true]);
  });

  it('is 200 for a draft to its own provider’s staff and 404 to everyone else signed in', async () => {
    const [owner] = await db.db.query.users.findMany({
      where: { organisationId: draftOwner, role: 'PROVIDER', active: true },
      limit: 1,
    });
    const ownStaff = await signIn(url, owner!.email);
    expect(await status(page(ids.draft), ownStaff)).toEqual([200, 'text/html', true]);
    const linkWorker = await signIn(url, 'linkworker@demo.test');
    expect(await status(page(ids.draft), linkWorker)).toEqual([404, 'text/html', true]);
    expect(await status(page(ids.published), linkWorker)).toEqual([200, 'text/html', true]);
    // The zone's commissioners see what it bought, archived or not (the API's own rule).
    const commissioner = await signIn(url, 'commissioner@demo.test');
    // A school lead sees its school in aggregate, never a child's record.
    const schoolLead = await signIn(url, 'schoollead@demo.test');
    expect(await status(page(ids.archived), commissioner)).toEqual([200, 'text/html', true]);
    expect(await status(page(ids.archived), linkWorker)).toEqual([404, 'text/html', true]);
  });

  it('follows the listing on its provider’s edit and history pages; the edit page is its own staff’s alone', async () => {
    const [published] = await db.db.select().from(services).where(eq(services.id, ids.published));
    const [owner] = await db.db.query.users.findMany({
      where: { organisationId: published!.organisationId, role: 'PROVIDER', active: true },
      limit: 1,
    });
    const [other] = await db.db.query.users.findMany({
      where: { organisationId: { ne: published!.organisationId }, role: 'PROVIDER', active: true },
      limit: 1,
    });
    const editPublished = `/provider/listings/${encodeURIComponent(globalId('Service', ids.published))}/edit`;
    expect(await status(editPublished, await signIn(url, owner!.email))).toEqual([200, 'text/html', true]);
    // Another organisation's published listing has no form for them (it showed one they could never save).
    for (const token of [await signIn(url, other!.email), await signIn(url, 'linkworker@demo.test'), undefined])
      expect(await status(editPublished, token)).toEqual([404, 'text/html', true]);
    for (const id of [999_999, ids.draft]) {
      const edit = `/provider/listings/${encodeURIComponent(globalId('Service', id))}/edit`;
      expect(await status(edit), edit).toEqual([404, 'text/html', true]);
      const history = `/listings/${encodeURIComponent(globalId('Service', id))}/history`;
      expect(await status(history), history).toEqual([404, 'text/html', true]);
    }
    expect(await status(`/listings/${encodeURIComponent(globalId('Service', ids.published))}/history`)).toEqual([
      200,
      'text/html',
      true,
    ]);
  });

  it('is 200 for a record behind sign-in only to who may see it (the API’s node rule), else 404', async () => {
    const path = (route: string, type: string, id: number) =>
      route.replace(':id', encodeURIComponent(globalId(type, id)));
    const [worker] = await db.db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
    const [child] = await db.db.select().from(children).where(eq(children.linkWorkerId, worker!.id)).limit(1);
    const [commission] = await db.db.select().from(commissions).where(eq(commissions.childId, child!.id)).limit(1);
    const [pot] = await db.db.select().from(fundingPots).where(eq(fundingPots.zoneId, worker!.zoneId!)).limit(1);
    const [list] = await db.db
      .insert(shortlists)
      .values({ zoneId: worker!.zoneId!, ownerId: worker!.id, name: 'Page status list' })
      .returning();
    const linkWorker = await signIn(url, 'linkworker@demo.test');
    const commissioner = await signIn(url, 'commissioner@demo.test');
    // A school lead sees its school in aggregate, never a child's record.
    const schoolLead = await signIn(url, 'schoollead@demo.test');
    const pages: [route: string, type: string, id: number, seenBy: string, notBy: string][] = [
      ['/children/:id', 'Child', child!.id, linkWorker, schoolLead],
      ['/children/:id/consent', 'Child', child!.id, linkWorker, schoolLead],
      ['/commissions/:id', 'Commission', commission!.id, commissioner, schoolLead],
      ['/funding/pots/:id', 'FundingPot', pot!.id, commissioner, linkWorker],
      ['/shortlists/:id', 'Shortlist', list!.id, linkWorker, commissioner],
    ];
    for (const [route, type, id, seenBy, notBy] of pages) {
      expect(await status(path(route, type, id), seenBy), route).toEqual([200, 'text/html', true]);
      expect(await status(path(route, type, id), seenBy, 'HEAD'), route).toEqual([200, 'text/html', true]);
      // Unknown, or not this person's to see, or signed out: alike, so the status tells no more than the API.
      expect(await status(path(route, type, 999_999), seenBy), `${route} unknown`).toEqual([404, 'text/html', true]);
      expect(await status(path(route, type, id)), `${route} signed out`).toEqual([404, 'text/html', true]);
      expect(await status(path(route, type, id), notBy), `${route} other`).toEqual([404, 'text/html', true]);
      // A well-formed id of another kind of record is not this page's.
      expect(await status(path(route, 'Service', ids.published), seenBy), `${route} other kind`).toEqual([
        404,
        'text/html',
        true,
      ]);
    }
    expect(await status('/funding/pots/not-an-id', undefined, 'HEAD')).toEqual([404, 'text/html', true]);
  });

  it('leaves the local offer’s district (a plain number, not a record’s global ID) to the app', async () => {
    expect(await status('/local-offer/1')).toEqual([200, 'text/html', true]);
  });
});

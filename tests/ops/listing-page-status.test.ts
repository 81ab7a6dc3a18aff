import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { services } from '../../drizzle/schema';
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
      '/commissions/:id',
      '/funding/pots/:id',
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
    expect(await status(page(ids.archived), commissioner)).toEqual([200, 'text/html', true]);
    expect(await status(page(ids.archived), linkWorker)).toEqual([404, 'text/html', true]);
  });

  it('leaves other pages to the app: a well-formed id of a page behind sign-in is 200', async () => {
    expect(await status(`/commissions/${encodeURIComponent(globalId('Commission', 999_999))}`)).toEqual([
      200,
      'text/html',
      true,
    ]);
    // A funding pot's history is such a page: its id's shape decides, and the app says what it finds.
    const pot = `/funding/pots/${encodeURIComponent(globalId('FundingPot', 999_999))}`;
    expect(await status(pot, undefined, 'HEAD')).toEqual([200, 'text/html', true]);
    expect(await status('/funding/pots/not-an-id', undefined, 'HEAD')).toEqual([404, 'text/html', true]);
  });
});

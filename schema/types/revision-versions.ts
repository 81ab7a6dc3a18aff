import type { Context } from '../context';
import type { Listing, parseListing } from '../domain/listing';
import type { Names } from '../domain/listing-diff';
import { liveListings, namesFor } from '../domain/listing-reads';
import { pendingAgainstLive, withChangesOf } from '../domain/listing-revisions';
import type { RevisionView } from './service-revision';

// The versions a listing's history and the approvals page show: as stored, or for a change still
// waiting, against the listing as live now.

// Stored versions were valid when written; show them even if a rule has changed since.
const parseListingLoose = (v: Record<string, unknown>) => v as unknown as ReturnType<typeof parseListing>;

// A pending change is shown against the listing as live now, as approval applies it (audit 59):
// its stored `before` may be out of date. Read once per revision per request; for a page of them,
// in one read (withLiveListings).
const pendingViews = new WeakMap<RevisionView, ReturnType<typeof pendingAgainstLive>>();

// The category and district names a page of changes shows, read once for the page when first asked.
const pageNames = new WeakMap<RevisionView, () => Promise<Names>>();

export async function withLiveListings(db: Context['db'], views: RevisionView[]): Promise<RevisionView[]> {
  const pending = views.filter((r) => r.status === 'PENDING');
  const lives = await liveListings(db, [...new Set(pending.map((r) => r.serviceId))]);
  const shown: Listing[] = [];
  let names: Promise<Names> | undefined;
  const namesOfPage = () => {
    names ??= namesFor(db, shown);
    return names;
  };
  for (const r of pending) {
    const live = lives.get(r.serviceId)!;
    const next = withChangesOf(live, r);
    shown.push(live, next);
    pendingViews.set(r, Promise.resolve({ live, next }));
    pageNames.set(r, namesOfPage);
  }
  return views;
}

/** The category and district names a version's changes show (a page's, read once). */
export function namesShown(r: RevisionView, ctx: Pick<Context, 'db'>, before: Listing | null, after: Listing) {
  return pageNames.get(r)?.() ?? namesFor(ctx.db, [...(before ? [before] : []), after]);
}

/** A version's before and after: as stored, or for a pending one, live now and what approval would make. */
export async function versionOf(r: RevisionView, ctx: Pick<Context, 'db'>) {
  if (r.status !== 'PENDING')
    return { before: r.before ? parseListingLoose(r.before) : null, after: parseListingLoose(r.after) };
  if (!pendingViews.has(r)) pendingViews.set(r, pendingAgainstLive(ctx.db, r));
  const { live, next } = await pendingViews.get(r)!;
  return { before: live as ReturnType<typeof parseListing> | null, after: next };
}

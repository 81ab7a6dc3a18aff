import { useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';

/**
 * The page a list shows, kept in the URL (`?page=2`, or another parameter when a screen has two
 * lists) so reload, back and a shared link all land on the same page. Zero-based inside the app;
 * a missing, malformed or negative value is the first page.
 */
export function usePage(param = 'page'): [() => number, (page: number) => void] {
  const [params, setParams] = useSearchParams<Record<string, string>>();
  const page = () => {
    const n = Number.parseInt(String(params[param] ?? ''), 10);
    return Number.isFinite(n) && n > 1 ? n - 1 : 0;
  };
  const setPage = (n: number) => {
    setParams({ [param]: n > 0 ? String(n + 1) : undefined });
    window.scrollTo(0, 0);
  };
  return [page, setPage];
}

/** Rows a page of a plain list shows. */
export const PAGE_SIZE = 50;

/** The variables for one page of a `limit`/`offset` list: one row more than shown tells "Next" to appear. */
export const pageVars = (page: number, size = PAGE_SIZE) => ({ limit: size + 1, offset: page * size });

/** The rows of a page read with `pageVars` (without the extra row that only says "there is more"). */
export const pageRows = <T,>(rows: readonly T[], size = PAGE_SIZE): T[] => rows.slice(0, size);

/**
 * GOV.UK pagination (Previous / Next) for a plain list read with `limit` and `offset`: the page asks
 * for one row more than it shows, so "Next" appears only when there is a next page. With `size` and
 * `shown` it says which rows these are ("Showing 101 to 150", "of 230" when the total is known).
 */
export function Pager(p: {
  page: number;
  label: string;
  onPage: (page: number) => void;
  /** What the page read (with `pageVars`: one more than it shows when there is a next page). */
  rows?: readonly unknown[];
  hasNext?: boolean;
  size?: number;
  shown?: number;
  total?: number | null;
}) {
  const size = () => p.size ?? PAGE_SIZE;
  const hasNext = () => p.hasNext ?? (p.rows ? p.rows.length > size() : false);
  const shown = () => p.shown ?? (p.rows ? Math.min(p.rows.length, size()) : 0);
  const from = () => p.page * size() + 1;
  return (
    <Show when={p.page > 0 || hasNext()}>
      <Show when={shown() > 0}>
        <p class="govuk-body govuk-!-margin-bottom-2" data-testid="pager-range">
          Showing {from()} to {from() + shown() - 1}
          <Show when={p.total != null}> of {p.total}</Show> {p.label.toLowerCase()}
        </p>
      </Show>
      <nav class="govuk-pagination govuk-pagination--block" aria-label={`${p.label} pages`}>
        <Show when={p.page > 0}>
          <div class="govuk-pagination__prev">
            <button type="button" class="govuk-link govuk-pagination__link" onClick={() => p.onPage(p.page - 1)}>
              <span class="govuk-pagination__link-title">Previous page</span>
              <span class="govuk-visually-hidden">: {p.label.toLowerCase()}</span>
            </button>
          </div>
        </Show>
        <Show when={hasNext()}>
          <div class="govuk-pagination__next">
            <button type="button" class="govuk-link govuk-pagination__link" onClick={() => p.onPage(p.page + 1)}>
              <span class="govuk-pagination__link-title">Next page</span>
              <span class="govuk-visually-hidden">: {p.label.toLowerCase()}</span>
            </button>
          </div>
        </Show>
      </nav>
    </Show>
  );
}

/**
 * A relay connection's page in the URL: `?after=<cursor>` (next pages) or `?before=<cursor>` (back
 * towards the start), so reload and back land on the same rows. Returns the connection variables.
 * `?at=` remembers the page's first row number (keyset cursors carry no position) for "Showing x to y".
 */
export function useCursorPage(size = PAGE_SIZE) {
  const [params, setParams] = useSearchParams<{ after?: string; before?: string; at?: string }>();
  const vars = () =>
    params.before
      ? { last: size, before: String(params.before), first: null, after: null }
      : { first: size, after: params.after ? String(params.after) : null, last: null, before: null };
  const at = () => {
    const n = Number.parseInt(String(params.at ?? ''), 10);
    return Number.isFinite(n) && n > 1 ? n : null;
  };
  const go = (to: { after?: string; before?: string; at?: number }, scroll = true) => {
    if (!to.after && !to.before && !params.after && !params.before) return;
    setParams({ after: to.after, before: to.before, at: to.at && to.at > 1 ? String(to.at) : undefined });
    if (scroll) window.scrollTo(0, 0);
  };
  return { vars, go, at, size };
}

type PageInfo = {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string | null;
  endCursor?: string | null;
};

/**
 * Previous / Next for a relay connection read with `useCursorPage`. Given `cursor`, `total` and
 * `shown` it also says which rows these are ("Showing 51 to 100 of 230"): exact on the first and
 * last pages, otherwise from the row number the address carries (left out when it has none).
 * Without `cursor` it says only how much of the list the page holds ("Showing 50 of 120 listings").
 */
export function CursorPager(p: {
  pageInfo: PageInfo;
  label: string;
  go: (to: { after?: string; before?: string; at?: number }) => void;
  cursor?: { at: () => number | null; size: number };
  total?: number | null;
  shown?: number;
}) {
  const shown = () => p.shown ?? 0;
  const from = (): number | null => {
    if (!p.pageInfo.hasPreviousPage) return 1;
    if (!p.pageInfo.hasNextPage && p.total != null) return Math.max(1, p.total - shown() + 1);
    return p.cursor?.at() ?? null;
  };
  const next = (cursor: string) => {
    const f = from();
    p.go({ after: cursor, at: f == null ? undefined : f + shown() });
  };
  const previous = (cursor: string) => {
    const f = from();
    p.go({ before: cursor, at: f == null || !p.cursor ? undefined : f - p.cursor.size });
  };
  return (
    <Show when={p.pageInfo.hasPreviousPage || p.pageInfo.hasNextPage}>
      <Show when={p.cursor && shown() > 0 ? from() : null}>
        {(f) => (
          <p class="govuk-body govuk-!-margin-bottom-2" data-testid="pager-range">
            Showing {f()} to {f() + shown() - 1}
            <Show when={p.total != null}> of {p.total}</Show> {p.label.toLowerCase()}
          </p>
        )}
      </Show>
      <Show when={!p.cursor && p.shown && p.total != null}>
        <p class="govuk-body govuk-!-margin-bottom-2" data-testid="pager-range">
          Showing {p.shown} of {p.total} {p.label.toLowerCase()}
        </p>
      </Show>
      <nav class="govuk-pagination govuk-pagination--block" aria-label={`${p.label} pages`}>
        <Show when={p.pageInfo.hasPreviousPage && p.pageInfo.startCursor}>
          {(cursor) => (
            <div class="govuk-pagination__prev">
              <button type="button" class="govuk-link govuk-pagination__link" onClick={() => previous(cursor())}>
                <span class="govuk-pagination__link-title">Previous page</span>
                <span class="govuk-visually-hidden">: {p.label.toLowerCase()}</span>
              </button>
            </div>
          )}
        </Show>
        <Show when={p.pageInfo.hasNextPage && p.pageInfo.endCursor}>
          {(cursor) => (
            <div class="govuk-pagination__next">
              <button type="button" class="govuk-link govuk-pagination__link" onClick={() => next(cursor())}>
                <span class="govuk-pagination__link-title">Next page</span>
                <span class="govuk-visually-hidden">: {p.label.toLowerCase()}</span>
              </button>
            </div>
          )}
        </Show>
      </nav>
    </Show>
  );
}

import { A, useLocation, useNavigate, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { ErrorSummary, type FormError } from '../../components/ErrorSummary';
import { Title } from '../../components/Layout';
import { PostcodeNote } from '../../components/PostcodeNote';
import { ForChild, NoResults } from '../../components/SearchHelp';
import { DAYS, formatPostcode, milesToKm } from '../../lib/format';
import { graphql, type VariablesOf } from '../../lib/graphql';
import { firstPageHref, queryErrorText } from '../../lib/query-errors';
import { COMMISSIONING, useSession } from '../../lib/session';
import { foundText } from './found-text';
import { MODES, SchoolsQuery, SearchFilters } from './SearchFilters';
import { SearchResult } from './SearchResult';
import { ACCESS, listParam, OPEN_AFTER } from './search-url';

const SearchQuery = graphql(`
  query Search($first: Int!, $after: String, $filter: ServiceFilter) {
    services(first: $first, after: $after, filter: $filter) {
      totalCountCapped { count capped }
      pageInfo { hasNextPage endCursor }
      edges { node {
        id name unitPricePence unitName capacity distanceKm stale commissionable decommissionedFrom closedToNewRequests deliveryModes minAge maxAge
        selfReferral contactPhone contacts { phones { number } }
        schedules(includeEnded: false) { days opensAt closesAt description }
        costOptions { amountPence per }
        organisation { name responseRecord { requests enough expired acceptedShare medianWorkingDays windowMonths } } categories { id name }
      } }
    }
  }
`);

type Mode = (typeof MODES)[number];

/** Results drawn with the page, then drawn per later task (see `drawn` below): two at a time keeps
 * each task well under 50 ms on a slow phone (4x CPU), so drawing them adds no blocking time. */
const FIRST_DRAWN = 2;
const DRAWN_STEP = 2;
type Filter = NonNullable<VariablesOf<typeof SearchQuery>['filter']>;

/** The search lives in the URL, so a search can be bookmarked and shared. */
/** The filter's fields, as the server names them, to the boxes on this page. */
const SERVER_FIELDS: Record<string, string> = { nearPostcode: 'postcode', text: 'q', maxUnitPricePence: 'maxPrice' };

export default function SearchPage() {
  const [params, setParams] = useSearchParams<Record<string, string>>();
  const session = useSession();
  const navigate = useNavigate();
  const [schools] = createQuery({ query: SchoolsQuery, pause: () => !session.viewer() });
  const [formErrors, setFormErrors] = createSignal<FormError[]>([]);
  // Whole-number filters in the address are checked before searching: the server's refusal of
  // "?maxPrice=0.5" would name no field (audit W-F7). The address holds the price in pence.
  const addressErrors = createMemo<FormError[]>(() => [
    ...(params.age && !/^\d{1,2}$/.test(params.age)
      ? [{ field: 'age', message: 'The age in the page’s address must be a whole number of years, like 9' }]
      : []),
    ...(params.maxPrice && !/^\d{1,9}$/.test(params.maxPrice)
      ? [
          {
            field: 'maxPrice',
            message: 'The maximum price in the page’s address must be a whole number of pence, like 1250 for £12.50',
          },
        ]
      : []),
  ]);
  // While the form or the address has a mistake, the last search's results are not this search's.
  const blocked = () => formErrors().length > 0 || addressErrors().length > 0;

  const filter = createMemo<Filter>(() => ({
    ...(params.q ? { text: params.q } : {}),
    ...(params.category ? { categorySlugs: [params.category] } : {}),
    ...(params.age ? { age: Number(params.age) } : {}),
    ...(params.modes
      ? { deliveryModes: params.modes.split(',').filter((m): m is Mode => (MODES as readonly string[]).includes(m)) }
      : {}),
    ...(params.free === '1' ? { freeOnly: true } : {}),
    ...(params.maxPrice ? { maxUnitPricePence: Number(params.maxPrice) } : {}),
    // Signed out, a shared link's staff-only filter is left out, as its box is not shown (audit W-F8).
    ...(params.commissionable === '1' && session.viewer() ? { commissionableOnly: true } : {}),
    ...(params.district ? { servesDistrictId: params.district } : {}),
    ...(params.capacity === '1' ? { hasCapacity: true } : {}),
    ...(params.zone && !session.viewer() ? { zoneSlug: params.zone } : {}),
    ...(params.postcode ? { nearPostcode: params.postcode } : params.school ? { nearSchoolId: params.school } : {}),
    ...((params.postcode || params.school) && params.within ? { withinKm: milesToKm(Number(params.within)) } : {}),
    ...(params.days && listParam(params.days, DAYS).length ? { openOn: listParam(params.days, DAYS) } : {}),
    ...(params.openAfter && OPEN_AFTER.includes(params.openAfter) ? { openAfter: params.openAfter } : {}),
    ...(params.lang?.trim() ? { languages: [params.lang.trim()] } : {}),
    ...(params.access && listParam(params.access, ACCESS).length
      ? { accessibility: listParam(params.access, ACCESS) }
      : {}),
  }));
  const variables = createMemo(() => ({ first: 20, after: params.after || null, filter: filter() }));
  const [result, searchAgain] = createQuery({ query: SearchQuery, variables, pause: () => addressErrors().length > 0 });

  const location = useLocation();
  // Back, forward or a link changes the search: the form's last mistakes were about another one.
  createEffect(
    on(
      () => location.search,
      () => setFormErrors([]),
      { defer: true },
    ),
  );
  const [drawn, setDrawn] = createSignal(FIRST_DRAWN);
  // The first results are drawn at once and the rest a few at a time in later tasks, so drawing a
  // page of twenty results never blocks the main thread in one long task (Lighthouse's total blocking
  // time on a phone); results are only ever added below, so nothing on screen moves.
  // Memoised: the list, the effect below and the count all read it; mapped once per answer.
  const nodes = createMemo(() => result.data?.services.edges.map((e) => e.node) ?? []);
  const shown = createMemo(() => nodes().slice(0, drawn()));
  const commissioning = createMemo(() => COMMISSIONING.includes(session.viewer()?.role ?? ''));
  const linkWorker = createMemo(() => session.viewer()?.role === 'LINK_WORKER');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drawMore = () => {
    timer = undefined;
    setDrawn(drawn() + DRAWN_STEP);
  };
  createEffect(() => {
    if (nodes().length > drawn() && !timer) timer = setTimeout(drawMore, 0);
  });
  // A new search (or page) starts again from the first few.
  createEffect(on(variables, () => setDrawn(FIRST_DRAWN), { defer: true }));
  onCleanup(() => clearTimeout(timer));
  // After a search, the count of results takes focus (and so comes into view), once they are in.
  let count: HTMLParagraphElement | undefined;
  const [searched, setSearched] = createSignal(false);
  createEffect(() => {
    if (searched() && result.data && !result.fetching) {
      setSearched(false);
      count?.focus();
    }
  });

  // A postcode the server does not know comes back as a field error on nearPostcode; a search
  // text too long, on text: each is shown at the box that holds it.
  const serverErrors = (): FormError[] =>
    (result.error?.graphQLErrors ?? []).flatMap((e) => {
      const fieldErrors = (e.extensions?.fieldErrors ?? []) as { path: string[]; message: string }[];
      return fieldErrors.length
        ? fieldErrors.map((f) =>
            // A page's cursor that no longer fits the search: the way out is the first page.
            /^(after|before)$/.test(f.path.at(-1) ?? '')
              ? {
                  message: 'This page of results does not fit this search: go to the first page',
                  href: firstPageHref(location.pathname, location.search),
                }
              : { field: SERVER_FIELDS[f.path.at(-1) ?? ''] ?? f.path.at(-1), message: f.message },
          )
        : [{ message: queryErrorText({ message: e.message, graphQLErrors: [e] }) }];
    });
  const errors = () => [...formErrors(), ...addressErrors(), ...(blocked() ? [] : serverErrors())];
  const errorOn = (field: string) => errors().find((e) => e.field === field)?.message;

  return (
    <>
      <Title>{params.q ? `${params.q} – Find services` : 'Find services'}</Title>
      <h1 class="govuk-heading-xl">Find local services</h1>
      <Show when={params.child && session.viewer()?.role === 'LINK_WORKER'}>
        <ForChild childId={params.child!} />
      </Show>
      <ErrorSummary errors={errors()} />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-third">
          <SearchFilters errorOn={errorOn} setFormErrors={setFormErrors} onSearch={() => setSearched(true)} />
        </div>
        <div class="govuk-grid-column-two-thirds">
          <Show
            when={!blocked()}
            fallback={
              <p class="govuk-body" data-testid="search-blocked">
                Correct the search to see its results.
              </p>
            }
          >
            <Show
              when={result.data}
              fallback={
                <Show when={!result.error}>
                  <p class="govuk-body" role="status">
                    Searching…
                  </p>
                  {/* Room for the first results while they load, so nothing below them jumps. */}
                  <ul class="app-results app-results--loading" aria-hidden="true" data-testid="results-placeholder">
                    <For each={[1, 2, 3, 4, 5]}>{() => <li class="app-result app-result--placeholder" />}</For>
                  </ul>
                </Show>
              }
            >
              {(data) => (
                <>
                  <p class="govuk-body" role="status" aria-live="polite" tabindex="-1" ref={count}>
                    {foundText(data().services.totalCountCapped)}
                    {params.postcode
                      ? `, nearest to ${formatPostcode(params.postcode)} first`
                      : params.school
                        ? `, nearest to ${schools.data?.schools.find((sc) => sc.id === params.school)?.name ?? 'the school'} first`
                        : params.q
                          ? ', best match first'
                          : ''}
                  </p>
                  <Show when={params.district}>
                    <p class="govuk-body" data-testid="district-filter">
                      Only services that serve your district (its local offer).{' '}
                      <A class="govuk-link" href="/">
                        Show every service
                      </A>
                    </p>
                  </Show>
                  <Show when={data().services.totalCountCapped.count === 0}>
                    <NoResults />
                    <Show when={session.viewer()?.role === 'LINK_WORKER'}>
                      <p class="govuk-body">
                        <A class="govuk-link" href={recordUnmetNeedHref(params)}>
                          Record that no suitable service was found
                        </A>
                      </p>
                    </Show>
                  </Show>
                  <Show when={params.postcode}>{(p) => <PostcodeNote postcode={p()} />}</Show>
                  <ul class="app-results" aria-busy={result.fetching} data-testid="results">
                    <For each={shown()}>
                      {(node, i) => (
                        <SearchResult
                          node={node}
                          search={location.search}
                          commissioning={commissioning()}
                          linkWorker={linkWorker()}
                          index={i()}
                        />
                      )}
                    </For>
                  </ul>
                  <nav class="govuk-pagination govuk-pagination--block" aria-label="Results pages">
                    <Show when={params.after}>
                      <div class="govuk-pagination__prev">
                        <button
                          type="button"
                          class="govuk-pagination__link app-link-button"
                          onClick={() => {
                            setSearched(true);
                            navigate(-1);
                          }}
                        >
                          <span class="govuk-pagination__link-title">Previous page</span>
                        </button>
                      </div>
                    </Show>
                    <Show when={data().services.pageInfo.hasNextPage}>
                      <div class="govuk-pagination__next">
                        <button
                          type="button"
                          class="govuk-pagination__link app-link-button"
                          onClick={() => {
                            // Another page's results: the count takes focus, so the view is not left
                            // at the bottom of the last page (a phone's whole screen).
                            setSearched(true);
                            setParams({ after: data().services.pageInfo.endCursor ?? undefined });
                          }}
                        >
                          <span class="govuk-pagination__link-title">Next page</span>
                        </button>
                      </div>
                    </Show>
                  </nav>
                </>
              )}
            </Show>
            <Show when={result.error && !serverErrors().some((e) => e.field || e.href)}>
              <p class="govuk-body">We could not search just now. Check your connection and try again.</p>
              {/* The address has not changed, so nothing else would ask again. */}
              <button
                type="button"
                class="govuk-button govuk-button--secondary"
                onClick={() => {
                  setSearched(true);
                  searchAgain({ requestPolicy: 'network-only' });
                }}
              >
                Try again
              </button>
            </Show>
          </Show>
        </div>
      </div>
    </>
  );
}

/** The unmet-need form, carrying the search (its text, category, the postcode's district, the child). */
function recordUnmetNeedHref(p: { q?: string; category?: string; postcode?: string; child?: string }): string {
  const q = new URLSearchParams();
  if (p.q) q.set('q', p.q);
  if (p.category) q.set('category', p.category);
  // The postcode district (SE6) only, as the search log keeps it.
  if (p.postcode)
    q.set(
      'district',
      p.postcode
        .trim()
        .toUpperCase()
        .replace(/\s*\d[A-Z]{2}$/, ''),
    );
  if (p.child) q.set('child', p.child);
  return `/unmet-need/record${q.size ? `?${q}` : ''}`;
}

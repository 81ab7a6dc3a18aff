import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { type Column, DataTable } from '../../components/DataTable';
import { createDateRange, DateRangeInputs } from '../../components/DateRange';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Title } from '../../components/Layout';
import { date } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const UnmetNeedQuery = graphql(`
  query UnmetNeedPage($from: Date, $to: Date) {
    unmetNeedReport(from: $from, to: $to) {
      from to searches noResultSearchCount followedByCommission
      noResultSearches { queryText districtName categorySlug categoryName count }
      unmetNeeds { needTag districtName count triedExamples }
      byDistrict { districtName noResultSearches unmetNeeds }
    }
  }
`);

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const NO_DISTRICT = 'No district known';
/** Sortable columns that show the values they sort by: [key, header, value, numeric?] for the rows given. */
const plainColumns = <R,>(_rows: R[], specs: [string, string, (r: R) => string | number, boolean?][]): Column<R>[] =>
  specs.map(([key, label, value, numeric]) => ({ key, label, numeric, sort: value, cell: value }));

/**
 * The unmet-need report (commissioners and administrators): over a period (default the last three months),
 * the searches that found nothing and the needs recorded with no suitable service, by district and category,
 * drawn as bars per district with the same figures in tables; the CSV follows the period.
 */
export default function UnmetNeedPage() {
  const [params, setParams] = useSearchParams();
  const asked = () => ({ from: one(params.from), to: one(params.to) });
  const [result, refetch] = createQuery({
    query: UnmetNeedQuery,
    variables: () => asked(),
    requestPolicy: 'cache-and-network',
  });
  const range = createDateRange(asked());
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const days = range.check({ from: '1 9 2026', to: '30 11 2026' });
    if (days) setParams(days);
  };
  const csvHref = () => {
    const q = new URLSearchParams(Object.entries(asked()).filter((e): e is [string, string] => Boolean(e[1])));
    return `/exports/unmet-need.csv${q.size ? `?${q}` : ''}`;
  };
  return (
    <>
      <Title>Unmet need</Title>
      <h1 class="govuk-heading-xl">Unmet need</h1>
      <p class="govuk-body">
        Directory searches that found nothing, and the needs link workers recorded with no suitable service. Searches
        are logged without who made them.
      </p>
      <form class="app-period" onSubmit={submit} novalidate>
        <ErrorSummary errors={range.errors()} />
        <DateRangeInputs range={range} hints={{ from: 'For example, 1 9 2026', to: 'For example, 30 11 2026' }} />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Show the report
        </button>
      </form>
      <QueryView result={result} what="the unmet-need report" retry={() => refetch()}>
        {(data) => {
          const r = data.unmetNeedReport;
          const most = Math.max(1, ...r.byDistrict.map((d) => Math.max(d.noResultSearches, d.unmetNeeds)));
          return (
            <>
              <p class="govuk-body" data-testid="unmet-need-period">
                From {date(r.from)} to {date(r.to)}: {r.searches} searches, {r.noResultSearchCount} with no results,{' '}
                {r.followedByCommission} followed by a commission.
              </p>
              <p class="govuk-body">
                <a class="govuk-link" href={csvHref()} download="unmet-need.csv">
                  Download as CSV
                </a>
              </p>
              <Show when={r.byDistrict.length > 0} fallback={<p class="govuk-body">Nothing unmet in this period.</p>}>
                <h2 class="govuk-heading-m">By district</h2>
                <figure class="app-chart" aria-hidden="true">
                  <p class="govuk-body-s govuk-!-margin-bottom-2">
                    <span class="app-legend app-legend--spent" /> searches with no results{' '}
                    <span class="app-legend app-legend--reserved" /> needs with no service
                  </p>
                  <For each={r.byDistrict}>
                    {(d) => (
                      <div class="app-chart__row">
                        <span class="app-chart__label govuk-body-s">
                          {d.districtName ?? NO_DISTRICT}: {d.noResultSearches} and {d.unmetNeeds}
                        </span>
                        <svg
                          class="app-chart__bar"
                          viewBox="0 0 100 10"
                          preserveAspectRatio="none"
                          height={22}
                          role="presentation"
                        >
                          <rect x="0" y="0" height="10" width="100" fill="#f3f2f1" />
                          <rect x="0" y="0" height="5" width={(100 * d.noResultSearches) / most} fill="#1d70b8" />
                          <rect x="0" y="5" height="5" width={(100 * d.unmetNeeds) / most} fill="#f47738" />
                        </svg>
                      </div>
                    )}
                  </For>
                </figure>
                <DataTable
                  id="unmet-by-district"
                  caption="Unmet need by district"
                  rows={r.byDistrict}
                  columns={plainColumns(r.byDistrict, [
                    ['district', 'District', (d) => d.districtName ?? NO_DISTRICT],
                    ['searches', 'Searches with no results', (d) => d.noResultSearches, true],
                    ['needs', 'Needs with no service', (d) => d.unmetNeeds, true],
                  ])}
                />
              </Show>
              <Show when={r.noResultSearches.length > 0}>
                <DataTable
                  id="unmet-searches"
                  caption="Most frequent searches with no results"
                  rows={r.noResultSearches}
                  columns={plainColumns(r.noResultSearches, [
                    ['query', 'Search', (s) => s.queryText || '(filters only)'],
                    ['district', 'District', (s) => s.districtName ?? NO_DISTRICT],
                    ['category', 'Category', (s) => s.categoryName ?? 'Any'],
                    ['count', 'Searches', (s) => s.count, true],
                  ])}
                />
              </Show>
              <Show when={r.unmetNeeds.length > 0}>
                <DataTable
                  id="unmet-needs"
                  caption="Needs recorded with no suitable service"
                  rows={r.unmetNeeds}
                  columns={plainColumns(r.unmetNeeds, [
                    ['need', 'Need', (n) => n.needTag],
                    ['district', 'District', (n) => n.districtName ?? NO_DISTRICT],
                    ['count', 'Times recorded', (n) => n.count, true],
                    ['tried', 'What was tried (latest)', (n) => n.triedExamples.join(' / ')],
                  ])}
                />
              </Show>
            </>
          );
        }}
      </QueryView>
    </>
  );
}

import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createSignal, For, type JSX, Show } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { DateInput, isoDate } from '../../components/DateInput';
import { ErrorSummary, type FormError } from '../../components/ErrorSummary';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
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
const parts = (iso?: string) => {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
};
const NO_DISTRICT = 'No district known';

type Column<R> = { key: string; text: string; value: (r: R) => string | number; numeric?: boolean };

/** A GOV.UK table whose column headers sort it (aria-sort says how). */
function SortableTable<R>(props: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  cell?: (r: R, c: Column<R>) => JSX.Element;
}) {
  const [sort, setSort] = createSignal<{ key: string; dir: 1 | -1 } | null>(null);
  const rows = () => {
    const s = sort();
    const column = s && props.columns.find((c) => c.key === s.key);
    if (!s || !column) return props.rows;
    return [...props.rows].sort((a, b) => {
      const [x, y] = [column.value(a), column.value(b)];
      return s.dir * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
    });
  };
  return (
    <TableBox label={props.caption}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{props.caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <For each={props.columns}>
              {(c) => (
                <th
                  scope="col"
                  class={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}
                  aria-sort={sort()?.key === c.key ? (sort()!.dir === 1 ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    class="app-sort-button"
                    onClick={() =>
                      setSort((s) => ({
                        key: c.key,
                        dir: s?.key === c.key ? (s.dir === 1 ? -1 : 1) : c.numeric ? -1 : 1,
                      }))
                    }
                  >
                    {c.text}
                  </button>
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={rows()}>
            {(r) => (
              <tr class="govuk-table__row">
                <For each={props.columns}>
                  {(c) => (
                    <td class={`govuk-table__cell${c.numeric ? ' govuk-table__cell--numeric' : ''}`}>
                      {props.cell ? props.cell(r, c) : c.value(r)}
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </TableBox>
  );
}

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
  const [from, setFrom] = createSignal(parts(asked().from));
  const [to, setTo] = createSignal(parts(asked().to));
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const errorFor = (field: string) => errors().find((e) => e.field === field)?.message;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    const start = isoDate(from());
    const end = isoDate(to());
    if (!start) found.push({ field: 'from', message: 'Enter a real date for the first day, like 1 9 2026' });
    if (!end) found.push({ field: 'to', message: 'Enter a real date for the last day, like 30 11 2026' });
    if (start && end && start > end) found.push({ field: 'to', message: 'The last day must be on or after the first' });
    setErrors(found);
    if (!found.length) setParams({ from: start, to: end });
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
        <ErrorSummary errors={errors()} />
        <DateInput
          id="from"
          label="First day"
          hint="For example, 1 9 2026"
          value={from()}
          onInput={setFrom}
          error={errorFor('from')}
        />
        <DateInput
          id="to"
          label="Last day"
          hint="For example, 30 11 2026"
          value={to()}
          onInput={setTo}
          error={errorFor('to')}
        />
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
                <SortableTable
                  caption="Unmet need by district"
                  rows={r.byDistrict}
                  columns={[
                    { key: 'district', text: 'District', value: (d) => d.districtName ?? NO_DISTRICT },
                    {
                      key: 'searches',
                      text: 'Searches with no results',
                      value: (d) => d.noResultSearches,
                      numeric: true,
                    },
                    { key: 'needs', text: 'Needs with no service', value: (d) => d.unmetNeeds, numeric: true },
                  ]}
                />
              </Show>
              <Show when={r.noResultSearches.length > 0}>
                <SortableTable
                  caption="Most frequent searches with no results"
                  rows={r.noResultSearches}
                  columns={[
                    { key: 'query', text: 'Search', value: (s) => s.queryText || '(filters only)' },
                    { key: 'district', text: 'District', value: (s) => s.districtName ?? NO_DISTRICT },
                    { key: 'category', text: 'Category', value: (s) => s.categoryName ?? 'Any' },
                    { key: 'count', text: 'Searches', value: (s) => s.count, numeric: true },
                  ]}
                />
              </Show>
              <Show when={r.unmetNeeds.length > 0}>
                <SortableTable
                  caption="Needs recorded with no suitable service"
                  rows={r.unmetNeeds}
                  columns={[
                    { key: 'need', text: 'Need', value: (n) => n.needTag },
                    { key: 'district', text: 'District', value: (n) => n.districtName ?? NO_DISTRICT },
                    { key: 'count', text: 'Times recorded', value: (n) => n.count, numeric: true },
                    { key: 'tried', text: 'What was tried (latest)', value: (n) => n.triedExamples.join(' / ') },
                  ]}
                />
              </Show>
            </>
          );
        }}
      </QueryView>
    </>
  );
}

import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { Num, QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { PAGE_SIZE, Pager, usePage } from '../../components/Pager';
import { TableBox } from '../../components/TableBox';
import { dateTime } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const ImportsQuery = graphql(`
  query ImportSources {
    importSources {
      location lastRunAt lastStatus read created updated unchanged withdrawn skipped
      problemCount noteCount noteTotal
    }
  }
`);
const ProblemsQuery = graphql(`
  query ImportProblems($location: String!, $first: Int!, $offset: Int!, $notes: Boolean!) {
    importSources(location: $location) {
      location
      problems(first: $first, offset: $offset) @skip(if: $notes) { recordId reason }
      notes(first: $first, offset: $offset) @include(if: $notes) { recordId reason }
    }
  }
`);

type Source = {
  location: string;
  skipped: number;
  problemCount: number;
  noteCount: number;
  noteTotal: number;
};

/** How one of a feed's two record lists is named, counted and read; each list described once. */
type ImportList = {
  field: 'problems' | 'notes';
  count: 'problemCount' | 'noteCount';
  /** The URL parameter of the first feed's pager (later feeds add their position: `page2`). */
  param: string;
  heading: string;
  nouns: [one: string, many: string];
  what: string;
  testId: string;
  pagerLabel: string;
  /** How many the run had (only 1,000 are kept), and what they are called ("" for the noun). */
  total: 'skipped' | 'noteTotal';
  totalWhat: string;
};

const LISTS: ImportList[] = [
  {
    field: 'problems',
    count: 'problemCount',
    param: 'page',
    heading: 'Records skipped',
    nouns: ['problem', 'problems'],
    what: 'the skipped records',
    testId: 'import-problems',
    pagerLabel: 'Problems in',
    total: 'skipped',
    totalWhat: ' records skipped',
  },
  {
    field: 'notes',
    count: 'noteCount',
    param: 'notes',
    heading: 'Imported without some parts',
    nouns: ['note', 'notes'],
    what: 'the notes',
    testId: 'import-notes',
    pagerLabel: 'Notes on',
    total: 'noteTotal',
    totalWhat: '',
  },
];

/**
 * One feed's skipped records, or those it took without some parts (a PO box is no venue), a page
 * at a time (a big feed can skip thousands; 1,000 of each are kept).
 */
function ImportProblems(props: { list: ImportList; source: Source; index: number }) {
  const [page, setPage] = usePage(props.index === 0 ? props.list.param : `${props.list.param}${props.index + 1}`);
  const [result, refetch] = createQuery({
    query: ProblemsQuery,
    variables: () => ({
      location: props.source.location,
      first: PAGE_SIZE,
      offset: page() * PAGE_SIZE,
      notes: props.list.field === 'notes',
    }),
  });
  const count = () => props.source[props.list.count];
  const rows = () => result.data?.importSources[0]?.[props.list.field] ?? [];
  const noun = () => props.list.nouns[count() === 1 ? 0 : 1];
  return (
    <>
      <h3 class="govuk-heading-s">{props.list.heading}</h3>
      <p class="govuk-body">
        {count().toLocaleString('en-GB')} {noun()}
        <Show when={props.source[props.list.total] > count()}>
          {' '}
          kept of {props.source[props.list.total].toLocaleString('en-GB')}
          {props.list.totalWhat}, one of each kind of reason first
        </Show>
        .
      </p>
      <QueryView result={result} what={props.list.what} retry={() => refetch()}>
        {() => (
          <>
            <ul class="govuk-list govuk-list--bullet" data-testid={props.list.testId}>
              <For each={rows()}>
                {(p) => (
                  <li>
                    <code>{p.recordId ?? 'no id'}</code>: {p.reason}
                  </li>
                )}
              </For>
            </ul>
            <Pager
              page={page()}
              hasNext={(page() + 1) * PAGE_SIZE < count()}
              shown={rows().length}
              total={count()}
              label={`${props.list.pagerLabel} ${props.source.location}`}
              onPage={setPage}
            />
          </>
        )}
      </QueryView>
    </>
  );
}

/** The Open Referral feeds imported into the zone (npm run import:oruk), with their last run. */
export default function ImportsPage() {
  const [result, refetch] = createQuery({ query: ImportsQuery });
  return (
    <>
      <Title>Imported directories</Title>
      <h1 class="govuk-heading-xl">Imported directories</h1>
      <p class="govuk-body">
        Other directories’ Open Referral feeds loaded into this partnership, and what their last run did. Listings that
        leave a feed are archived, never deleted.
      </p>
      <QueryView result={result} what="the imports" retry={() => refetch()}>
        {(data) => (
          <Show when={data.importSources.length} fallback={<p class="govuk-body">Nothing has been imported yet.</p>}>
            <For each={data.importSources}>
              {(s, i) => (
                <section class="govuk-!-margin-bottom-8">
                  <h2 class="govuk-heading-m">{s.location}</h2>
                  <p class="govuk-body">
                    {s.lastRunAt ? `Last run ${dateTime(s.lastRunAt)}: ${s.lastStatus ?? ''}` : 'Never run'}
                  </p>
                  <TableBox label={`Last run of ${s.location}`}>
                    <table class="govuk-table">
                      <caption class="govuk-table__caption govuk-visually-hidden">Last run of {s.location}</caption>
                      <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                          <For each={['Read', 'Created', 'Updated', 'Unchanged', 'Withdrawn', 'Skipped']}>
                            {(h) => (
                              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                                {h}
                              </th>
                            )}
                          </For>
                        </tr>
                      </thead>
                      <tbody class="govuk-table__body">
                        <tr class="govuk-table__row">
                          <For each={[s.read, s.created, s.updated, s.unchanged, s.withdrawn, s.skipped]}>
                            {(n) => <Num>{n}</Num>}
                          </For>
                        </tr>
                      </tbody>
                    </table>
                  </TableBox>
                  <For each={LISTS}>
                    {(list) => (
                      <Show when={s[list.count] > 0}>
                        <ImportProblems list={list} source={s} index={i()} />
                      </Show>
                    )}
                  </For>
                </section>
              )}
            </For>
          </Show>
        )}
      </QueryView>
    </>
  );
}

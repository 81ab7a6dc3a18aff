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
      problemCount noteCount
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

/**
 * One feed's skipped records, or those it took without some parts (a PO box is no venue), a page
 * at a time (a big feed can skip thousands; 1,000 of each are kept).
 */
function ImportProblems(props: { location: string; count: number; skipped: number; param: string; notes?: boolean }) {
  const [page, setPage] = usePage(props.param);
  const [result, refetch] = createQuery({
    query: ProblemsQuery,
    variables: () => ({
      location: props.location,
      first: PAGE_SIZE,
      offset: page() * PAGE_SIZE,
      notes: props.notes ?? false,
    }),
  });
  const source = () => result.data?.importSources[0];
  const rows = () => (props.notes ? source()?.notes : source()?.problems) ?? [];
  const noun = () => (props.notes ? ['note', 'notes'] : ['problem', 'problems'])[props.count === 1 ? 0 : 1];
  return (
    <>
      <h3 class="govuk-heading-s">{props.notes ? 'Imported without some parts' : 'Records skipped'}</h3>
      <p class="govuk-body">
        {props.count.toLocaleString('en-GB')} {noun()}
        <Show when={!props.notes && props.skipped > props.count}>
          {' '}
          kept: the first {props.count.toLocaleString('en-GB')} of {props.skipped.toLocaleString('en-GB')} records
          skipped
        </Show>
        .
      </p>
      <QueryView result={result} what={props.notes ? 'the notes' : 'the skipped records'} retry={() => refetch()}>
        {() => (
          <>
            <ul class="govuk-list govuk-list--bullet" data-testid={props.notes ? 'import-notes' : 'import-problems'}>
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
              hasNext={(page() + 1) * PAGE_SIZE < props.count}
              shown={rows().length}
              total={props.count}
              label={`${props.notes ? 'Notes on' : 'Problems in'} ${props.location}`}
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
                  <Show when={s.problemCount > 0}>
                    <ImportProblems
                      location={s.location}
                      count={s.problemCount}
                      skipped={s.skipped}
                      param={i() === 0 ? 'page' : `page${i() + 1}`}
                    />
                  </Show>
                  <Show when={s.noteCount > 0}>
                    <ImportProblems
                      notes
                      location={s.location}
                      count={s.noteCount}
                      skipped={s.skipped}
                      param={i() === 0 ? 'notes' : `notes${i() + 1}`}
                    />
                  </Show>
                </section>
              )}
            </For>
          </Show>
        )}
      </QueryView>
    </>
  );
}

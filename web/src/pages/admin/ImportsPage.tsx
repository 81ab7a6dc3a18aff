import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { Num, QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { dateTime } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const ImportsQuery = graphql(`
  query ImportSources {
    importSources {
      location lastRunAt lastStatus read created updated unchanged withdrawn skipped
      problems(first: 100) { recordId reason }
    }
  }
`);

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
              {(s) => (
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
                  <Show when={s.problems.length}>
                    <h3 class="govuk-heading-s">Records skipped</h3>
                    <ul class="govuk-list govuk-list--bullet">
                      <For each={s.problems}>
                        {(p) => (
                          <li>
                            <code>{p.recordId ?? 'no id'}</code>: {p.reason}
                          </li>
                        )}
                      </For>
                    </ul>
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

import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { date, money } from '../lib/format';
import { graphql } from '../lib/graphql';
import { QueryView } from './Bits';
import { SelectField } from './Fields';
import { Pager, pageRows, pageVars, usePage } from './Pager';
import { useSortParam } from './sort-param';
import { TableBox } from './TableBox';

const EndingSoonQuery = graphql(`
  query ContractsEndingSoon($months: Int!, $orderBy: ContractEndingOrder, $descending: Boolean, $limit: Int, $offset: Int) {
    contractsEndingSoon(months: $months, orderBy: $orderBy, descending: $descending, limit: $limit, offset: $offset) {
      id reference endDate places placesUsed uptake valuePence drawnPence service { name } organisation { name }
    }
    contracts(first: 1, filter: { endingWithinMonths: $months }) { totalCount }
  }
`);

type Key = 'REFERENCE' | 'PROVIDER' | 'END_DATE' | 'UPTAKE';
// Value drawn is places used times the price, so its share sorts as places used does.
type Column = Key | 'DRAWN';
const COLUMNS: readonly Column[] = ['REFERENCE', 'PROVIDER', 'END_DATE', 'UPTAKE', 'DRAWN'];

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Commissioners: signed contracts ending within 3 or 6 months, with their uptake; a sortable table. */
export function ContractsEndingSoon() {
  // The months, the order and the page are in the address (?within=6&sort=UPTAKE&dir=desc): reload keeps them.
  const [params, setParams] = useSearchParams<{ within?: string }>();
  const months = () => (params.within === '6' ? '6' : '3');
  const [page, setPage] = usePage();
  const [sort, sortBy] = useSortParam(COLUMNS, 'END_DATE');
  // Sorted and paged on the server: a page of a big zone's list, never all of it sorted here.
  const [result, refetch] = createQuery({
    query: EndingSoonQuery,
    variables: () => ({
      months: Number(months()),
      orderBy: (sort().key === 'DRAWN' ? 'UPTAKE' : sort().key) as Key,
      descending: sort().dir === -1,
      ...pageVars(page()),
    }),
    requestPolicy: 'cache-and-network',
  });
  const rows = () => pageRows(result.data?.contractsEndingSoon ?? []);
  const Header = (h: { key: Column; text: string; numeric?: boolean }) => (
    <th
      scope="col"
      class={`govuk-table__header${h.numeric ? ' govuk-table__header--numeric' : ''}`}
      aria-sort={sort().key === h.key ? (sort().dir === 1 ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" class="app-sort-button" onClick={() => sortBy(h.key)}>
        {h.text}
      </button>
    </th>
  );
  return (
    <div class="app-ending-soon">
      <SelectField
        id="endingSoonMonths"
        label="Ending within"
        value={months()}
        onChange={(m) => setParams({ within: m === '3' ? undefined : m, page: undefined })}
        options={[
          { value: '3', label: '3 months' },
          { value: '6', label: '6 months' },
        ]}
      />
      <QueryView result={result} what="contracts ending soon" retry={() => refetch()}>
        {(data) => (
          <Show
            when={rows().length > 0}
            fallback={<p class="govuk-body">No signed contract ends within {months()} months.</p>}
          >
            <TableBox label="Contracts ending soon">
              <table class="govuk-table" data-testid="ending-soon">
                <caption class="govuk-visually-hidden">
                  Signed contracts ending within {months()} months, with their uptake
                </caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <Header key="REFERENCE" text="Contract" />
                    <Header key="PROVIDER" text="Provider" />
                    <Header key="END_DATE" text="Ends" />
                    <Header key="UPTAKE" text="Places used" numeric />
                    <Header key="DRAWN" text="Value drawn" numeric />
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={rows()}>
                    {(c) => (
                      <tr class="govuk-table__row" data-reference={c.reference}>
                        <th scope="row" class="govuk-table__header">
                          <a class="govuk-link app-reference" href={`/contracts#contract-${c.reference}`}>
                            {c.reference}
                          </a>
                          <span class="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">
                            {c.service.name}
                          </span>
                        </th>
                        <td class="govuk-table__cell">{c.organisation.name}</td>
                        <td class="govuk-table__cell">{date(c.endDate)}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">
                          {c.placesUsed} of {c.places} ({percent(c.uptake)})
                        </td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">
                          {money(c.drawnPence ?? 0)} of {money(c.valuePence ?? 0)}
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
            <Pager
              page={page()}
              rows={data.contractsEndingSoon}
              total={data.contracts.totalCount}
              label="Contracts ending soon"
              onPage={setPage}
            />
          </Show>
        )}
      </QueryView>
    </div>
  );
}

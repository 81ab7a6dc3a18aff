import { createQuery } from '@urql/solid';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { date, money } from '../lib/format';
import { graphql } from '../lib/graphql';
import { QueryView } from './Bits';
import { SelectField } from './Fields';
import { TableBox } from './TableBox';

const EndingSoonQuery = graphql(`
  query ContractsEndingSoon($months: Int!) {
    contracts(first: 100, filter: { endingWithinMonths: $months }) {
      edges { node {
        id reference endDate places placesUsed uptake valuePence drawnPence service { name } organisation { name }
      } }
    }
  }
`);

type Row = {
  reference: string;
  endDate: string;
  places: number;
  placesUsed: number;
  uptake: number;
  valuePence?: number | null;
  drawnPence?: number | null;
  service: { name: string };
  organisation: { name: string };
};
type Key = 'reference' | 'provider' | 'endDate' | 'uptake' | 'drawnPence';

const percent = (share: number) => `${Math.round(share * 100)}%`;
const value: Record<Key, (r: Row) => string | number> = {
  reference: (r) => r.reference,
  provider: (r) => r.organisation.name,
  endDate: (r) => r.endDate,
  uptake: (r) => r.uptake,
  drawnPence: (r) => (r.valuePence ? (r.drawnPence ?? 0) / r.valuePence : 0),
};

/** Commissioners: signed contracts ending within 3 or 6 months, with their uptake; a sortable table. */
export function ContractsEndingSoon() {
  const [months, setMonths] = createSignal('3');
  const [result, refetch] = createQuery({
    query: EndingSoonQuery,
    variables: () => ({ months: Number(months()) }),
    requestPolicy: 'cache-and-network',
  });
  const [sort, setSort] = createSignal<{ key: Key; dir: 1 | -1 }>({ key: 'endDate', dir: 1 });
  const rows = createMemo(() => {
    const { key, dir } = sort();
    const list = (result.data?.contracts.edges ?? []).map((e) => e.node as Row);
    return [...list].sort((a, b) => {
      const [x, y] = [value[key](a), value[key](b)];
      const c = typeof x === 'number' ? x - (y as number) : x.localeCompare(String(y));
      return dir * c || a.reference.localeCompare(b.reference);
    });
  });
  const Header = (h: { key: Key; text: string; numeric?: boolean }) => (
    <th
      scope="col"
      class={`govuk-table__header${h.numeric ? ' govuk-table__header--numeric' : ''}`}
      aria-sort={sort().key === h.key ? (sort().dir === 1 ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        class="app-sort-button"
        onClick={() => setSort((s) => ({ key: h.key, dir: s.key === h.key ? (s.dir === 1 ? -1 : 1) : 1 }))}
      >
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
        onChange={setMonths}
        options={[
          { value: '3', label: '3 months' },
          { value: '6', label: '6 months' },
        ]}
      />
      <QueryView result={result} what="contracts ending soon" retry={() => refetch()}>
        {() => (
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
                    <Header key="reference" text="Contract" />
                    <Header key="provider" text="Provider" />
                    <Header key="endDate" text="Ends" />
                    <Header key="uptake" text="Places used" numeric />
                    <Header key="drawnPence" text="Value drawn" numeric />
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={rows()}>
                    {(c) => (
                      <tr class="govuk-table__row" data-reference={c.reference}>
                        <th scope="row" class="govuk-table__header">
                          <a class="govuk-link" href={`/contracts#contract-${c.reference}`}>
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
          </Show>
        )}
      </QueryView>
    </div>
  );
}

import { createQuery } from '@urql/solid';
import { createEffect, For, on } from 'solid-js';
import { Num, QueryView } from '../../components/Bits';
import { Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { TableBox } from '../../components/TableBox';
import { money } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const SchoolsQuery = graphql(`
  query DistrictSchools($limit: Int, $offset: Int) {
    districtSchoolBudgets(limit: $limit, offset: $offset) {
      schoolId schoolName childrenInProgramme allocatedPence reservedPence spentPence availablePence
    }
  }
`);

const Th = (p: { text: string; numeric?: boolean }) => (
  <th scope="col" class={`govuk-table__header${p.numeric ? ' govuk-table__header--numeric' : ''}`}>
    {p.text}
  </th>
);

/**
 * The district's schools with their children and budgets, added up by the server (exact however
 * many children there are), a page of schools at a time (`?schools=2`). `version` changes after an
 * allocation, to read the figures again.
 */
export function DistrictSchools(p: { version: number }) {
  const [page, setPage] = usePage('schools');
  const [result, refetch] = createQuery({
    query: SchoolsQuery,
    variables: () => pageVars(page()),
    requestPolicy: 'cache-and-network',
  });
  createEffect(
    on(
      () => p.version,
      () => refetch({ requestPolicy: 'network-only' }),
      { defer: true },
    ),
  );
  return (
    <QueryView result={result} what="your district’s schools" retry={() => refetch({ requestPolicy: 'network-only' })}>
      {(data) => (
        <>
          <p class="govuk-body-s" id="school-figures-hint">
            Children: those in the programme now. The money also counts children who completed or left the programme
            this period, for what was reserved or spent on them; the rest of their budget goes back to its pots when the
            period closes, so it is not available.
          </p>
          <TableBox label="Your district’s schools">
            <table class="govuk-table" data-testid="school-figures">
              <caption class="govuk-table__caption govuk-table__caption--m">
                Schools: children and their budgets
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <Th text="School" />
                  <Th text="Children" numeric />
                  <Th text="Allocated" numeric />
                  <Th text="Reserved" numeric />
                  <Th text="Spent" numeric />
                  <Th text="Available" numeric />
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                <For each={pageRows(data.districtSchoolBudgets)}>
                  {(s) => (
                    <tr class="govuk-table__row">
                      <th scope="row" class="govuk-table__header">
                        {s.schoolName}
                      </th>
                      <Num>{s.childrenInProgramme}</Num>
                      <Num>{money(s.allocatedPence)}</Num>
                      <Num>{money(s.reservedPence)}</Num>
                      <Num>{money(s.spentPence)}</Num>
                      <Num>{money(s.availablePence)}</Num>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableBox>
          <Pager page={page()} rows={data.districtSchoolBudgets} label="Schools" onPage={setPage} />
        </>
      )}
    </QueryView>
  );
}

import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { BudgetBar, Num, QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { money } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const CaseloadQuery = graphql(`
  query Caseload {
    viewer {
      id
      caseload(first: 100) {
        totalCount
        edges { node { id reference firstName lastName yearGroup outcomeScheduleState school { name } budget { allocatedPence reservedPence spentPence availablePence } } }
      }
    }
  }
`);

export default function CaseloadPage() {
  const [result, refetch] = createQuery({ query: CaseloadQuery, requestPolicy: 'cache-and-network' });
  return (
    <>
      <Title>Caseload</Title>
      <h1 class="govuk-heading-xl">Your caseload</h1>
      <p class="govuk-body">
        <A href="/add-child" class="govuk-button govuk-button--secondary">
          Add a child
        </A>
      </p>
      <p class="govuk-body">
        <span class="app-legend app-legend--spent" /> spent <span class="app-legend app-legend--reserved" /> reserved{' '}
        <span class="app-legend app-legend--available" /> available
      </p>
      <QueryView result={result} what="your caseload" retry={() => refetch()}>
        {(data) => (
          <TableBox label="Caseload">
            <table class="govuk-table">
              <caption class="govuk-table__caption govuk-table__caption--m">
                {data.viewer?.caseload?.totalCount ?? 0} children
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">
                    Child
                  </th>
                  <th scope="col" class="govuk-table__header">
                    School
                  </th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                    Allocated
                  </th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                    Reserved
                  </th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                    Spent
                  </th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                    Available
                  </th>
                  <th scope="col" class="govuk-table__header">
                    Budget
                  </th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                <For each={(data.viewer?.caseload?.edges ?? []).map((e) => e.node)}>
                  {(node) => (
                    <tr class="govuk-table__row">
                      <th scope="row" class="govuk-table__header">
                        <A href={`/children/${encodeURIComponent(node.id)}`} class="govuk-link">
                          {node.firstName} {node.lastName}
                        </A>
                        <br />
                        <span class="govuk-body-s">
                          {node.reference} · Year {node.yearGroup}
                        </span>
                        <Show when={node.outcomeScheduleState !== 'UP_TO_DATE' && node.outcomeScheduleState}>
                          {(state) => (
                            <>
                              <br />
                              <strong
                                class={`govuk-tag ${state() === 'OVERDUE' ? 'govuk-tag--red' : 'govuk-tag--yellow'}`}
                              >
                                Outcome measure {state() === 'OVERDUE' ? 'overdue' : 'due'}
                              </strong>
                            </>
                          )}
                        </Show>
                      </th>
                      <td class="govuk-table__cell">{node.school.name}</td>
                      <Num>{money(node.budget?.allocatedPence ?? 0)}</Num>
                      <Num>{money(node.budget?.reservedPence ?? 0)}</Num>
                      <Num>{money(node.budget?.spentPence ?? 0)}</Num>
                      <Num>
                        <strong>{money(node.budget?.availablePence ?? 0)}</strong>
                      </Num>
                      <td class="govuk-table__cell">{node.budget && <BudgetBar budget={node.budget} />}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableBox>
        )}
      </QueryView>
    </>
  );
}

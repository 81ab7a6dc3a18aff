import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { BackLink, Num, QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { TableBox } from '../../components/TableBox';
import { dateTime, money } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';

const PAGE = 25;

const PotHistoryQuery = graphql(`
  query FundingPotHistory($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) {
      ... on FundingPot {
        id name totalPence
        totalChanges(first: $first, after: $after, last: $last, before: $before) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { node { direction amountPence reason at changedBy } }
        }
      }
    }
  }
`);

/** One pot's total and every rise and fall of it (the ledger's FUND and DEFUND entries), newest first. */
export default function FundingPotHistoryPage() {
  const id = useRouteId();
  const cursor = useCursorPage(PAGE);
  const [result, refetch] = createQuery({
    query: PotHistoryQuery,
    variables: () => ({ id: id() ?? '', ...cursor.vars() }),
    requestPolicy: 'cache-and-network',
  });
  return (
    <>
      <BackLink href="/funding">Funding</BackLink>
      <QueryView result={result} what="the pot’s history" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.node?.__typename === 'FundingPot' ? data.node : null}
            fallback={
              <>
                <Title>Funding pot not found</Title>
                <h1 class="govuk-heading-l">Funding pot not found</h1>
                <p class="govuk-body">It may not exist, or it is not one you can see.</p>
              </>
            }
          >
            {(pot) => {
              const changes = () => pot().totalChanges;
              const rows = () => changes()?.edges.map((e) => e.node) ?? [];
              return (
                <>
                  <Title>{`History of ${pot().name}`}</Title>
                  <span class="govuk-caption-l">Funding pot history</span>
                  <h1 class="govuk-heading-xl">{pot().name}</h1>
                  <p class="govuk-body-l" data-testid="pot-total">
                    Total now: <strong>{money(pot().totalPence)}</strong>
                  </p>
                  <Show when={rows().length} fallback={<p class="govuk-body">No changes to its total recorded.</p>}>
                    <TableBox label="Changes to the total">
                      <table class="govuk-table" data-testid="pot-history">
                        <caption class="govuk-table__caption govuk-table__caption--m">
                          Changes to the total of {pot().name}, newest first
                        </caption>
                        <thead class="govuk-table__head">
                          <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                              Date
                            </th>
                            <th scope="col" class="govuk-table__header">
                              Change
                            </th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                              Amount
                            </th>
                            <th scope="col" class="govuk-table__header">
                              Reason
                            </th>
                            <th scope="col" class="govuk-table__header">
                              By
                            </th>
                          </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                          <For each={rows()}>
                            {(c) => (
                              <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{dateTime(c.at)}</td>
                                <td class="govuk-table__cell">{c.direction === 'RAISED' ? 'Raised' : 'Lowered'}</td>
                                <Num>{money(c.amountPence)}</Num>
                                <td class="govuk-table__cell">{c.reason}</td>
                                <td class="govuk-table__cell">{c.changedBy ?? 'The portal'}</td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </TableBox>
                  </Show>
                  <Show when={changes()}>
                    {(c) => (
                      <CursorPager
                        pageInfo={c().pageInfo}
                        label="Changes"
                        go={cursor.go}
                        cursor={cursor}
                        total={c().totalCount}
                        shown={rows().length}
                      />
                    )}
                  </Show>
                </>
              );
            }}
          </Show>
        )}
      </QueryView>
    </>
  );
}

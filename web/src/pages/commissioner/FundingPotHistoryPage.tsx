import { createQuery } from '@urql/solid';
import { Show } from 'solid-js';
import { BackLink, QueryView } from '../../components/Bits';
import { type Column, DataTable } from '../../components/DataTable';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { dateTime, money } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';

const PAGE = 25;

type Change = { direction: string; amountPence: number; reason: string; at: string; changedBy: string | null };
// Newest first as the server pages them: no column re-sorts one page of the history.
const COLUMNS: Column<Change>[] = [
  { key: 'at', label: 'Date', cell: (c) => dateTime(c.at) },
  { key: 'direction', label: 'Change', cell: (c) => (c.direction === 'RAISED' ? 'Raised' : 'Lowered') },
  { key: 'amount', label: 'Amount', numeric: true, cell: (c) => money(c.amountPence) },
  { key: 'reason', label: 'Reason', cell: (c) => c.reason },
  { key: 'by', label: 'By', cell: (c) => c.changedBy ?? 'The portal' },
];

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
                  <DataTable
                    id="pot-history"
                    caption={`Changes to the total of ${pot().name}, newest first`}
                    columns={COLUMNS}
                    rows={rows()}
                    empty="No changes to its total recorded."
                  />
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

import { createQuery } from '@urql/solid';
import { Show } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { ContractTable } from '../../components/ContractTable';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { graphql } from '../../lib/graphql';

const ProviderContractsQuery = graphql(`
  query ProviderContracts($first: Int, $after: String, $last: Int, $before: String) {
    contracts(first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node {
        id reference status places placesUsed placesLeft pricePerPlacePence startDate endDate endedOn
        service { name } organisation { name }
      } }
    }
  }
`);

/** A provider's signed and ended block contracts, read only, with the places used and left. */
export default function ProviderContractsPage() {
  const cursor = useCursorPage();
  const [result, refetch] = createQuery({
    query: ProviderContractsQuery,
    variables: cursor.vars,
    requestPolicy: 'cache-and-network',
  });
  return (
    <>
      <Title>Your contracts</Title>
      <h1 class="govuk-heading-xl">Your contracts</h1>
      <p class="govuk-body">
        Block contracts the partnership has signed with you. Commissions under them use up places.
      </p>
      <QueryView result={result} what="contracts" retry={() => refetch()}>
        {(data) => (
          <Show when={data.contracts.edges.length > 0} fallback={<p class="govuk-body">You have no contracts yet.</p>}>
            <ContractTable
              caption="Your block contracts, soonest ending first"
              contracts={data.contracts.edges.map((e) => e.node)}
            />
            <CursorPager pageInfo={data.contracts.pageInfo} label="Contracts" go={cursor.go} />
          </Show>
        )}
      </QueryView>
    </>
  );
}

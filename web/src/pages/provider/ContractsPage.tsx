import { createQuery } from '@urql/solid';
import { Show } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { ContractTable } from '../../components/ContractTable';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';

const ProviderContractsQuery = graphql(`
  query ProviderContracts {
    contracts(first: 100) {
      edges { node {
        id reference status places placesUsed placesLeft pricePerPlacePence startDate endDate endedOn
        service { name } organisation { name }
      } }
    }
  }
`);

/** A provider's signed and ended block contracts, read only, with the places used and left. */
export default function ProviderContractsPage() {
  const [result, refetch] = createQuery({ query: ProviderContractsQuery, requestPolicy: 'cache-and-network' });
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
          </Show>
        )}
      </QueryView>
    </>
  );
}

import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';

const ShortlistsQuery = graphql(`
  query MyShortlists { shortlists { id name forChild services { id } } }
`);

/** A link worker's shortlists: their children's (private) and named lists for families. */
export default function ShortlistsPage() {
  const [result, refetch] = createQuery({ query: ShortlistsQuery, requestPolicy: 'cache-and-network' });
  return (
    <>
      <Title>Shortlists</Title>
      <h1 class="govuk-heading-xl">Shortlists</h1>
      <p class="govuk-body">
        Save services from search results or a listing’s page. A child’s list is seen only by their link worker; a named
        list can be printed or emailed to a family.
      </p>
      <QueryView result={result} what="your shortlists" retry={() => refetch()}>
        {(data) => (
          <Show when={data.shortlists.length} fallback={<p class="govuk-body">You have no shortlists yet.</p>}>
            <ul class="govuk-list govuk-list--spaced">
              <For each={data.shortlists}>
                {(l) => (
                  <li>
                    <A href={`/shortlists/${encodeURIComponent(l.id)}`} class="govuk-link">
                      {l.name}
                    </A>{' '}
                    ({l.services.length} {l.services.length === 1 ? 'service' : 'services'}
                    {l.forChild ? ', private' : ', to share'})
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </QueryView>
    </>
  );
}

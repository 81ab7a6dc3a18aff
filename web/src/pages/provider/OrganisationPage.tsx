import { createQuery } from '@urql/solid';
import { Show } from 'solid-js';
import { QueryView, SummaryList } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { label } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const OrganisationQuery = graphql(`
  query MyOrganisation {
    viewer { id organisation { id name kind description charityNumber companyNumber email phone website services(first: 100) { totalCount } } }
  }
`);

export default function OrganisationPage() {
  const [result, refetch] = createQuery({ query: OrganisationQuery });
  return (
    <QueryView result={result} what="your organisation" retry={() => refetch()}>
      {(data) => (
        <Show
          when={data.viewer?.organisation}
          fallback={<p class="govuk-body">You are not linked to an organisation.</p>}
        >
          {(org) => (
            <>
              <Title>{org().name}</Title>
              <span class="govuk-caption-l">Your organisation</span>
              <h1 class="govuk-heading-xl">{org().name}</h1>
              <p class="govuk-body-l">{org().description}</p>
              <SummaryList
                rows={[
                  { key: 'Kind', value: label(org().kind) },
                  { key: 'Charity number', value: org().charityNumber ?? 'None' },
                  { key: 'Company number', value: org().companyNumber ?? 'None' },
                  { key: 'Email', value: org().email ?? '' },
                  { key: 'Phone', value: org().phone ?? '' },
                  { key: 'Website', value: org().website ?? '' },
                  { key: 'Listings', value: `${org().services.totalCount}` },
                ]}
              />
              <p class="govuk-body">To change these details, contact your zone administrator.</p>
            </>
          )}
        </Show>
      )}
    </QueryView>
  );
}

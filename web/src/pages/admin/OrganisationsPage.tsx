import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView, SummaryList } from '../../components/Bits';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { TextArea, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { OrganisationFields, organisationInput, organisationStore } from '../../components/OrganisationFields';
import { Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { graphql } from '../../lib/graphql';

const Requests = graphql(`
  query OrganisationRequests($limit: Int, $offset: Int, $requestsLimit: Int, $requestsOffset: Int) {
    organisationRequests(status: PENDING, limit: $requestsLimit, offset: $requestsOffset) {
      id name kind description charityNumber companyNumber website phone contactName contactEmail createdAt
    }
    organisations(limit: $limit, offset: $offset) { id name }
  }
`);
const Decide = graphql(`
  mutation DecideOrganisationRequest($input: DecideOrganisationRequestInput!) {
    decideOrganisationRequest(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);
const Create = graphql(`
  mutation CreateOrganisation($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

/** Requests a page (each shows its details and a decision form). */
const REQUESTS = 10;

/** Administrators: requests to join the directory, and adding an organisation directly. */
export default function OrganisationsPage() {
  // Two lists, two page positions in the URL: ?requests=2 for the requests, ?page=2 for organisations.
  const [requestsPage, setRequestsPage] = usePage('requests');
  const [page, setPage] = usePage();
  const [result, refetch] = createQuery({
    query: Requests,
    variables: () => {
      const requests = pageVars(requestsPage(), REQUESTS);
      return { ...pageVars(page()), requestsLimit: requests.limit, requestsOffset: requests.offset };
    },
    requestPolicy: 'cache-and-network',
  });
  const [, decide] = createMutation(Decide);
  const [, create] = createMutation(Create);
  const [details, setDetails] = organisationStore();
  const [email, setEmail] = createSignal('');
  const [reasons, setReasons] = createSignal<Record<string, string>>({});
  const [errors, setErrors, message, setMessage] = createFeedback();
  const done = (m: string) => {
    setMessage(m);
    refetch({ requestPolicy: 'network-only' });
  };

  const decideOne = async (id: string, name: string, approve: boolean) => {
    const r = (await decide({ input: { requestId: id, approve, reason: reasons()[id] || undefined } })).data
      ?.decideOrganisationRequest;
    settleResult(
      r,
      setErrors,
      () => done(approve ? `${name} approved. Its contact has been invited by email.` : `${name}’s request declined.`),
      { reason: `reason-${id}` },
    );
  };

  return (
    <>
      <Title>Organisations</Title>
      <h1 class="govuk-heading-xl">Organisations</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <QueryView result={result} what="organisation requests" retry={() => refetch()}>
        {(data) => (
          <>
            <h2 class="govuk-heading-l">Requests to join</h2>
            <Show
              when={data.organisationRequests.length > 0 || requestsPage() > 0}
              fallback={<p class="govuk-body">No requests wait.</p>}
            >
              <For each={pageRows(data.organisationRequests, REQUESTS)}>
                {(r) => (
                  <section class="govuk-!-margin-bottom-8" aria-labelledby={`request-${r.id}`}>
                    <h3 class="govuk-heading-m" id={`request-${r.id}`}>
                      {r.name}
                    </h3>
                    <SummaryList
                      rows={[
                        { key: 'Charity number', value: <>{r.charityNumber ?? 'None given'}</> },
                        { key: 'Company number', value: <>{r.companyNumber ?? 'None given'}</> },
                        { key: 'Website', value: <>{r.website ?? 'None given'}</> },
                        { key: 'About', value: <>{r.description || 'None given'}</> },
                        { key: 'Contact', value: <>{`${r.contactName}, ${r.contactEmail}`}</> },
                        { key: 'Received', value: <>{new Date(r.createdAt).toLocaleDateString('en-GB')}</> },
                      ]}
                    />
                    <button
                      type="button"
                      class="govuk-button govuk-!-margin-right-2"
                      onClick={() => decideOne(r.id, r.name, true)}
                    >
                      Approve and invite {r.contactName}
                    </button>
                    <TextArea
                      id={`reason-${r.id}`}
                      label={`Reason for declining ${r.name}`}
                      hint="Emailed to the contact"
                      rows={2}
                      value={reasons()[r.id] ?? ''}
                      onInput={(v) => setReasons({ ...reasons(), [r.id]: v })}
                      error={errorFor(errors(), `reason-${r.id}`)}
                    />
                    <button
                      type="button"
                      class="govuk-button govuk-button--warning"
                      onClick={() => decideOne(r.id, r.name, false)}
                    >
                      Decline {r.name}
                    </button>
                  </section>
                )}
              </For>
              <Pager
                page={requestsPage()}
                rows={data.organisationRequests}
                size={REQUESTS}
                label="Requests"
                onPage={setRequestsPage}
              />
            </Show>
            <h2 class="govuk-heading-l">Add an organisation</h2>
            <p class="govuk-body">
              Then invite its staff from the <a href="/admin/users">users page</a>.
            </p>
            <form
              novalidate
              onSubmit={async (e) => {
                e.preventDefault();
                const name = details.name;
                const input = { ...organisationInput(details), email: email() || undefined };
                const r = (await create({ input })).data?.createOrganisation;
                settleResult(r, setErrors, () => done(`${name} added to the directory.`));
              }}
            >
              <OrganisationFields details={details} set={setDetails} errors={errors()} />
              <TextField
                id="email"
                label="Organisation email (optional)"
                type="email"
                value={email()}
                onInput={setEmail}
                error={errorFor(errors(), 'email')}
              />
              <button type="submit" class="govuk-button govuk-button--secondary">
                Add organisation
              </button>
            </form>
            <h2 class="govuk-heading-l">In the directory</h2>
            <ul class="govuk-list govuk-list--bullet">
              <For each={pageRows(data.organisations)}>{(o) => <li>{o.name}</li>}</For>
            </ul>
            <Pager page={page()} rows={data.organisations} label="Organisations" onPage={setPage} />
          </>
        )}
      </QueryView>
    </>
  );
}

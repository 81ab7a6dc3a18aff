import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { Banner, QueryView, Tag } from '../../components/Bits';
import { DataTable } from '../../components/DataTable';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { graphql } from '../../lib/graphql';

const Staff = graphql(`
  query OrganisationStaff($limit: Int, $offset: Int) {
    viewer { id }
    organisationStaff(limit: $limit, offset: $offset) { id name email active }
  }
`);
const Invite = graphql(`
  mutation InviteColleague($input: InviteColleagueInput!) {
    inviteColleague(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);
const SetActive = graphql(`
  mutation SetColleagueActive($input: SetColleagueActiveInput!) {
    setColleagueActive(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

/** Providers: their organisation's own staff list; invite and deactivate colleagues. */
export default function StaffPage() {
  const [page, setPage] = usePage();
  const [result, refetch] = createQuery({
    query: Staff,
    variables: () => pageVars(page()),
    requestPolicy: 'cache-and-network',
  });
  const [, invite] = createMutation(Invite);
  const [, setActive] = createMutation(SetActive);
  const [name, setName] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [errors, setErrors, message, setMessage] = createFeedback();
  const done = (m: string) => {
    setMessage(m);
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <>
      <Title>Staff</Title>
      <h1 class="govuk-heading-xl">Staff</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <QueryView result={result} what="staff" retry={() => refetch()}>
        {(data) => (
          <>
            <DataTable
              id="staff"
              caption="Your organisation’s staff"
              rows={pageRows(data.organisationStaff)}
              sortBy={{ key: 'name', direction: 'ascending' }}
              columns={[
                { key: 'name', label: 'Name', sort: (u) => u.name, cell: (u) => u.name, rowHeader: true },
                { key: 'email', label: 'Email', sort: (u) => u.email ?? '', cell: (u) => u.email },
                {
                  key: 'status',
                  label: 'Status',
                  sort: (u) => (u.active ? 0 : 1),
                  cell: (u) => (
                    <Tag status={u.active ? 'ACTIVE' : 'INACTIVE'} text={u.active ? 'Active' : 'Deactivated'} />
                  ),
                },
                {
                  key: 'action',
                  label: 'Action',
                  cell: (u) => (
                    <Show when={u.id !== data.viewer?.id}>
                      <button
                        type="button"
                        class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                        onClick={async () => {
                          const r = (await setActive({ input: { userId: u.id, active: !u.active } })).data
                            ?.setColleagueActive;
                          settleResult(r, setErrors, () =>
                            done(`${u.name} ${u.active ? 'deactivated' : 'reactivated'}.`),
                          );
                        }}
                      >
                        {u.active ? 'Deactivate' : 'Reactivate'}
                        <span class="govuk-visually-hidden"> {u.name}</span>
                      </button>
                    </Show>
                  ),
                },
              ]}
            />
            <Pager page={page()} rows={data.organisationStaff} label="Staff" onPage={setPage} />
            <h2 class="govuk-heading-l">Invite a colleague</h2>
            <form
              novalidate
              onSubmit={async (e) => {
                e.preventDefault();
                const r = (await invite({ input: { name: name(), email: email().trim() } })).data?.inviteColleague;
                settleResult(r, setErrors, () => {
                  done(`We have emailed ${email().trim()} a link to choose their password.`);
                  setName('');
                  setEmail('');
                });
              }}
            >
              <TextField
                id="name"
                label="Full name"
                value={name()}
                onInput={setName}
                error={errorFor(errors(), 'name')}
              />
              <TextField
                id="email"
                label="Email address"
                type="email"
                value={email()}
                onInput={setEmail}
                error={errorFor(errors(), 'email')}
              />
              <button type="submit" class="govuk-button">
                Send invitation
              </button>
            </form>
          </>
        )}
      </QueryView>
    </>
  );
}

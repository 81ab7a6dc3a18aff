import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { Banner, QueryView, Tag } from '../../components/Bits';
import { ConfirmButton } from '../../components/Confirm';
import { DataTable } from '../../components/DataTable';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { OrganisationPicker } from '../../components/OrganisationPicker';
import { Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { label } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const UsersQuery = graphql(`
  query Users($limit: Int, $offset: Int) {
    users(limit: $limit, offset: $offset) { id name email role active organisation { name } }
    districts { id name schools { id name } }
  }
`);
const InviteUser = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      __typename ... on InviteUserSuccess { email } ... on Error { message } ... on ValidationError { fieldErrors { path message } }
    }
  }
`);
const SetActive = graphql(
  `mutation SetActive($input: SetUserActiveInput!) { setUserActive(input: $input) { __typename ... on Error { message } } }`,
);

const ROLES = ['LINK_WORKER', 'PROVIDER', 'COMMISSIONER', 'ADMIN', 'DISTRICT_LEAD', 'SCHOOL_LEAD'] as const;

export default function UsersPage() {
  const session = useSession();
  const [page, setPage] = usePage();
  const [result, refetch] = createQuery({
    query: UsersQuery,
    variables: () => pageVars(page()),
    requestPolicy: 'cache-and-network',
  });
  const [, inviteUser] = createMutation(InviteUser);
  const [, setActive] = createMutation(SetActive);
  const [name, setName] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [role, setRole] = createSignal<string>('LINK_WORKER');
  const [organisationId, setOrganisationId] = createSignal('');
  const [districtId, setDistrictId] = createSignal('');
  const [schoolId, setSchoolId] = createSignal('');
  const [errors, setErrors, message, setMessage] = createFeedback();

  const submit = async (e: Event) => {
    e.preventDefault();
    const res = (
      await inviteUser({
        input: {
          name: name(),
          email: email().trim(),
          role: role() as (typeof ROLES)[number],
          organisationId: role() === 'PROVIDER' ? organisationId() || null : null,
          districtId: role() === 'DISTRICT_LEAD' ? districtId() || null : null,
          schoolId: role() === 'SCHOOL_LEAD' ? schoolId() || null : null,
        },
      })
    ).data?.inviteUser;
    settleResult(res, setErrors, () => {
      // The same words whether or not the address already had an account (it is told so by email).
      setMessage(
        `We have emailed ${res?.__typename === 'InviteUserSuccess' ? res.email : email()} a link to choose a password. It works once and expires in 72 hours.`,
      );
      setName('');
      setEmail('');
      refetch({ requestPolicy: 'network-only' });
    });
  };

  return (
    <>
      <Title>Users</Title>
      <h1 class="govuk-heading-xl">Users</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <QueryView result={result} what="users" retry={() => refetch()}>
        {(data) => (
          <>
            <DataTable
              id="people"
              caption={`People in ${session.viewer()?.zone.name ?? 'your zone'}`}
              rows={pageRows(data.users)}
              filter={{
                label: 'Filter by name, email, role or organisation',
                text: (u) => `${u.name} ${u.email} ${label(u.role)} ${u.organisation?.name ?? ''}`,
              }}
              columns={[
                { key: 'name', label: 'Name', sort: (u) => u.name, cell: (u) => u.name, rowHeader: true },
                { key: 'email', label: 'Email', sort: (u) => u.email ?? '', cell: (u) => u.email },
                {
                  key: 'role',
                  label: 'Role',
                  sort: (u) => `${label(u.role)} ${u.organisation?.name ?? ''}`,
                  cell: (u) => `${label(u.role)}${u.organisation ? `, ${u.organisation.name}` : ''}`,
                },
                {
                  key: 'status',
                  label: 'Status',
                  sort: (u) => (u.active ? 0 : 1),
                  cell: (u) => (
                    <Tag status={u.active ? 'PUBLISHED' : 'ARCHIVED'} text={u.active ? 'Active' : 'Deactivated'} />
                  ),
                },
                {
                  key: 'action',
                  label: 'Action',
                  cell: (u) => (
                    <Show when={u.id !== session.viewer()?.id}>
                      <Show
                        when={u.active}
                        fallback={
                          <button
                            type="button"
                            class="app-link-button"
                            onClick={async () => {
                              const r = await setActive({ input: { userId: u.id, active: true } });
                              if (r.data?.setUserActive.__typename.endsWith('Success'))
                                setMessage(`${u.name} can sign in again.`);
                              refetch({ requestPolicy: 'network-only' });
                            }}
                          >
                            Reactivate<span class="govuk-visually-hidden"> {u.name}</span>
                          </button>
                        }
                      >
                        <ConfirmButton
                          look="link"
                          label={
                            <>
                              Deactivate<span class="govuk-visually-hidden"> {u.name}</span>
                            </>
                          }
                          confirm="Yes, deactivate"
                          warning={`${u.name} will be signed out and cannot sign in until reactivated.`}
                          onConfirm={async () => {
                            const r = await setActive({ input: { userId: u.id, active: false } });
                            const done = r.data?.setUserActive;
                            if (done?.__typename.endsWith('Success'))
                              setMessage(`${u.name} is deactivated and signed out.`);
                            else
                              setErrors([
                                {
                                  message: `${done && 'message' in done ? done.message : 'Try again'}. Move their caseload on the Caseloads page first.`,
                                },
                              ]);
                            refetch({ requestPolicy: 'network-only' });
                          }}
                        />
                      </Show>
                    </Show>
                  ),
                },
              ]}
            />
            <Pager page={page()} rows={data.users} label="People" onPage={setPage} />
            <h2 class="govuk-heading-l">Invite a person</h2>
            <p class="govuk-body">They get an email with a link to choose their own password.</p>
            <ErrorSummary errors={errors()} />
            <form onSubmit={submit} novalidate>
              <TextField id="name" label="Name" value={name()} onInput={setName} error={errorFor(errors(), 'name')} />
              <TextField
                id="email"
                label="Email address"
                type="email"
                value={email()}
                onInput={setEmail}
                error={errorFor(errors(), 'email')}
              />
              <SelectField
                id="role"
                label="Role"
                value={role()}
                onChange={setRole}
                options={ROLES.map((r) => ({ value: r, label: label(r) }))}
              />
              <Show when={role() === 'PROVIDER'}>
                <OrganisationPicker
                  id="organisationId"
                  label="Organisation"
                  what="organisations"
                  blank="Choose an organisation"
                  value={organisationId()}
                  onChange={setOrganisationId}
                  error={errorFor(errors(), 'organisationId')}
                />
              </Show>
              <Show when={role() === 'DISTRICT_LEAD'}>
                <SelectField
                  id="districtId"
                  label="District they lead"
                  value={districtId()}
                  onChange={setDistrictId}
                  error={errorFor(errors(), 'districtId')}
                  options={[
                    { value: '', label: 'Choose a district' },
                    ...data.districts.map((d) => ({ value: d.id, label: d.name })),
                  ]}
                />
              </Show>
              <Show when={role() === 'SCHOOL_LEAD'}>
                <SelectField
                  id="schoolId"
                  label="School they lead"
                  value={schoolId()}
                  onChange={setSchoolId}
                  error={errorFor(errors(), 'schoolId')}
                  options={[
                    { value: '', label: 'Choose a school' },
                    ...data.districts.flatMap((d) =>
                      d.schools.map((sc) => ({ value: sc.id, label: `${sc.name} (${d.name})` })),
                    ),
                  ]}
                />
              </Show>
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

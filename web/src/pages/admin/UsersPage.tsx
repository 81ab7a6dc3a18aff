import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView, Tag } from '../../components/Bits';
import { ConfirmButton } from '../../components/Confirm';
import { ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { label } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const UsersQuery = graphql(`
  query Users { users { id name email role active organisation { name } } organisations { id name } }
`);
const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);
const SetActive = graphql(
  `mutation SetActive($input: SetUserActiveInput!) { setUserActive(input: $input) { __typename ... on Error { message } } }`,
);

const ROLES = ['LINK_WORKER', 'PROVIDER', 'COMMISSIONER', 'ADMIN'] as const;

export default function UsersPage() {
  const session = useSession();
  const [result, refetch] = createQuery({ query: UsersQuery, requestPolicy: 'cache-and-network' });
  const [, createUser] = createMutation(CreateUser);
  const [, setActive] = createMutation(SetActive);
  const [name, setName] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [role, setRole] = createSignal<string>('LINK_WORKER');
  const [organisationId, setOrganisationId] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [message, setMessage] = createSignal('');

  const submit = async (e: Event) => {
    e.preventDefault();
    const res = (
      await createUser({
        input: {
          name: name(),
          email: email(),
          role: role() as (typeof ROLES)[number],
          organisationId: role() === 'PROVIDER' ? organisationId() || null : null,
          initialPassword: password(),
        },
      })
    ).data?.createUser;
    settleResult(
      res,
      setErrors,
      () => {
        setMessage(`${name()} can now sign in with the password you gave them.`);
        setName('');
        setEmail('');
        setPassword('');
        refetch({ requestPolicy: 'network-only' });
      },
      { initialPassword: 'password' },
    );
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
            <TableBox label="People">
              <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--m">
                  People in {session.viewer()?.zone.name}
                </caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      Name
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Email
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Role
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Status
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Action
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={data.users}>
                    {(u) => (
                      <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">
                          {u.name}
                        </th>
                        <td class="govuk-table__cell">{u.email}</td>
                        <td class="govuk-table__cell">
                          {label(u.role)}
                          {u.organisation ? `, ${u.organisation.name}` : ''}
                        </td>
                        <td class="govuk-table__cell">
                          <Tag
                            status={u.active ? 'PUBLISHED' : 'ARCHIVED'}
                            text={u.active ? 'Active' : 'Deactivated'}
                          />
                        </td>
                        <td class="govuk-table__cell">
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
                                  if (r.data?.setUserActive.__typename.endsWith('Success'))
                                    setMessage(`${u.name} is deactivated and signed out.`);
                                  refetch({ requestPolicy: 'network-only' });
                                }}
                              />
                            </Show>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
            <h2 class="govuk-heading-l">Add a person</h2>
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
                <SelectField
                  id="organisationId"
                  label="Organisation"
                  value={organisationId()}
                  onChange={setOrganisationId}
                  error={errorFor(errors(), 'organisationId')}
                  options={[
                    { value: '', label: 'Choose an organisation' },
                    ...data.organisations.map((o) => ({ value: o.id, label: o.name })),
                  ]}
                />
              </Show>
              <TextField
                id="password"
                label="Initial password"
                hint="At least 12 characters. Give it to them in person or by phone."
                type="password"
                autocomplete="new-password"
                value={password()}
                onInput={setPassword}
                error={errorFor(errors(), 'password')}
              />
              <button type="submit" class="govuk-button">
                Add person
              </button>
            </form>
          </>
        )}
      </QueryView>
    </>
  );
}

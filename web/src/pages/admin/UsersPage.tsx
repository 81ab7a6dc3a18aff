import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { Banner, QueryView, Tag } from '../../components/Bits';
import { ConfirmButton, RowNote } from '../../components/Confirm';
import { DataTable } from '../../components/DataTable';
import { createFeedback, ErrorSummary, errorFor, settleResult } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { OrganisationPicker } from '../../components/OrganisationPicker';
import { Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { type Refusal, RowRefusal } from '../../components/RowRefusal';
import { clearDraft, keepDraft, loadDraft } from '../../lib/draft';
import { DraftNotice, differsFrom } from '../../lib/draft-notice';
import { childCount, label } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const UsersQuery = graphql(`
  query Users($limit: Int, $offset: Int) {
    users(limit: $limit, offset: $offset) { id name email role active invitationPending caseloadSize organisation { name } }
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
  `mutation SetActive($input: SetUserActiveInput!) { setUserActive(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);

const INVITE_DRAFT = 'invite-draft:/admin/users';
const EMPTY_INVITE = { name: '', email: '', role: 'LINK_WORKER', organisationId: '', districtId: '', schoolId: '' };

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
  // The invitation as typed, kept in this tab (lib/draft.ts): when the session ends before Send,
  // signing in again brings the administrator back to the form as they left it.
  const draft = loadDraft<typeof EMPTY_INVITE>(INVITE_DRAFT) ?? {};
  const [name, setName] = createSignal(draft.name ?? '');
  const [email, setEmail] = createSignal(draft.email ?? '');
  const [role, setRole] = createSignal<string>(draft.role ?? 'LINK_WORKER');
  const [organisationId, setOrganisationId] = createSignal(draft.organisationId ?? '');
  const [districtId, setDistrictId] = createSignal(draft.districtId ?? '');
  const [schoolId, setSchoolId] = createSignal(draft.schoolId ?? '');
  // Said above the form while it shows a draft, until it is discarded or sent.
  const [restored, setRestored] = createSignal(differsFrom({ ...EMPTY_INVITE, ...draft }, EMPTY_INVITE));
  const discard = () => {
    setName(EMPTY_INVITE.name);
    setEmail(EMPTY_INVITE.email);
    setRole(EMPTY_INVITE.role);
    setOrganisationId(EMPTY_INVITE.organisationId);
    setDistrictId(EMPTY_INVITE.districtId);
    setSchoolId(EMPTY_INVITE.schoolId);
  };
  // An untouched form keeps no draft.
  keepDraft(
    INVITE_DRAFT,
    () => ({
      name: name(),
      email: email(),
      role: role(),
      organisationId: organisationId(),
      districtId: districtId(),
      schoolId: schoolId(),
    }),
    () => EMPTY_INVITE,
  );
  const [errors, setErrors, message, setMessage] = createFeedback();
  // Deactivations refused (or not possible yet), by person: shown at that person's row, never in
  // the invite form's error summary below.
  const [refusals, setRefusals] = createSignal<Record<string, Refusal>>({});
  const refuse = (id: string, refusal: Refusal | null) =>
    setRefusals((all) => {
      const { [id]: _, ...rest } = all;
      return refusal ? { ...rest, [id]: refusal } : rest;
    });

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
      // The same words whether or not the address already had an account (it is told so by email),
      // and true either way: only a new person's email has a link.
      setMessage(
        `We have emailed ${res?.__typename === 'InviteUserSuccess' ? res.email : email()}. Someone new gets a link to choose a password, which works once and expires in 72 hours; someone who already has an account is told so.`,
      );
      setName('');
      setEmail('');
      clearDraft(INVITE_DRAFT);
      setRestored(false);
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
                {
                  key: 'email',
                  label: 'Email',
                  sort: (u) => u.email ?? '',
                  cell: (u) => <span class="app-email">{u.email}</span>,
                },
                {
                  key: 'role',
                  label: 'Role',
                  sort: (u) => `${label(u.role)} ${u.organisation?.name ?? ''}`,
                  cell: (u) => `${label(u.role)}${u.organisation ? `, ${u.organisation.name}` : ''}`,
                },
                {
                  key: 'status',
                  label: 'Status',
                  sort: (u) => (!u.active ? 2 : u.invitationPending ? 1 : 0),
                  // Invited and not yet in: their link may have lapsed, so inviting them again sends another.
                  cell: (u) =>
                    !u.active ? (
                      <Tag status="ARCHIVED" text="Deactivated" />
                    ) : u.invitationPending ? (
                      <Tag status="REQUESTED" text="Invited, not yet signed in" />
                    ) : (
                      <Tag status="PUBLISHED" text="Active" />
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
                        <Show
                          when={!u.caseloadSize}
                          fallback={
                            // Deactivating a link worker with children is refused until their caseload
                            // has moved: no question promising a sign-out that will not happen.
                            <button
                              type="button"
                              class="app-link-button"
                              aria-describedby={refusals()[u.id] ? `refusal-${u.id}` : undefined}
                              onClick={() =>
                                refuse(u.id, {
                                  message: `${u.name} cannot be deactivated yet: they have ${childCount(u.caseloadSize!)} on their caseload.`,
                                  caseload: true,
                                })
                              }
                            >
                              Deactivate<span class="govuk-visually-hidden"> {u.name}</span>
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
                              refuse(u.id, null);
                              const r = await setActive({ input: { userId: u.id, active: false } });
                              const done = r.data?.setUserActive;
                              if (done?.__typename.endsWith('Success')) {
                                setMessage(`${u.name} is deactivated and signed out.`);
                                refetch({ requestPolicy: 'network-only' });
                                return;
                              }
                              // Refused: said at their row. An earlier success banner no longer stands
                              // above it; the invite form's errors are not this person's.
                              setMessage('');
                              const caseload =
                                done?.__typename === 'ValidationError' &&
                                done.fieldErrors.some((e) => e.path.at(-1) === 'moveCaseloadToId');
                              const said =
                                done?.__typename === 'ValidationError'
                                  ? (done.fieldErrors[0]?.message ?? done.message)
                                  : done && 'message' in done
                                    ? done.message
                                    : `We could not deactivate ${u.name} just now. Try again`;
                              refuse(u.id, { message: `${u.name} is not deactivated. ${said}.`, caseload });
                              // Their caseload may have changed since the page was loaded.
                              if (caseload) refetch({ requestPolicy: 'network-only' });
                            }}
                          />
                        </Show>
                        <Show when={refusals()[u.id]} keyed>
                          {(refusal) => (
                            <RowNote>
                              <RowRefusal id={`refusal-${u.id}`} refusal={refusal} />
                            </RowNote>
                          )}
                        </Show>
                      </Show>
                    </Show>
                  ),
                },
              ]}
            />
            <Pager page={page()} rows={data.users} label="People" onPage={setPage} />
            <h2 class="govuk-heading-l">Invite a person</h2>
            <p class="govuk-body">They get an email with a link to choose their own password.</p>
            <DraftNotice when={restored()} draftKey={INVITE_DRAFT} onDiscard={discard} />
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

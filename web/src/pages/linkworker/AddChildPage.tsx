import { A, useNavigate } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { DateInput, isoDate } from '../../components/DateInput';
import { ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { CheckboxGroup, SelectField, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

// Link workers add a child to their own caseload; administrators choose whose (issue 13 point 9).

const FormQuery = graphql(`
  query AddChildForm($admin: Boolean!) {
    viewer { id zone { needTags } }
    schools { id name phase }
    users @include(if: $admin) { id name role active }
  }
`);
const AddChild = graphql(`
  mutation AddChild($input: AddChildInput!) {
    addChild(input: $input) {
      __typename
      ... on AddChildSuccess { child { id reference } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const PHASE: Record<string, string> = { PRIMARY: 'primary', SECONDARY: 'secondary', ALL_THROUGH: 'all-through' };
const YEARS = Array.from({ length: 14 }, (_, y) => ({ value: String(y), label: y === 0 ? 'Reception' : `Year ${y}` }));
const blank = () => ({ day: '', month: '', year: '' });
const typed = (d: { day: string; month: string; year: string }) => Boolean(d.day || d.month || d.year);

export default function AddChildPage() {
  const session = useSession();
  const isAdmin = () => session.viewer()?.role === 'ADMIN';
  const navigate = useNavigate();
  const [result, refetch] = createQuery({ query: FormQuery, variables: () => ({ admin: isAdmin() }) });
  const [, addChild] = createMutation(AddChild);
  const [firstName, setFirstName] = createSignal('');
  const [lastName, setLastName] = createSignal('');
  const [dob, setDob] = createSignal(blank());
  const [schoolId, setSchoolId] = createSignal('');
  const [yearGroup, setYearGroup] = createSignal('');
  const [needs, setNeeds] = createSignal<string[]>([]);
  const [start, setStart] = createSignal(blank());
  const [end, setEnd] = createSignal(blank());
  const [linkWorkerId, setLinkWorkerId] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [added, setAdded] = createSignal('');

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: FormError[] = [];
    for (const [field, value, what] of [
      ['dateOfBirth', dob(), 'Date of birth'],
      ['programmeStart', start(), 'Programme start'],
      ['programmeEnd', end(), 'Programme end'],
    ] as const)
      if (typed(value) && !isoDate(value)) local.push({ field, message: `${what} must be a real date` });
    if (local.length > 0) return setErrors(local);
    const r = (
      await addChild({
        input: {
          firstName: firstName(),
          lastName: lastName(),
          dateOfBirth: isoDate(dob()),
          schoolId: schoolId(),
          yearGroup: yearGroup() === '' ? null : Number(yearGroup()),
          needs: needs(),
          programmeStart: isoDate(start()),
          programmeEnd: isoDate(end()),
          linkWorkerId: isAdmin() ? linkWorkerId() || null : null,
        },
      })
    ).data?.addChild;
    settleResult(r, setErrors, () => {
      if (r?.__typename !== 'AddChildSuccess') return;
      if (!isAdmin()) return navigate(`/children/${encodeURIComponent(r.child.id)}?added=1`);
      setAdded(`Child ${r.child.reference} added.`);
      setFirstName('');
      setLastName('');
      setDob(blank());
      setNeeds([]);
      window.scrollTo(0, 0);
    });
  };

  return (
    <>
      <Title>Add a child</Title>
      <Show when={added()} keyed>
        <Banner success>{added()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <h1 class="govuk-heading-xl">Add a child</h1>
      <p class="govuk-body">
        {isAdmin() ? 'The child joins the caseload of the link worker you choose.' : 'The child joins your caseload.'} A
        commissioner allocates their budget. To add a whole cohort, an administrator can{' '}
        <Show when={isAdmin()} fallback="import a CSV file.">
          <A href="/admin/cohort-import" class="govuk-link">
            import a CSV file
          </A>
          .
        </Show>
      </p>
      <QueryView result={result} what="the form" retry={() => refetch()}>
        {(data) => (
          <form novalidate onSubmit={submit}>
            <Show when={isAdmin()}>
              <SelectField
                id="linkWorkerId"
                label="Link worker"
                value={linkWorkerId()}
                onChange={setLinkWorkerId}
                error={errorFor(errors(), 'linkWorkerId')}
                options={[
                  { value: '', label: 'Choose a link worker' },
                  ...(data.users ?? [])
                    .filter((u) => u.role === 'LINK_WORKER' && u.active)
                    .map((u) => ({ value: u.id, label: u.name })),
                ]}
              />
            </Show>
            <TextField
              id="firstName"
              label="First name"
              value={firstName()}
              onInput={setFirstName}
              autocomplete="off"
              error={errorFor(errors(), 'firstName')}
            />
            <TextField
              id="lastName"
              label="Last name"
              value={lastName()}
              onInput={setLastName}
              autocomplete="off"
              error={errorFor(errors(), 'lastName')}
            />
            <DateInput
              id="dateOfBirth"
              label="Date of birth"
              hint="For example, 27 3 2016"
              value={dob()}
              onInput={setDob}
              error={errorFor(errors(), 'dateOfBirth')}
            />
            <SelectField
              id="schoolId"
              label="School"
              value={schoolId()}
              onChange={setSchoolId}
              error={errorFor(errors(), 'schoolId')}
              options={[
                { value: '', label: 'Choose a school' },
                ...data.schools.map((s) => ({ value: s.id, label: `${s.name} (${PHASE[s.phase] ?? s.phase})` })),
              ]}
            />
            <SelectField
              id="yearGroup"
              label="Year group"
              hint="Primary schools take Reception to year 6, secondary schools years 7 to 13"
              value={yearGroup()}
              onChange={setYearGroup}
              error={errorFor(errors(), 'yearGroup')}
              options={[{ value: '', label: 'Choose a year group' }, ...YEARS]}
            />
            <CheckboxGroup
              id="needs"
              label="Needs"
              hint="Select all that apply"
              values={needs()}
              onChange={setNeeds}
              small
              error={errorFor(errors(), 'needs')}
              options={(data.viewer?.zone.needTags ?? []).map((n) => ({ value: n, label: n }))}
            />
            <DateInput
              id="programmeStart"
              label="Programme start"
              value={start()}
              onInput={setStart}
              error={errorFor(errors(), 'programmeStart')}
            />
            <DateInput
              id="programmeEnd"
              label="Programme end (optional)"
              hint="Leave blank for a two-year programme"
              value={end()}
              onInput={setEnd}
              error={errorFor(errors(), 'programmeEnd')}
            />
            <button type="submit" class="govuk-button">
              Add child
            </button>
          </form>
        )}
      </QueryView>
    </>
  );
}

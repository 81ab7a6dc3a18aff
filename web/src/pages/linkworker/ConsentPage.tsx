import { useNavigate, useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { BackLink, QueryView, Tag } from '../../components/Bits';
import { DateInput, isoDate } from '../../components/DateInput';
import { ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { CheckboxGroup, RadioGroup, TextArea } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { date, label } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';

const ConsentQuery = graphql(`
  query ChildConsent($id: ID!) {
    child(id: $id) {
      id reference firstName lastName consentInForce
      consentHistory { action givenBy method purposes effectiveOn reason note recordedBy { name } }
    }
  }
`);

const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const RecordMutation = graphql(`
  mutation RecordConsent($input: RecordConsentInput!) {
    recordConsent(input: $input) { ${RESULT} }
  }
`);
const WithdrawMutation = graphql(`
  mutation WithdrawConsent($input: WithdrawConsentInput!) {
    withdrawConsent(input: $input) { ${RESULT} }
  }
`);

const PURPOSES = [
  { value: 'PROVIDER_CONTACTS_FAMILY', label: 'The provider may contact the family directly' },
  { value: 'OUTCOME_REPORTING', label: 'Outcome scores may be shared with the provider and used in reports' },
];
const EMPTY = { day: '', month: '', year: '' };
type Parts = typeof EMPTY;
// Only paths inside the portal: an address from a link must not send people elsewhere.
const safeReturn = (to: string | undefined) => (to && /^\/[^/\\]/.test(to) ? to : null);

/** The family's consent to share the child's details with providers: its history, and record or withdraw it. */
export default function ConsentPage() {
  const routeId = useRouteId();
  const navigate = useNavigate();
  const [params] = useSearchParams<{ returnTo?: string }>();
  const [result, refetch] = createQuery({ query: ConsentQuery, variables: () => ({ id: routeId()! }) });
  const [recording, record] = createMutation(RecordMutation);
  const [withdrawing, withdraw] = createMutation(WithdrawMutation);
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [givenBy, setGivenBy] = createSignal('');
  const [method, setMethod] = createSignal('');
  const [on, setOn] = createSignal<Parts>(EMPTY);
  const [purposes, setPurposes] = createSignal<string[]>([]);
  const [note, setNote] = createSignal('');
  const [reason, setReason] = createSignal('');
  const back = () => safeReturn(params.returnTo) ?? `/children/${encodeURIComponent(routeId()!)}`;

  const done = (r: { __typename: string } | null | undefined, extra: Record<string, string>) => {
    if (r?.__typename.endsWith('Success')) return navigate(back());
    setErrors(r ? formErrors(r as never, extra) : [{ message: 'We could not save this just now. Try again.' }]);
  };

  const submitRecord = async (e: Event) => {
    e.preventDefault();
    const problems: FormError[] = [];
    if (!givenBy()) problems.push({ field: 'givenBy', message: 'Say who gave consent' });
    if (!method()) problems.push({ field: 'method', message: 'Say how consent was given' });
    const day = isoDate(on());
    if (!day) problems.push({ field: 'on', message: 'Enter the date consent was given, for example 27 11 2026' });
    setErrors(problems);
    if (problems.length) return;
    const res = await record({
      input: {
        childId: routeId()!,
        givenBy: givenBy() as 'PARENT_OR_CARER',
        method: method() as 'IN_PERSON',
        givenOn: day!,
        purposes: purposes() as 'OUTCOME_REPORTING'[],
        note: note().trim() || null,
      },
    });
    done(res.data?.recordConsent, { givenOn: 'on' });
  };

  const submitWithdraw = async (e: Event) => {
    e.preventDefault();
    const problems: FormError[] = [];
    const day = isoDate(on());
    if (!day) problems.push({ field: 'on', message: 'Enter the date consent was withdrawn, for example 30 11 2026' });
    if (reason().trim().length < 3) problems.push({ field: 'reason', message: 'Give a reason for the withdrawal' });
    setErrors(problems);
    if (problems.length) return;
    const res = await withdraw({ input: { childId: routeId()!, withdrawnOn: day!, reason: reason() } });
    done(res.data?.withdrawConsent, { withdrawnOn: 'on' });
  };

  return (
    <>
      <BackLink href={back()}>Back</BackLink>
      <QueryView result={result} what="the child’s consent" retry={() => refetch()}>
        {(data) => (
          <Show when={data.child} fallback={<h1 class="govuk-heading-l">Child not found</h1>}>
            {(c) => (
              <>
                <Title>{`Consent for ${c().firstName}`}</Title>
                <ErrorSummary errors={errors()} />
                <span class="govuk-caption-l">{c().reference}</span>
                <h1 class="govuk-heading-xl">Consent to share {c().firstName}’s details</h1>
                <p class="govuk-body">
                  Providers see a child’s first name, school and year group when you commission them. The family must
                  agree to that first. If they withdraw, open commissions pause and the provider sees only their
                  reference until consent is recorded again.
                </p>
                <p class="govuk-body">
                  Now:{' '}
                  <Tag
                    status={c().consentInForce ? 'ACCEPTED' : 'DECLINED'}
                    text={c().consentInForce ? 'Given' : 'Not in force'}
                  />
                </p>
                <Show
                  when={c().consentInForce}
                  fallback={
                    <form onSubmit={submitRecord} novalidate>
                      <h2 class="govuk-heading-m">Record consent</h2>
                      <RadioGroup
                        id="givenBy"
                        name="givenBy"
                        label="Who gave consent"
                        value={givenBy()}
                        onChange={setGivenBy}
                        error={errorFor(errors(), 'givenBy')}
                        options={[
                          { value: 'PARENT_OR_CARER', label: 'A parent or carer' },
                          { value: 'YOUNG_PERSON', label: 'The young person' },
                        ]}
                      />
                      <RadioGroup
                        id="method"
                        name="method"
                        label="How"
                        value={method()}
                        onChange={setMethod}
                        error={errorFor(errors(), 'method')}
                        options={[
                          { value: 'IN_PERSON', label: 'In person' },
                          { value: 'PHONE', label: 'By phone' },
                          { value: 'WRITTEN', label: 'In writing' },
                        ]}
                      />
                      <DateInput
                        id="on"
                        label="When"
                        hint="For example, 27 11 2026"
                        value={on()}
                        onInput={setOn}
                        error={errorFor(errors(), 'on')}
                      />
                      <CheckboxGroup
                        id="purposes"
                        label="They also agreed that (optional)"
                        hint="Sharing the child’s details with providers you commission is always part of consent."
                        values={purposes()}
                        onChange={setPurposes}
                        options={PURPOSES}
                        small
                      />
                      <TextArea
                        id="note"
                        label="Note (optional)"
                        value={note()}
                        onInput={setNote}
                        rows={2}
                        error={errorFor(errors(), 'note')}
                      />
                      <button type="submit" class="govuk-button" disabled={recording.fetching}>
                        Record consent
                      </button>
                    </form>
                  }
                >
                  <form onSubmit={submitWithdraw} novalidate>
                    <h2 class="govuk-heading-m">Withdraw consent</h2>
                    <DateInput
                      id="on"
                      label="When did they withdraw it"
                      hint="For example, 30 11 2026"
                      value={on()}
                      onInput={setOn}
                      error={errorFor(errors(), 'on')}
                    />
                    <TextArea
                      id="reason"
                      label="Why"
                      hint="Only you and the zone’s commissioners read this."
                      value={reason()}
                      onInput={setReason}
                      rows={2}
                      error={errorFor(errors(), 'reason')}
                    />
                    <button type="submit" class="govuk-button govuk-button--warning" disabled={withdrawing.fetching}>
                      Withdraw consent and pause commissions
                    </button>
                  </form>
                </Show>
                <h2 class="govuk-heading-m">History</h2>
                <Show
                  when={(c().consentHistory ?? []).length > 0}
                  fallback={<p class="govuk-body">Nothing recorded yet.</p>}
                >
                  <TableBox label="Consent history">
                    <table class="govuk-table">
                      <caption class="govuk-table__caption govuk-visually-hidden">
                        Consent history, newest first
                      </caption>
                      <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                          <th scope="col" class="govuk-table__header">
                            Date
                          </th>
                          <th scope="col" class="govuk-table__header">
                            What
                          </th>
                          <th scope="col" class="govuk-table__header">
                            Details
                          </th>
                          <th scope="col" class="govuk-table__header">
                            Recorded by
                          </th>
                        </tr>
                      </thead>
                      <tbody class="govuk-table__body">
                        <For each={c().consentHistory ?? []}>
                          {(h) => (
                            <tr class="govuk-table__row">
                              <td class="govuk-table__cell">{date(h.effectiveOn)}</td>
                              <td class="govuk-table__cell">{h.action === 'GIVEN' ? 'Given' : 'Withdrawn'}</td>
                              <td class="govuk-table__cell">
                                {h.action === 'GIVEN'
                                  ? `${label(h.givenBy ?? '')}, ${label(h.method ?? '')}; ${h.purposes.map(label).join(', ')}`
                                  : h.reason}
                              </td>
                              <td class="govuk-table__cell">{h.recordedBy.name}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </TableBox>
                </Show>
              </>
            )}
          </Show>
        )}
      </QueryView>
    </>
  );
}

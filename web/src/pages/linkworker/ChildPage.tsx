import { A, useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { BackLink, Banner, BudgetBar, QueryView, SummaryList } from '../../components/Bits';
import { CommissionCard } from '../../components/CommissionCard';
import { DateInput, isoDate } from '../../components/DateInput';
import { ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { TextArea, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { date, label, money } from '../../lib/format';
import { CommissionFields } from '../../lib/fragments';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';

const ChildQuery = graphql(
  `
  query Child($id: ID!) {
    child(id: $id) {
      id reference firstName lastName dateOfBirth yearGroup needs status programmeStart programmeEnd
      school { name }
      budget { period allocatedPence reservedPence spentPence availablePence }
      commissions { ...CommissionFields rationale }
      outcomeMeasures { measure score measuredOn note }
    }
  }
`,
  [CommissionFields],
);

const RecordOutcome = graphql(`
  mutation RecordOutcome($input: RecordOutcomeMeasureInput!) {
    recordOutcomeMeasure(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const CancelMutation = graphql(`
  mutation Cancel($input: CancelCommissionInput!) {
    cancelCommission(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export default function ChildPage() {
  const routeId = useRouteId();
  const [result, refetch] = createQuery({
    query: ChildQuery,
    variables: () => ({ id: routeId()! }),
    requestPolicy: 'cache-and-network',
  });
  const [, cancel] = createMutation(CancelMutation);
  const [cancelling, setCancelling] = createSignal<string | null>(null);
  const [reason, setReason] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [done, setDone] = createSignal('');
  const [searchParams, setSearchParams] = useSearchParams<{ raised?: string }>();
  // The "sent" banner shows once: the address loses ?raised= so a refresh does not bring it back.
  if (searchParams.raised) {
    setDone(
      searchParams.raised === 'APPROVED'
        ? 'Commission sent and approved. The provider has been told.'
        : 'Commission sent. It is over the delegated limit, so a commissioner will decide.',
    );
    setSearchParams({ raised: undefined }, { replace: true });
  }
  const [, recordOutcome] = createMutation(RecordOutcome);
  const [score, setScore] = createSignal('');
  const today = new Date();
  const [measuredOn, setMeasuredOn] = createSignal({
    day: String(today.getDate()),
    month: String(today.getMonth() + 1),
    year: String(today.getFullYear()),
  });
  const [outcomeNote, setOutcomeNote] = createSignal('');
  const [outcomeErrors, setOutcomeErrors] = createSignal<FormError[]>([]);

  const submitOutcome = async (e: Event) => {
    e.preventDefault();
    if (!/^\d+$/.test(score().trim()))
      return setOutcomeErrors([{ field: 'score', message: 'Enter the SDQ total difficulties score, 0 to 40' }]);
    const measured = isoDate(measuredOn());
    if (!measured)
      return setOutcomeErrors([
        { field: 'measuredOn', message: 'Enter the date measured as a real date, like 27 3 2026' },
      ]);
    const res = await recordOutcome({
      input: {
        childId: routeId()!,
        measure: 'SDQ_TOTAL',
        score: Number(score()),
        measuredOn: measured,
        note: outcomeNote(),
      },
    });
    const r = res.data?.recordOutcomeMeasure;
    settleResult(
      r,
      setOutcomeErrors,
      () => {
        setScore('');
        setOutcomeNote('');
        setDone('Outcome recorded.');
        refetch({ requestPolicy: 'network-only' });
      },
      { score: 'score', measuredOn: 'measuredOn', note: 'outcomeNote' },
    );
  };

  const confirmCancel = async (e: Event) => {
    e.preventDefault();
    if (reason().trim().length < 3) {
      setErrors([{ field: 'reason', message: 'Give a reason for cancelling' }]);
      return;
    }
    const res = await cancel({ input: { commissionId: cancelling()!, reason: reason() } });
    const r = res.data?.cancelCommission;
    settleResult(
      r,
      setErrors,
      () => {
        setCancelling(null);
        setReason('');
        setDone('Commission cancelled. The money is back in the child’s budget.');
        refetch({ requestPolicy: 'network-only' });
      },
      { reason: 'reason' },
    );
  };

  return (
    <>
      <BackLink href="/caseload">Back to caseload</BackLink>
      <QueryView result={result} what="the child’s record" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.child}
            fallback={
              <>
                <Title>Child not found</Title>
                <h1 class="govuk-heading-l">Child not found</h1>
              </>
            }
          >
            {(c) => (
              <>
                <Title>{`${c().firstName} ${c().lastName}`}</Title>
                <Show when={done()} keyed>
                  {(message) => <Banner success>{message}</Banner>}
                </Show>
                <ErrorSummary errors={errors()} />
                <span class="govuk-caption-l">{c().reference}</span>
                <h1 class="govuk-heading-xl">
                  {c().firstName} {c().lastName}
                </h1>
                <Show when={c().status === 'ACTIVE'}>
                  <p class="govuk-body">
                    <A class="govuk-button" role="button" href={`/?child=${encodeURIComponent(c().id)}`}>
                      Find a service for {c().firstName}
                    </A>
                  </p>
                </Show>
                <div class="govuk-grid-row">
                  <div class="govuk-grid-column-one-half">
                    <h2 class="govuk-heading-m">Details</h2>
                    <SummaryList
                      rows={[
                        { key: 'Date of birth', value: c().dateOfBirth ? date(c().dateOfBirth!) : '' },
                        { key: 'School', value: `${c().school.name}, Year ${c().yearGroup}` },
                        { key: 'Needs', value: (c().needs ?? []).join(', ') },
                        {
                          key: 'Programme',
                          value: c().programmeStart ? `${date(c().programmeStart!)} to ${date(c().programmeEnd!)}` : '',
                        },
                        { key: 'Status', value: label(c().status ?? '') },
                      ]}
                    />
                  </div>
                  <div class="govuk-grid-column-one-half">
                    <h2 class="govuk-heading-m">Budget {c().budget?.period}</h2>
                    <Show when={c().budget}>
                      {(b) => (
                        <>
                          <BudgetBar budget={b()} />
                          <SummaryList
                            rows={[
                              { key: 'Allocated', value: money(b().allocatedPence) },
                              { key: 'Reserved', value: money(b().reservedPence) },
                              { key: 'Spent', value: money(b().spentPence) },
                              { key: 'Available', value: <strong>{money(b().availablePence)}</strong> },
                            ]}
                          />
                        </>
                      )}
                    </Show>
                  </div>
                </div>
                <h2 class="govuk-heading-l">Commissions</h2>
                <Show
                  when={(c().commissions ?? []).length > 0}
                  fallback={<p class="govuk-body">None yet. Find a service and commission it from its page.</p>}
                >
                  <For each={c().commissions ?? []}>
                    {(k) => (
                      <CommissionCard c={k} headingLevel="h3">
                        <Show when={k.status === 'REQUESTED' || k.status === 'APPROVED'}>
                          <Show
                            when={cancelling() === k.id}
                            fallback={
                              <button
                                type="button"
                                class="govuk-button govuk-button--warning"
                                onClick={() => {
                                  setCancelling(k.id);
                                  setErrors([]);
                                }}
                              >
                                Cancel commission
                              </button>
                            }
                          >
                            <form onSubmit={confirmCancel} novalidate>
                              <TextArea
                                id="reason"
                                label="Why are you cancelling?"
                                value={reason()}
                                onInput={setReason}
                                error={errorFor(errors(), 'reason')}
                                rows={2}
                              />
                              <div class="govuk-button-group">
                                <button type="submit" class="govuk-button govuk-button--warning">
                                  Confirm cancellation
                                </button>
                                <button
                                  type="button"
                                  class="govuk-button govuk-button--secondary"
                                  onClick={() => setCancelling(null)}
                                >
                                  Keep it
                                </button>
                              </div>
                            </form>
                          </Show>
                        </Show>
                      </CommissionCard>
                    )}
                  </For>
                </Show>
                <h2 class="govuk-heading-l">Outcomes</h2>
                <TableBox label="Outcomes">
                  <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">
                      Strengths and Difficulties Questionnaire (total difficulties, 0–40, lower is better)
                    </caption>
                    <thead class="govuk-table__head">
                      <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">
                          Date
                        </th>
                        <th scope="col" class="govuk-table__header">
                          Measure
                        </th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                          Score
                        </th>
                        <th scope="col" class="govuk-table__header">
                          Note
                        </th>
                      </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                      <For each={c().outcomeMeasures ?? []}>
                        {(m) => (
                          <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{date(m.measuredOn)}</td>
                            <td class="govuk-table__cell">{m.measure === 'SDQ_TOTAL' ? 'SDQ total' : m.measure}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{m.score}</td>
                            <td class="govuk-table__cell">{m.note}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </TableBox>
                <h3 class="govuk-heading-m">Record an SDQ score</h3>
                <ErrorSummary errors={outcomeErrors()} title="The score could not be saved" />
                <form onSubmit={submitOutcome} novalidate>
                  <TextField
                    id="score"
                    label="SDQ total difficulties (0 to 40)"
                    value={score()}
                    onInput={setScore}
                    inputmode="numeric"
                    width="govuk-input--width-3"
                    error={errorFor(outcomeErrors(), 'score')}
                  />
                  <DateInput
                    id="measuredOn"
                    label="Date measured"
                    hint="For example, 27 3 2026"
                    value={measuredOn()}
                    onInput={setMeasuredOn}
                    error={errorFor(outcomeErrors(), 'measuredOn')}
                  />
                  <TextField
                    id="outcomeNote"
                    label="Note (optional)"
                    hint="For example, 12 months"
                    value={outcomeNote()}
                    onInput={setOutcomeNote}
                    error={errorFor(outcomeErrors(), 'outcomeNote')}
                  />
                  <button type="submit" class="govuk-button govuk-button--secondary">
                    Record score
                  </button>
                </form>
              </>
            )}
          </Show>
        )}
      </QueryView>
    </>
  );
}

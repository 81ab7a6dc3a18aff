import { A, useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { BackLink, Banner, BudgetBar, QueryView, SummaryList, Tag } from '../../components/Bits';
import { CommissionCard } from '../../components/CommissionCard';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { TextArea } from '../../components/Fields';
import { ageOn } from '../../components/FitWarnings';
import { Title } from '../../components/Layout';
import { LeaveProgramme } from '../../components/LeaveProgramme';
import { OutcomeSection } from '../../components/OutcomeSection';
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
      consentInForce consentHistory { action givenBy method effectiveOn }
      budget { period allocatedPence reservedPence spentPence availablePence }
      commissions { ...CommissionFields rationale }
      outcomeMeasures { measure item score measuredOn note late }
      outcomeChanges { measure { code } baseline latest classification movedToTypical }
      outcomeSchedule { label opensOn dueBy status doneOn }
    }
  }
`,
  [CommissionFields],
);

const CancelMutation = graphql(`
  mutation Cancel($input: CancelCommissionInput!) {
    cancelCommission(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
      ... on CancelCommissionSuccess { commission { status } }
    }
  }
`);

/** The contract a commission took a block place under, once the provider took the child on (it stays bought). */
const takenPlace = (k?: { status: string; stretch: boolean; contract: { reference: string } | null }) =>
  k && k.status === 'ACCEPTED' && !k.stretch && k.contract ? k.contract.reference : null;
const placeStays = (contract: string) =>
  `The provider has taken the child on, so the place under contract ${contract} stays used and paid for: it does not go back to the contract.`;

export default function ChildPage() {
  const routeId = useRouteId();
  const [result, refetch] = createQuery({
    query: ChildQuery,
    variables: () => ({ id: routeId()! }),
    requestPolicy: 'cache-and-network',
  });
  const [cancelState, cancel] = createMutation(CancelMutation);
  const [cancelling, setCancelling] = createSignal<string | null>(null);
  const [reason, setReason] = createSignal('');
  const [errors, setErrors, done, setDone] = createFeedback();
  const [searchParams, setSearchParams] = useSearchParams<{ raised?: string; added?: string; back?: string }>();
  // The caseload's search and filter it was opened from (only those two, read as query parameters).
  const caseloadHref = () => {
    const from = new URLSearchParams(searchParams.back ?? '');
    const kept = new URLSearchParams();
    for (const key of ['q', 'due']) if (from.get(key)) kept.set(key, from.get(key)!);
    return kept.size ? `/caseload?${kept}` : '/caseload';
  };
  if (searchParams.added) {
    setDone('Child added to your caseload. A commissioner allocates their budget.');
    setSearchParams({ added: undefined }, { replace: true });
  }
  // The "sent" banner shows once: the address loses ?raised= so a refresh does not bring it back.
  if (searchParams.raised) {
    setDone(
      searchParams.raised === 'APPROVED'
        ? 'Commission sent and approved. The provider has been told.'
        : 'Commission sent. It is over the delegated limit, so a commissioner will decide.',
    );
    setSearchParams({ raised: undefined }, { replace: true });
  }
  const confirmCancel = async (e: Event) => {
    e.preventDefault();
    if (reason().trim().length < 3) {
      setErrors([{ field: 'reason', message: 'Give a reason for cancelling' }]);
      return;
    }
    // A second click while the first is on its way would only be told it is already cancelled.
    if (cancelState.fetching) return;
    const place = takenPlace(result.data?.child?.commissions?.find((k) => k.id === cancelling()));
    const res = await cancel({ input: { commissionId: cancelling()!, reason: reason() } });
    const r = res.data?.cancelCommission;
    settleResult(
      r,
      setErrors,
      () => {
        setCancelling(null);
        setReason('');
        // Cleared first, so a second cancellation's banner is a new one and takes focus again.
        setDone('');
        // A paused one with units delivered ends COMPLETED: those units are paid.
        const ended = r?.__typename === 'CancelCommissionSuccess' && r.commission.status === 'COMPLETED';
        setDone(
          place
            ? `Commission ${ended ? 'ended' : 'cancelled'}. ${placeStays(place)}`
            : ended
              ? 'Commission ended. The units delivered are paid; the rest is back in the child’s budget.'
              : 'Commission cancelled. The money is back in the child’s budget.',
        );
        refetch({ requestPolicy: 'network-only' });
      },
      { reason: 'reason' },
    );
  };

  return (
    <>
      <BackLink href={caseloadHref()}>Back to caseload</BackLink>
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
                    <A class="govuk-button" role="button" href={findServiceHref(c())}>
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
                    <p class="govuk-body">
                      <A class="govuk-link" href={`/unmet-need/record?child=${encodeURIComponent(c().id)}`}>
                        Record that no suitable service was found
                      </A>
                    </p>
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
                <h2 class="govuk-heading-m">Consent to share details</h2>
                <Show
                  when={c().consentInForce && c().consentHistory?.[0]}
                  fallback={
                    <p class="govuk-body">
                      <Tag status="PAUSED" text="Not in force" /> Commissions cannot be raised, and open ones are
                      paused, until the family’s consent is recorded.
                    </p>
                  }
                >
                  {(h) => (
                    <p class="govuk-body">
                      Given by {label(h().givenBy ?? '').toLowerCase()}, {label(h().method ?? '').toLowerCase()}, on{' '}
                      {date(h().effectiveOn)}.
                    </p>
                  )}
                </Show>
                <p class="govuk-body">
                  <A class="govuk-link" href={`/children/${encodeURIComponent(c().id)}/consent`}>
                    {c().consentInForce ? 'See consent history or withdraw consent' : 'Record consent'}
                  </A>
                </p>
                <h2 class="govuk-heading-l">Commissions</h2>
                <Show
                  when={(c().commissions ?? []).length > 0}
                  fallback={<p class="govuk-body">None yet. Find a service and commission it from its page.</p>}
                >
                  <For each={c().commissions ?? []}>
                    {(k) => (
                      <CommissionCard c={k} headingLevel="h3">
                        {/* Paused mid-delivery, only cancelling can end it (units delivered are paid). */}
                        <Show
                          when={
                            k.status === 'REQUESTED' ||
                            k.status === 'APPROVED' ||
                            (k.status === 'ACCEPTED' && k.pausedAt)
                          }
                        >
                          <Show
                            when={cancelling() === k.id}
                            fallback={
                              <button
                                type="button"
                                class="govuk-button govuk-button--warning"
                                id={`cancel-${k.reference}`}
                                onClick={() => {
                                  setCancelling(k.id);
                                  setErrors([]);
                                  // The button is gone: focus goes to the question that replaced it.
                                  document.getElementById('reason')?.focus();
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
                                hint={
                                  takenPlace(k)
                                    ? placeStays(takenPlace(k)!)
                                    : k.status === 'ACCEPTED' && k.unitsDelivered > 0
                                      ? `The provider has delivered ${k.unitsDelivered} of ${k.units}: those are paid, and the rest goes back to the child’s budget.`
                                      : undefined
                                }
                                value={reason()}
                                onInput={setReason}
                                error={errorFor(errors(), 'reason')}
                                rows={2}
                              />
                              <div class="govuk-button-group">
                                <button
                                  type="submit"
                                  class="govuk-button govuk-button--warning"
                                  disabled={cancelState.fetching}
                                >
                                  Confirm cancellation
                                </button>
                                <button
                                  type="button"
                                  class="govuk-button govuk-button--secondary"
                                  onClick={() => {
                                    setCancelling(null);
                                    // Back to the button that opened the question (GOV.UK).
                                    document.getElementById(`cancel-${k.reference}`)?.focus();
                                  }}
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
                <OutcomeSection
                  childId={c().id}
                  scores={c().outcomeMeasures ?? []}
                  changes={c().outcomeChanges ?? []}
                  schedule={c().outcomeSchedule ?? []}
                  onRecorded={() => {
                    setDone('Outcome recorded.');
                    refetch({ requestPolicy: 'network-only' });
                  }}
                />
                <Show when={c().status === 'ACTIVE'}>
                  <LeaveProgramme
                    childId={c().id}
                    statuses={(c().commissions ?? []).map((k) => k.status)}
                    pausedDeliveries={
                      (c().commissions ?? []).filter((k) => k.status === 'ACCEPTED' && k.pausedAt).length
                    }
                    onDone={(m) => {
                      setDone(m);
                      setErrors([]);
                      refetch({ requestPolicy: 'network-only' });
                    }}
                    onError={(m) => setErrors([{ message: m }])}
                  />
                </Show>
              </>
            )}
          </Show>
        )}
      </QueryView>
    </>
  );
}

/** The search for a child: who for, and their age as the search's own age filter (so it can be cleared). */
function findServiceHref(child: { id: string; dateOfBirth?: string | null }): string {
  const age = child.dateOfBirth ? `&age=${ageOn(child.dateOfBirth)}` : '';
  return `/?child=${encodeURIComponent(child.id)}${age}`;
}

import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { date, dateTime, label, money } from '../lib/format';
import { graphql } from '../lib/graphql';
import { DateInput, isoDate } from './DateInput';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from './ErrorSummary';
import { CheckboxGroup, RadioGroup, TextArea } from './Fields';

// A service's decommissioning reviews on its page: the zone's commissioners open and decide them,
// the provider reads and responds; the history stays visible to both (the API refuses everyone else).
const ReviewsQuery = graphql(`
  query ServiceReviews($id: ID!) {
    node(id: $id) {
      ... on Service {
        id decommissionedFrom closedToNewRequests
        reviews {
          id reasons reasonText openedAt openedBy providerResponse respondedAt decision conditions
          decommissionFrom evidence decidedAt decidedBy
          outcomeSnapshot { at commissions liveCommissions measure suppressed children reliablyImproved costPerImprovedChildPence }
        }
      }
    }
    measures { code shortName }
  }
`);
const RESULT = '__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }';
const Open = graphql(
  `mutation OpenServiceReview($input: OpenServiceReviewInput!) { openServiceReview(input: $input) { ${RESULT} } }`,
);
const Respond = graphql(
  `mutation RespondToServiceReview($input: RespondToServiceReviewInput!) { respondToServiceReview(input: $input) { ${RESULT} } }`,
);
const Decide = graphql(
  `mutation DecideServiceReview($input: DecideServiceReviewInput!) { decideServiceReview(input: $input) { ${RESULT} } }`,
);

const REASONS = [
  { value: 'LOW_UPTAKE', label: 'Low uptake' },
  { value: 'POOR_OUTCOMES', label: 'Poor outcomes' },
  { value: 'PRICE', label: 'Price' },
  { value: 'COMPLAINTS', label: 'Complaints' },
  { value: 'OTHER', label: 'Other' },
];
const DECISIONS = [
  { value: 'CONTINUE', label: 'Continue' },
  { value: 'CONTINUE_WITH_CONDITIONS', label: 'Continue with conditions' },
  { value: 'DECOMMISSION', label: 'Decommission from a date' },
];
const reasonLabel = (r: string) => REASONS.find((x) => x.value === r)?.label ?? label(r);
const decisionLabel = (d: string) => DECISIONS.find((x) => x.value === d)?.label ?? label(d);

type Snapshot = {
  at: string;
  commissions: number;
  liveCommissions: number;
  measure: string;
  suppressed: boolean;
  children: number | null;
  reliablyImproved: number | null;
  costPerImprovedChildPence: number | null;
};

function SnapshotList(props: { s: Snapshot; measureName: string }) {
  return (
    <dl class="govuk-summary-list govuk-summary-list--no-border">
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Commissions</dt>
        <dd class="govuk-summary-list__value">
          {props.s.commissions} in all, {props.s.liveCommissions} live (on {dateTime(props.s.at)})
        </dd>
      </div>
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Outcomes ({props.measureName})</dt>
        <dd class="govuk-summary-list__value">
          {props.s.suppressed
            ? 'Fewer than 10 children with a baseline and a follow-up: not shown'
            : `${props.s.reliablyImproved} of ${props.s.children} children reliably improved${
                props.s.costPerImprovedChildPence != null
                  ? `; ${money(props.s.costPerImprovedChildPence)} per reliably improved child`
                  : ''
              } (an association, not proof of effect)`}
        </dd>
      </div>
    </dl>
  );
}

export function ServiceReviews(props: { serviceId: string; commissioner: boolean; provider: boolean }) {
  const [result, refetch] = createQuery({
    query: ReviewsQuery,
    variables: () => ({ id: props.serviceId }),
    requestPolicy: 'cache-and-network',
  });
  const [, open] = createMutation(Open);
  const [, respond] = createMutation(Respond);
  const [, decide] = createMutation(Decide);
  const [reasons, setReasons] = createSignal<string[]>([]);
  const [reasonText, setReasonText] = createSignal('');
  const [response, setResponse] = createSignal('');
  const [decision, setDecision] = createSignal('');
  const [evidence, setEvidence] = createSignal('');
  const [conditions, setConditions] = createSignal('');
  const [from, setFrom] = createSignal({ day: '', month: '', year: '' });
  const [errors, setErrors, done, setDone] = createFeedback();
  const service = () => (result.data?.node?.__typename === 'Service' ? result.data.node : null);
  // The snapshot stores the measure's code; people read its short name.
  const measureName = (code: string) => result.data?.measures.find((m) => m.code === code)?.shortName ?? code;
  const reviews = () => service()?.reviews ?? [];
  const current = () => reviews().find((r) => !r.decision) ?? null;
  const after = (message: string) => () => {
    setDone(message);
    refetch({ requestPolicy: 'network-only' });
  };

  const openReview = async (e: Event) => {
    e.preventDefault();
    const res = await open({
      input: { serviceId: props.serviceId, reasons: reasons() as never, reasonText: reasonText() },
    });
    settleResult(res.data?.openServiceReview, setErrors, after('Review opened. The provider has been told.'));
  };
  const sendResponse = async (e: Event, reviewId: string) => {
    e.preventDefault();
    const res = await respond({ input: { reviewId, response: response() } });
    settleResult(res.data?.respondToServiceReview, setErrors, after('Your response has been sent.'));
  };
  const sendDecision = async (e: Event, reviewId: string) => {
    e.preventDefault();
    if (!decision()) return setErrors([{ field: 'decision', message: 'Choose a decision' }]);
    let decommissionFrom: string | undefined;
    if (decision() === 'DECOMMISSION') {
      decommissionFrom = isoDate(from()) ?? undefined;
      if (!decommissionFrom)
        return setErrors([{ field: 'decommissionFrom', message: 'Enter the date as a real date, like 31 3 2027' }]);
    }
    const res = await decide({
      input: {
        reviewId,
        decision: decision() as never,
        evidence: evidence(),
        conditions: decision() === 'CONTINUE_WITH_CONDITIONS' ? conditions() : undefined,
        decommissionFrom,
      },
    });
    settleResult(res.data?.decideServiceReview, setErrors, after('Decision recorded. The provider has been told.'));
  };

  return (
    <Show when={service()}>
      <section aria-labelledby="reviews-heading">
        <h2 class="govuk-heading-l" id="reviews-heading">
          Service review
        </h2>
        <Show when={done()}>
          <div class="govuk-inset-text" role="status">
            {done()}
          </div>
        </Show>
        <ErrorSummary errors={errors()} title="There is a problem with the review" />
        <Show when={current()}>
          {(r) => (
            <div data-testid="open-review">
              <h3 class="govuk-heading-m">Open review</h3>
              <p class="govuk-body">
                Opened {dateTime(r().openedAt)} by {r().openedBy}: {r().reasons.map(reasonLabel).join(', ')}
              </p>
              <p class="govuk-body">{r().reasonText}</p>
              <Show
                when={r().providerResponse}
                fallback={<p class="govuk-body">The provider has not responded yet.</p>}
              >
                <h4 class="govuk-heading-s">Provider’s response ({dateTime(r().respondedAt!)})</h4>
                <p class="govuk-body">{r().providerResponse}</p>
              </Show>
              <Show when={props.provider}>
                <form onSubmit={(e) => sendResponse(e, r().id)} novalidate>
                  <TextArea
                    id="response"
                    label={r().providerResponse ? 'Update your response' : 'Your response'}
                    hint="The commissioner reads this before deciding. Do not name children."
                    value={response()}
                    onInput={setResponse}
                    error={errorFor(errors(), 'response')}
                  />
                  <button type="submit" class="govuk-button">
                    Send response
                  </button>
                </form>
              </Show>
              <Show when={props.commissioner}>
                <form onSubmit={(e) => sendDecision(e, r().id)} novalidate>
                  <RadioGroup
                    id="decision"
                    name="decision"
                    label="Decision"
                    labelClass="govuk-fieldset__legend--m"
                    value={decision()}
                    options={DECISIONS}
                    onChange={setDecision}
                    error={errorFor(errors(), 'decision')}
                  />
                  <Show when={decision() === 'CONTINUE_WITH_CONDITIONS'}>
                    <TextArea
                      id="conditions"
                      label="Conditions"
                      value={conditions()}
                      onInput={setConditions}
                      error={errorFor(errors(), 'conditions')}
                    />
                  </Show>
                  <Show when={decision() === 'DECOMMISSION'}>
                    <DateInput
                      id="decommissionFrom"
                      label="No new commissions from"
                      hint="Today or later; live commissions finish. For example, 31 3 2027"
                      value={from()}
                      onInput={setFrom}
                      error={errorFor(errors(), 'decommissionFrom')}
                    />
                  </Show>
                  <TextArea
                    id="evidence"
                    label="Evidence for the decision"
                    hint="The service’s figures are kept with the decision when you record it"
                    value={evidence()}
                    onInput={setEvidence}
                    error={errorFor(errors(), 'evidence')}
                  />
                  <button type="submit" class="govuk-button">
                    Record decision
                  </button>
                </form>
              </Show>
            </div>
          )}
        </Show>
        <Show when={props.commissioner && !current() && !service()!.decommissionedFrom}>
          <form onSubmit={openReview} novalidate>
            <h3 class="govuk-heading-m">Open a review</h3>
            <CheckboxGroup
              id="reasons"
              label="Why is the service reviewed?"
              values={reasons()}
              options={REASONS}
              onChange={setReasons}
              error={errorFor(errors(), 'reasons')}
            />
            <TextArea
              id="reasonText"
              label="Reason"
              hint="The provider reads this and can respond"
              value={reasonText()}
              onInput={setReasonText}
              error={errorFor(errors(), 'reasonText')}
            />
            <button type="submit" class="govuk-button govuk-button--secondary">
              Open review
            </button>
          </form>
        </Show>
        <h3 class="govuk-heading-m">Review history</h3>
        <Show
          when={reviews().some((r) => r.decision)}
          fallback={<p class="govuk-body">No review of this service has been decided.</p>}
        >
          <ol class="govuk-list" data-testid="review-history">
            <For each={reviews().filter((r) => r.decision)}>
              {(r) => (
                <li class="govuk-!-margin-bottom-6">
                  <h4 class="govuk-heading-s">
                    {decisionLabel(r.decision!)}
                    {r.decommissionFrom ? ` from ${date(r.decommissionFrom)}` : ''}, decided {dateTime(r.decidedAt!)}
                    {r.decidedBy ? ` by ${r.decidedBy}` : ''}
                  </h4>
                  <p class="govuk-body-s">
                    Opened {dateTime(r.openedAt)} by {r.openedBy} ({r.reasons.map(reasonLabel).join(', ')}):{' '}
                    {r.reasonText}
                  </p>
                  <Show when={r.providerResponse}>
                    <p class="govuk-body-s">Provider’s response: {r.providerResponse}</p>
                  </Show>
                  <Show when={r.conditions}>
                    <p class="govuk-body-s">Conditions: {r.conditions}</p>
                  </Show>
                  <p class="govuk-body-s">Evidence: {r.evidence}</p>
                  <Show when={r.outcomeSnapshot}>
                    {(s) => <SnapshotList s={s()} measureName={measureName(s().measure)} />}
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>
    </Show>
  );
}

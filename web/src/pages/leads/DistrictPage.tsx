import { createMutation, createQuery } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { createFeedback, ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Fields';
import { FundingPotsTable } from '../../components/FundingPotsTable';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { childCount, money, parsePounds, percent } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { createRetryKey } from '../../lib/retry-key';
import { DistrictSchools } from './DistrictSchools';

/** allocateFunds's limit per child (schema/types/funding.ts). */
const MAX_PER_CHILD_PENCE = 500_000;

const DistrictQuery = graphql(`
  query District($schoolId: ID, $first: Int, $after: String, $last: Int, $before: String) {
    districtUtilisation {
      district { name schools(limit: 200) { id name } }
      fundedPence allocatedPence committedPence spentPence leftPence shareUsed
    }
    fundingPots { id name source totalPence allocatedPence contractCommittedPence remainingPence }
    children(schoolId: $schoolId, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id reference yearGroup school { name } budget { allocatedPence spentPence availablePence } } }
    }
  }
`);
const Allocate = graphql(`
  mutation DistrictAllocate($input: AllocateFundsInput!) {
    allocateFunds(input: $input) {
      __typename
      ... on AllocateFundsSuccess { allocations { id } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

/**
 * A district lead's pots, the district's schools' figures (added up by the server), and allocating
 * to the district's children, a page of children at a time (optionally one school's).
 */
export default function DistrictPage() {
  const cursor = useCursorPage();
  const [school, setSchool] = createSignal('');
  const [result, refetch] = createQuery({
    query: DistrictQuery,
    variables: () => ({ ...cursor.vars(), schoolId: school() || null }),
    requestPolicy: 'cache-and-network',
  });
  const [allocateState, allocate] = createMutation(Allocate);
  const [potId, setPotId] = createSignal('');
  const [amount, setAmount] = createSignal('');
  const [chosen, setChosen] = createSignal<string[]>([]);
  const { key, renew: renewKey } = createRetryKey();
  const [errors, setErrors, message, setMessage] = createFeedback();
  const [version, setVersion] = createSignal(0);
  // Choices belong to the page of children shown: another page or school starts afresh.
  createEffect(on([cursor.vars, school], () => setChosen([]), { defer: true }));

  const children = createMemo(() => result.data?.children.edges.map((e) => e.node) ?? []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const pence = parsePounds(amount());
    const problems: FormError[] = [];
    if (!potId()) problems.push({ field: 'potId', message: 'Choose the pot to allocate from' });
    if (!pence)
      problems.push({
        field: 'amount',
        message: 'Enter the amount for each child in pounds (and pence, at most two places), like 300 or 300.50',
      });
    // The API's own limit (allocateFunds), said here for any amount over it: one past the largest
    // whole number the API takes used to come back as "This number is too large".
    else if (pence > MAX_PER_CHILD_PENCE)
      problems.push({ field: 'amount', message: 'At most £5,000 per child at once' });
    if (chosen().length === 0) problems.push({ field: 'children', message: 'Choose at least one child' });
    setErrors(problems);
    if (problems.length) return;
    const res = (
      await allocate({
        input: { fundingPotId: potId(), childIds: chosen(), amountPence: pence!, idempotencyKey: key() },
      })
    ).data?.allocateFunds;
    // No answer (a network blip) may still have allocated: the retry keeps its key (see FundingPage).
    if (res) renewKey();
    if (res?.__typename === 'AllocateFundsSuccess') {
      setMessage(`${money(pence! * res.allocations.length)} allocated to ${childCount(res.allocations.length)}.`);
      setChosen([]);
      setVersion(version() + 1);
      refetch({ requestPolicy: 'network-only' });
    } else
      setErrors(
        res
          ? formErrors(res, { amountPence: 'amount', childIds: 'children', fundingPotId: 'potId' })
          : [{ message: 'Could not allocate just now; try again' }],
      );
  };

  return (
    <>
      <Title>Your district</Title>
      <QueryView result={result} what="your district" retry={() => refetch({ requestPolicy: 'network-only' })}>
        {(data) => (
          <>
            <h1 class="govuk-heading-xl">{data.districtUtilisation[0]?.district.name ?? 'Your district'}</h1>
            <Show when={message()} keyed>
              <Banner success>{message()}</Banner>
            </Show>
            <For each={data.districtUtilisation}>
              {(u) => (
                // Says what its last figure counts: the pots table's "Remaining" is money not yet
                // allocated, a different sum.
                <p class="govuk-body" data-testid="utilisation">
                  Funded {money(u.fundedPence)}: {money(u.allocatedPence)} allocated to children,{' '}
                  {money(u.committedPence)} committed, {money(u.spentPence)} spent, {money(u.leftPence)} not yet
                  committed or spent ({percent(u.shareUsed)} used).
                </p>
              )}
            </For>
            <FundingPotsTable pots={data.fundingPots} title="Your district’s pots" />
            <DistrictSchools version={version()} />

            <h2 class="govuk-heading-l">Allocate to children</h2>
            <SelectField
              id="schoolFilter"
              label="Show children at"
              value={school()}
              onChange={(v) => {
                setSchool(v);
                cursor.go({}, false);
              }}
              options={[
                { value: '', label: 'Every school in your district' },
                ...(data.districtUtilisation[0]?.district.schools ?? []).map((s) => ({ value: s.id, label: s.name })),
              ]}
            />
            <ErrorSummary errors={errors()} />
            <form onSubmit={submit} novalidate>
              <SelectField
                id="potId"
                label="From pot"
                value={potId()}
                onChange={setPotId}
                error={errorFor(errors(), 'potId')}
                options={[
                  { value: '', label: 'Choose a pot' },
                  ...data.fundingPots.map((p) => ({
                    value: p.id,
                    label: `${p.name} (${money(p.remainingPence)} left)`,
                  })),
                ]}
              />
              <TextField
                id="amount"
                label="Amount for each child (£)"
                value={amount()}
                onInput={setAmount}
                error={errorFor(errors(), 'amount')}
                inputmode="decimal"
              />
              <div class={`govuk-form-group${errorFor(errors(), 'children') ? ' govuk-form-group--error' : ''}`}>
                <fieldset
                  class="govuk-fieldset"
                  aria-describedby={errorFor(errors(), 'children') ? 'children-error' : undefined}
                >
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Children (by reference)</legend>
                  <p class="govuk-hint" data-testid="children-count">
                    {data.children.totalCount} children{school() ? ' at this school' : ' in your district'}. Choose
                    children on this page and allocate; moving to another page or school clears your choice.
                  </p>
                  <Show when={errorFor(errors(), 'children')}>
                    <p class="govuk-error-message" id="children-error">
                      <span class="govuk-visually-hidden">Error:</span> {errorFor(errors(), 'children')}
                    </p>
                  </Show>
                  <div class="govuk-checkboxes govuk-checkboxes--small" id="children">
                    <For each={children()}>
                      {(c) => (
                        <div class="govuk-checkboxes__item">
                          <input
                            class="govuk-checkboxes__input"
                            id={`child-${c.reference}`}
                            type="checkbox"
                            checked={chosen().includes(c.id)}
                            onChange={(e) =>
                              setChosen(
                                e.currentTarget.checked ? [...chosen(), c.id] : chosen().filter((x) => x !== c.id),
                              )
                            }
                          />
                          <label class="govuk-label govuk-checkboxes__label" for={`child-${c.reference}`}>
                            {c.reference}, Year {c.yearGroup}, {c.school.name}: {money(c.budget?.allocatedPence ?? 0)}{' '}
                            allocated
                          </label>
                        </div>
                      )}
                    </For>
                  </div>
                </fieldset>
                <CursorPager pageInfo={data.children.pageInfo} label="Children" go={cursor.go} />
              </div>
              <button type="submit" class="govuk-button" disabled={allocateState.fetching}>
                Allocate
              </button>
            </form>
          </>
        )}
      </QueryView>
    </>
  );
}

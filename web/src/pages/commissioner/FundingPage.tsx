import { useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { createFeedback, ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { Checkbox, SelectField, TextField } from '../../components/Fields';
import { FundingPotsTable } from '../../components/FundingPotsTable';
import { Title } from '../../components/Layout';
import { CursorPager, Pager, pageRows, pageVars, useCursorPage, usePage } from '../../components/Pager';
import { childCount, money, parsePounds } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { createRetryKey } from '../../lib/retry-key';
import { AddPotForm, AdjustPotForm, type PotFormName } from './FundingPotForms';

const FundingQuery = graphql(`
  query Funding($schoolId: ID, $limit: Int, $offset: Int, $first: Int, $after: String, $last: Int, $before: String) {
    fundingPots { id name source totalPence allocatedPence remainingPence }
    potsPage: fundingPots(limit: $limit, offset: $offset) { id name source totalPence allocatedPence contractCommittedPence remainingPence }
    schools { id name }
    children(schoolId: $schoolId, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id reference yearGroup school { name } budget { allocatedPence availablePence } } }
    }
  }
`);
const Allocate = graphql(`
  mutation Allocate($input: AllocateFundsInput!) {
    allocateFunds(input: $input) {
      __typename
      ... on AllocateFundsSuccess { allocations { id } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);
/** Funding pots, allocating to children a page at a time (one school's or all), adding and changing pots. */
export default function FundingPage() {
  // The school shown and the page of children are in the address; another school starts at its first page.
  const [params, setParams] = useSearchParams<{ school?: string }>();
  const schoolId = () => (params.school ? String(params.school) : '');
  const [page, setPage] = usePage();
  const cursor = useCursorPage();
  const [result, refetch] = createQuery({
    query: FundingQuery,
    variables: () => ({ schoolId: schoolId() || null, ...pageVars(page()), ...cursor.vars() }),
    requestPolicy: 'cache-and-network',
  });
  const [allocateState, allocate] = createMutation(Allocate);
  const [potId, setPotId] = createSignal('');
  const [amount, setAmount] = createSignal('');
  const [chosen, setChosen] = createSignal<string[]>([]);
  const [errors, setErrors, message, setMessage] = createFeedback();
  const { key, renew: renewKey } = createRetryKey();
  // One error summary at a time: the form last sent (FundingPotForms.tsx).
  const [active, setActive] = createSignal<PotFormName>('allocate');
  const activate = (form: PotFormName) => {
    setActive(form);
    if (form !== 'allocate') setErrors([]);
    // A form sent again: the last success no longer stands beside what this one says (an error).
    if (form !== 'allocate') setMessage('');
  };
  const done = (m: string) => {
    setMessage(m);
    refetch({ requestPolicy: 'network-only' });
  };
  // Choices belong to the page of children shown: another page or school starts afresh.
  createEffect(on([cursor.vars, schoolId], () => setChosen([]), { defer: true }));

  const children = createMemo(() => result.data?.children.edges.map((e) => e.node) ?? []);
  const total = () => (parsePounds(amount()) ?? 0) * chosen().length;

  const submit = async (e: Event) => {
    e.preventDefault();
    setActive('allocate');
    const pence = parsePounds(amount());
    const problems: FormError[] = [];
    if (!potId()) problems.push({ field: 'potId', message: 'Choose the pot to allocate from' });
    if (!pence) problems.push({ field: 'amount', message: 'Enter the amount for each child in pounds, like 300' });
    if (chosen().length === 0) problems.push({ field: 'children', message: 'Choose at least one child' });
    setErrors(problems);
    if (problems.length) return;
    const res = (
      await allocate({
        input: { fundingPotId: potId(), childIds: chosen(), amountPence: pence!, idempotencyKey: key() },
      })
    ).data?.allocateFunds;
    // No answer (a network blip) may still have allocated: the retry keeps its key, so the server
    // answers it with that allocation instead of making a second one. An answer ends the key.
    if (res) renewKey();
    if (res?.__typename === 'AllocateFundsSuccess') {
      setMessage(`${money(pence! * res.allocations.length)} allocated to ${childCount(res.allocations.length)}.`);
      setChosen([]);
      refetch({ requestPolicy: 'network-only' });
    } else {
      setErrors(
        res
          ? formErrors(res, { amountPence: 'amount', childIds: 'children', fundingPotId: 'potId' })
          : [{ message: 'Could not allocate just now; try again' }],
      );
    }
  };

  return (
    <>
      <Title>Funding</Title>
      <h1 class="govuk-heading-xl">Funding</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <QueryView result={result} what="funding" retry={() => refetch()}>
        {(data) => (
          <>
            <FundingPotsTable
              pots={pageRows(data.potsPage)}
              withHistory
              empty="No pots this period yet. Money carried forward from a closed year stays in children’s budgets under that year’s pots; add a pot below to fund this period."
            />
            <Pager page={page()} rows={data.potsPage} label="Funding pots" onPage={setPage} />

            <h2 class="govuk-heading-l">Allocate to children</h2>
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
                label="Amount for each child"
                prefix="£"
                value={amount()}
                onInput={setAmount}
                inputmode="decimal"
                width="govuk-input--width-5"
                error={errorFor(errors(), 'amount')}
              />
              <SelectField
                id="school"
                label="Show children at"
                value={schoolId()}
                onChange={(v) =>
                  setParams({ school: v || undefined, after: undefined, before: undefined, at: undefined })
                }
                options={[
                  { value: '', label: 'All schools' },
                  ...data.schools.map((s) => ({ value: s.id, label: s.name })),
                ]}
              />
              <div class={`govuk-form-group${errorFor(errors(), 'children') ? ' govuk-form-group--error' : ''}`}>
                <fieldset class="govuk-fieldset" aria-describedby="children-count">
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Children</legend>
                  <p class="govuk-hint" id="children-count" data-testid="children-count">
                    {data.children.totalCount} children{schoolId() ? ' at this school' : ''}. Choose children on this
                    page and allocate; moving to another page or school clears your choice.
                  </p>
                  <Show when={errorFor(errors(), 'children')}>
                    <p class="govuk-error-message" id="children-error">
                      <span class="govuk-visually-hidden">Error:</span> {errorFor(errors(), 'children')}
                    </p>
                  </Show>
                  <Checkbox
                    id="children"
                    label={`All ${children().length} on this page`}
                    checked={chosen().length === children().length && children().length > 0}
                    onChange={(on) => setChosen(on ? children().map((c) => c.id) : [])}
                  />
                  <div class="govuk-checkboxes govuk-checkboxes--small">
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
                <CursorPager
                  pageInfo={data.children.pageInfo}
                  label="Children"
                  go={cursor.go}
                  cursor={cursor}
                  total={data.children.totalCount}
                  shown={children().length}
                />
              </div>
              <p class="govuk-body">
                Total: <strong>{money(total())}</strong> to {chosen().length} children.
              </p>
              <button type="submit" class="govuk-button" disabled={allocateState.fetching}>
                Allocate
              </button>
            </form>

            <AddPotForm active={active()} onActive={activate} onDone={done} />
            <AdjustPotForm pots={data.fundingPots} active={active()} onActive={activate} onDone={done} />
          </>
        )}
      </QueryView>
    </>
  );
}

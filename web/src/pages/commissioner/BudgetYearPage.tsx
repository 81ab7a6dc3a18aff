import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, type JSX, Show } from 'solid-js';
import { Banner, QueryView, type Row, SummaryList } from '../../components/Bits';
import { createFeedback, ErrorSummary, type FormError, formErrors } from '../../components/ErrorSummary';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { date, dateTime, label, money } from '../../lib/format';
import { graphql, type ResultOf } from '../../lib/graphql';

// Budget years: preview what closing the current period does, confirm it, and read close reports.

const Report = graphql(`
  fragment CloseReport on PeriodCloseReport @_unmask {
    period nextPeriod startsOn endsOn policy childrenCarried childrenReturned carriedPence returnedPence liveReservedPence closedAt
    pots { name source heldPence allocatedPence contractCommittedPence committedPence spentPence returnedPence carriedPence unallocatedPence }
    funds { name heldPence allocatedPence committedPence spentPence returnedPence carriedPence }
  }
`);
const BudgetYearQuery = graphql(
  `
  query BudgetYear {
    unspentPolicy
    periodClosePreview { ...CloseReport }
    periodCloses { ...CloseReport }
  }
`,
  [Report],
);
const ClosePeriod = graphql(`
  mutation ClosePeriod($input: ClosePeriodInput!) {
    closePeriod(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);
const SetPolicy = graphql(`
  mutation SetUnspentPolicy($input: SetUnspentPolicyInput!) {
    setUnspentPolicy(input: $input) { __typename ... on Error { message } }
  }
`);

type CloseReport = ResultOf<typeof Report>;
const POLICIES = [
  { value: 'CARRY_FORWARD', text: 'Carry forward to the child’s budget for the next period' },
  { value: 'RETURN_TO_POT', text: 'Return to the pots they came from' },
] as const;

/** A table of sums of money: a row header, then one right-aligned amount per column. */
function MoneyTable<R>(props: {
  caption: string;
  size: 'm' | 's';
  rows: R[];
  head: string;
  rowHeader: (row: R) => JSX.Element;
  columns: [string, (row: R) => number][];
}) {
  return (
    <TableBox label={props.caption}>
      <table class="govuk-table">
        <caption class={`govuk-table__caption govuk-table__caption--${props.size}`}>{props.caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              {props.head}
            </th>
            <For each={props.columns}>
              {([h]) => (
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  {h}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={props.rows}>
            {(row) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {props.rowHeader(row)}
                </th>
                <For each={props.columns}>
                  {([, value]) => <td class="govuk-table__cell govuk-table__cell--numeric">{money(value(row))}</td>}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </TableBox>
  );
}

function ReportTables(props: { report: CloseReport; caption: string }) {
  const r = () => props.report;
  const summary = (): Row[] => [
    { key: 'Period', value: <>{`${r().period} (${date(r().startsOn)} to ${date(r().endsOn)})`}</> },
    {
      key: 'Unspent allocations',
      value: <>{r().policy === 'CARRY_FORWARD' ? 'Carried forward' : 'Returned to pots'}</>,
    },
    { key: 'Carried forward', value: <>{`${money(r().carriedPence)} for ${r().childrenCarried} children`}</> },
    { key: 'Returned to pots', value: <>{`${money(r().returnedPence)} from ${r().childrenReturned} children`}</> },
    { key: 'Live commissions keep', value: <>{money(r().liveReservedPence)}</> },
  ];
  return (
    <>
      <SummaryList rows={summary()} />
      <MoneyTable
        caption={props.caption}
        size="m"
        rows={r().pots}
        head="Pot"
        rowHeader={(p) => (
          <>
            {p.name} <span class="govuk-body-s">({label(p.source)})</span>
          </>
        )}
        columns={[
          ['Held', (p) => p.heldPence],
          ['Allocated', (p) => p.allocatedPence],
          ['Contracts', (p) => p.contractCommittedPence],
          ['Committed', (p) => p.committedPence],
          ['Spent', (p) => p.spentPence],
          ['Returned', (p) => p.returnedPence],
          ['Carried', (p) => p.carriedPence],
          ['Unallocated', (p) => p.unallocatedPence],
        ]}
      />
      <Show when={r().funds.length > 0}>
        <MoneyTable
          caption={`District funds, ${r().period}`}
          size="s"
          rows={r().funds}
          head="Fund"
          rowHeader={(f) => f.name}
          columns={[
            ['Held', (f) => f.heldPence],
            ['Allocated', (f) => f.allocatedPence],
            ['Committed', (f) => f.committedPence],
            ['Spent', (f) => f.spentPence],
            ['Returned', (f) => f.returnedPence],
            ['Carried', (f) => f.carriedPence],
          ]}
        />
      </Show>
    </>
  );
}

export default function BudgetYearPage() {
  const [result, refetch] = createQuery({ query: BudgetYearQuery, requestPolicy: 'cache-and-network' });
  const [closeState, close] = createMutation(ClosePeriod);
  const [, setPolicy] = createMutation(SetPolicy);
  const [confirming, setConfirming] = createSignal(false);
  const [errors, setErrors, message, setMessage] = createFeedback();
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const choose = async (policy: (typeof POLICIES)[number]['value']) => {
    const res = (await setPolicy({ input: { policy } })).data?.setUnspentPolicy;
    if (res?.__typename === 'SetUnspentPolicySuccess') {
      setMessage('The setting is saved; the preview below follows it.');
      reload();
    } else setErrors([{ message: res && 'message' in res ? res.message : 'Could not save just now; try again' }]);
  };
  // Before its last day a close is early: the page says so, and the confirmation is the person's say-so.
  const early = (endsOn: string) => new Date().toISOString().slice(0, 10) < endsOn;
  // After an early close the period in force has not begun: it cannot be closed until it has (the
  // server refuses it), so the page says when rather than offer a button that leads to an error.
  const notStarted = (startsOn: string) => new Date().toISOString().slice(0, 10) < startsOn;
  const confirm = async (period: string, endsOn: string) => {
    const res = (await close({ input: { period, early: early(endsOn) } })).data?.closePeriod;
    setConfirming(false);
    if (res?.__typename === 'ClosePeriodSuccess') {
      setErrors([]);
      setMessage(`${period} is closed. Its report is below.`);
      reload();
    } else setErrors(res ? formErrors(res, {}) : [{ message: 'Could not close the period just now; try again' }]);
  };

  return (
    <div class="govuk-width-container">
      <Title>Budget year</Title>
      <h1 class="govuk-heading-xl">Budget year</h1>
      <Show when={message()}>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} title="The period could not be closed" />
      <QueryView result={result} what="the budget year" retry={reload}>
        {(data) => (
          <>
            <h2 class="govuk-heading-l">Unspent allocations at the close</h2>
            <div class="govuk-form-group">
              <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                  What happens to children’s unspent allocations when a period closes
                </legend>
                <div class="govuk-radios govuk-radios--small">
                  <For each={POLICIES}>
                    {(p) => (
                      <div class="govuk-radios__item">
                        <input
                          class="govuk-radios__input"
                          id={`policy-${p.value}`}
                          type="radio"
                          name="policy"
                          checked={data.unspentPolicy === p.value}
                          onChange={() => choose(p.value)}
                        />
                        <label class="govuk-label govuk-radios__label" for={`policy-${p.value}`}>
                          {p.text}
                        </label>
                      </div>
                    )}
                  </For>
                </div>
              </fieldset>
            </div>

            <h2 class="govuk-heading-l">Close {data.periodClosePreview.period}</h2>
            <p class="govuk-body">
              Closing opens {data.periodClosePreview.nextPeriod}. Live commissions keep their reservation; nothing below
              is written until you confirm.
            </p>
            <ReportTables
              report={data.periodClosePreview}
              caption={`What closing ${data.periodClosePreview.period} will do`}
            />
            <Show
              when={confirming()}
              fallback={
                <Show
                  when={!notStarted(data.periodClosePreview.startsOn)}
                  fallback={
                    <p class="govuk-inset-text" id="close-not-yet">
                      {data.periodClosePreview.period} starts on {date(data.periodClosePreview.startsOn)}: it can be
                      closed from then.
                    </p>
                  }
                >
                  <button type="button" class="govuk-button govuk-button--warning" onClick={() => setConfirming(true)}>
                    Close {data.periodClosePreview.period}
                  </button>
                </Show>
              }
            >
              <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong class="govuk-warning-text__text">
                  <span class="govuk-visually-hidden">Warning</span>
                  Closing {data.periodClosePreview.period} cannot be undone.
                  <Show when={early(data.periodClosePreview.endsOn)}>
                    {' '}
                    It runs until {date(data.periodClosePreview.endsOn)}: closing it now ends every child’s{' '}
                    {data.periodClosePreview.period} budget early.
                  </Show>
                </strong>
              </div>
              <div class="govuk-button-group">
                <button
                  type="button"
                  class="govuk-button govuk-button--warning"
                  disabled={closeState.fetching}
                  onClick={() => confirm(data.periodClosePreview.period, data.periodClosePreview.endsOn)}
                >
                  Yes, close {data.periodClosePreview.period}
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </Show>

            <h2 class="govuk-heading-l">Closed periods</h2>
            <Show
              when={data.periodCloses.length > 0}
              fallback={<p class="govuk-body">No period has been closed yet.</p>}
            >
              <For each={data.periodCloses}>
                {(c) => (
                  <div>
                    <h3 class="govuk-heading-m">
                      {c.period}, closed {c.closedAt ? dateTime(c.closedAt) : ''}
                    </h3>
                    <ReportTables report={c} caption={`Close report, ${c.period}`} />
                  </div>
                )}
              </For>
            </Show>
          </>
        )}
      </QueryView>
    </div>
  );
}

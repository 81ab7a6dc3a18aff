import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView, Tag } from '../../components/Bits';
import { ConfirmButton } from '../../components/Confirm';
import { DateInput, isoDate } from '../../components/DateInput';
import {
  createFeedback,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrors,
  settleResult,
} from '../../components/ErrorSummary';
import { TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { PaymentLines } from '../../components/PaymentLines';
import { date, dateTime, money } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { createRetryKey } from '../../lib/retry-key';

const RunsQuery = graphql(`
  query PaymentRunsPage($first: Int, $after: String, $last: Int, $before: String) {
    paymentRuns(first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node {
        id reference runDate status totalPence createdAt paidAt financeReference
        lines { remittanceNumber reference description kind amountPence fundSource supplierName }
      } }
    }
  }
`);
const CreateRun = graphql(`
  mutation CreatePaymentRun($input: CreatePaymentRunInput!) {
    createPaymentRun(input: $input) {
      __typename
      ... on CreatePaymentRunSuccess { paymentRun { id reference totalPence } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);
const MarkPaid = graphql(`
  mutation MarkPaymentRunPaid($input: MarkPaymentRunPaidInput!) {
    markPaymentRunPaid(input: $input) {
      __typename
      ... on MarkPaymentRunPaidSuccess { paymentRun { id reference } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

/** The export's address takes the run's id as the API returns it (opaque: never decoded here). */
const csvHref = (id: string) => `/exports/payment-runs/${encodeURIComponent(id)}.csv`;

type Run = { id: string; reference: string; totalPence: number };

/** A run's "mark paid": the finance system's reference, then a confirmation saying what is paid. */
function MarkPaidForm(props: { run: Run; onPaid: (reference: string) => void }) {
  const [, markPaid] = createMutation(MarkPaid);
  const [finance, setFinance] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const field = `finance-${props.run.reference}`;
  const check = () => {
    const ok = finance().trim().length > 0;
    setErrors(ok ? [] : [{ field, message: 'Enter the finance system’s reference for the payment' }]);
    return ok;
  };
  return (
    <>
      <ErrorSummary errors={errors()} title="The run could not be marked paid" />
      <TextField
        id={field}
        label={`Finance system’s reference for ${props.run.reference}`}
        hint="For example, the BACS batch number"
        value={finance()}
        onInput={setFinance}
        error={errorFor(errors(), field)}
      />
      <ConfirmButton
        label={`Mark ${props.run.reference} paid`}
        confirm="Yes, it is paid"
        confirmLook="primary"
        warning={`This records ${money(props.run.totalPence)} as paid to the providers in ${props.run.reference}, under ${finance() || 'the reference above'}. It cannot be undone.`}
        before={check}
        onConfirm={async () => {
          const r = (await markPaid({ input: { paymentRunId: props.run.id, financeReference: finance().trim() } })).data
            ?.markPaymentRunPaid;
          settleResult(r, setErrors, () => props.onPaid(props.run.reference), { financeReference: field });
        }}
      />
    </>
  );
}

/** Commissioners' payment runs: run one for a date, see what it pays per provider, mark it paid, export it. */
export default function PaymentRunsPage() {
  // Runs a page (each shows all its lines); the page's cursor is in the URL.
  const cursor = useCursorPage(10);
  const [result, refetch] = createQuery({
    query: RunsQuery,
    variables: cursor.vars,
    requestPolicy: 'cache-and-network',
  });
  const [createState, create] = createMutation(CreateRun);
  const [runDate, setRunDate] = createSignal({ day: '', month: '', year: '' });
  const [errors, setErrors, message, setMessage] = createFeedback();
  const { key, renew: renewKey } = createRetryKey();
  const reload = () => refetch({ requestPolicy: 'network-only' });

  // A run cannot be deleted, so the date is checked, then the commissioner asked (ConfirmButton).
  const checkDate = () => {
    setMessage('');
    const ok = isoDate(runDate()) !== null;
    // A date that now reads takes its earlier error away, so the question is not asked beside it.
    setErrors(ok ? [] : [{ field: 'runDate', message: 'Enter the run’s date as a real date, like 31 3 2027' }]);
    return ok;
  };
  const runDay = () => {
    const iso = isoDate(runDate());
    return iso ? date(iso) : 'as above';
  };
  const submit = async () => {
    const iso = isoDate(runDate());
    if (!iso || createState.fetching) return; // a second click would only wait for the first
    const r = (await create({ input: { runDate: iso, idempotencyKey: key() } })).data?.createPaymentRun;
    // A lost answer may still have made the run: the retry keeps the key and gets that run back.
    if (r) renewKey();
    if (r?.__typename === 'CreatePaymentRunSuccess') {
      setErrors([]);
      setMessage(`${r.paymentRun.reference} is created: ${money(r.paymentRun.totalPence)} payable. Check it below.`);
      reload();
    } else setErrors(r ? formErrors(r, { runDate: 'runDate' }) : [{ message: 'Could not create just now; try again' }]);
  };

  return (
    <>
      <Title>Payment runs</Title>
      <h1 class="govuk-heading-xl">Payment runs</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <h2 class="govuk-heading-l">Run payments</h2>
      <p class="govuk-body">
        A run pays the commissions completed on or before its date and contract months ended before it, each once. It
        pays in arrears, so it can be dated no later than the first of next month.
      </p>
      <ErrorSummary errors={errors()} title="The run could not be created" />
      <DateInput
        id="runDate"
        label="Run date"
        value={runDate()}
        onInput={setRunDate}
        error={errorFor(errors(), 'runDate')}
      />
      <ConfirmButton
        label="Create the run"
        confirm="Yes, create the run"
        confirmLook="primary"
        warning={`This makes a payment run dated ${runDay()}: it pays, each once, the commissions completed on or before that day and the contract months ended before it. A run cannot be deleted; nothing is paid until you mark it paid.`}
        before={checkDate}
        onConfirm={submit}
      />
      <QueryView result={result} what="payment runs" retry={() => refetch()}>
        {(data) => (
          <Show when={data.paymentRuns.edges.length > 0} fallback={<p class="govuk-body">No payment runs yet.</p>}>
            <h2 class="govuk-heading-l">Runs</h2>
            <For each={data.paymentRuns.edges.map((e) => e.node)}>
              {(run) => (
                <section class="govuk-!-margin-bottom-8" aria-labelledby={`run-${run.reference}`}>
                  <h3 class="govuk-heading-m" id={`run-${run.reference}`}>
                    {run.reference}: {money(run.totalPence)} <Tag status={run.status} />
                  </h3>
                  <p class="govuk-body">
                    Run for {date(run.runDate)}, created {dateTime(run.createdAt)}.
                    <Show when={run.paidAt}>
                      {(paid) => (
                        <>
                          {' '}
                          Paid {dateTime(paid())} under {run.financeReference}.
                        </>
                      )}
                    </Show>
                  </p>
                  <PaymentLines
                    caption={`${run.reference} by line`}
                    lines={run.lines}
                    totalPence={run.totalPence}
                    supplier
                  />
                  <p class="govuk-body">
                    <a class="govuk-link" href={csvHref(run.id)} download="">
                      Download {run.reference} for finance (CSV)
                    </a>
                  </p>
                  <Show when={run.status === 'CREATED'}>
                    <MarkPaidForm
                      run={run}
                      onPaid={(reference) => {
                        setMessage(`${reference} is marked paid.`);
                        reload();
                      }}
                    />
                  </Show>
                </section>
              )}
            </For>
            <CursorPager pageInfo={data.paymentRuns.pageInfo} label="Payment runs" go={cursor.go} />
          </Show>
        )}
      </QueryView>
    </>
  );
}

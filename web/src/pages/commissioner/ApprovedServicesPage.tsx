import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView, Tag } from '../../components/Bits';
import { DateInput, isoDate } from '../../components/DateInput';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { SelectField, TextArea } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { PAGE_SIZE, Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { ServicePicker } from '../../components/ServicePicker';
import { TableBox } from '../../components/TableBox';
import { date } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const ApprovedQuery = graphql(`
  query ApprovedServices($limit: Int, $offset: Int) {
    approvedServices(limit: $limit, offset: $offset) { service { id name organisation { name } } evidenceRating { code label description } approvedOn reviewOn reviewOverdue note approvedBy }
    evidenceRatings { code label description }
  }
`);
const Approve = graphql(
  `mutation ApproveService($input: ApproveServiceInput!) { approveService(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);
const Withdraw = graphql(
  `mutation WithdrawServiceApproval($input: WithdrawServiceApprovalInput!) { withdrawServiceApproval(input: $input) { __typename ... on Error { message } } }`,
);

const blank = { day: '', month: '', year: '' };

/** The zone's approved services: commissions for any other service always wait for a commissioner. */
export default function ApprovedServicesPage() {
  const [page, setPage] = usePage();
  const [result, refetch] = createQuery({
    query: ApprovedQuery,
    variables: () => pageVars(page()),
    requestPolicy: 'cache-and-network',
  });
  const [, approve] = createMutation(Approve);
  const [, withdraw] = createMutation(Withdraw);
  const [serviceId, setServiceId] = createSignal('');
  const [serviceName, setServiceName] = createSignal('');
  const [rating, setRating] = createSignal('');
  const [approvedOn, setApprovedOn] = createSignal(blank);
  const [reviewOn, setReviewOn] = createSignal(blank);
  const [note, setNote] = createSignal('');
  const [errors, setErrors, message, setMessage] = createFeedback();

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad: FormError[] = [];
    const from = isoDate(approvedOn());
    const to = isoDate(reviewOn());
    if (!serviceId()) bad.push({ field: 'serviceId', message: 'Choose a service' });
    if (!rating()) bad.push({ field: 'evidenceRating', message: 'Choose an evidence rating' });
    if (!from) bad.push({ field: 'approvedOn', message: 'Enter the approval date as a real date, like 30 11 2026' });
    if (!to) bad.push({ field: 'reviewOn', message: 'Enter the review date as a real date, like 30 11 2027' });
    if (bad.length) return setErrors(bad);
    const res = await approve({
      input: { serviceId: serviceId(), evidenceRating: rating(), approvedOn: from!, reviewOn: to!, note: note() },
    });
    settleResult(res.data?.approveService, setErrors, () => {
      setMessage(`${serviceName() || 'The service'} is on the approved list.`);
      setServiceId('');
      setRating('');
      setApprovedOn(blank);
      setReviewOn(blank);
      setNote('');
      refetch({ requestPolicy: 'network-only' });
    });
  };
  const remove = async (id: string, name: string) => {
    const res = await withdraw({ input: { serviceId: id } });
    if (res.data?.withdrawServiceApproval.__typename === 'WithdrawServiceApprovalSuccess') {
      setMessage(`${name} is no longer on the approved list: its commissions now always need approval.`);
      refetch({ requestPolicy: 'network-only' });
    } else setErrors([{ message: 'We could not remove it just now. Try again.' }]);
  };

  return (
    <>
      <Title>Approved services</Title>
      <h1 class="govuk-heading-xl">Approved services</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <p class="govuk-body">
        Commissions for a service on this list are approved at once up to the delegated limit. A commission for any
        other service always waits for a commissioner, whatever its amount. Evidence ratings are the Foundations
        guidebook’s (formerly the Early Intervention Foundation’s), or the listing’s own evidence level.
      </p>
      <QueryView result={result} what="approved services" retry={() => refetch()}>
        {(data) => (
          <>
            <Show when={page() === 0 && data.approvedServices.length <= PAGE_SIZE}>
              <p class="govuk-body" role="status">
                {data.approvedServices.length} approved, {data.approvedServices.filter((a) => a.reviewOverdue).length}{' '}
                overdue for review
              </p>
            </Show>
            <TableBox label="Approved services">
              <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--m">On the list</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      Service
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Evidence rating
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Approved
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Review by
                    </th>
                    <th scope="col" class="govuk-table__header">
                      <span class="govuk-visually-hidden">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={pageRows(data.approvedServices)}>
                    {(a) => (
                      <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">
                          <A class="govuk-link" href={`/services/${encodeURIComponent(a.service.id)}`}>
                            {a.service.name}
                          </A>
                          <br />
                          <span class="govuk-body-s">{a.service.organisation.name}</span>
                        </th>
                        <td class="govuk-table__cell">
                          {a.evidenceRating.label}
                          <br />
                          <span class="govuk-body-s">{a.evidenceRating.description}</span>
                        </td>
                        <td class="govuk-table__cell">
                          {date(a.approvedOn)}
                          <Show when={a.approvedBy}>
                            <br />
                            <span class="govuk-body-s">by {a.approvedBy}</span>
                          </Show>
                        </td>
                        <td class="govuk-table__cell">
                          {date(a.reviewOn)}
                          <Show when={a.reviewOverdue}>
                            {' '}
                            <Tag status="REJECTED" text="Review overdue" />
                          </Show>
                        </td>
                        <td class="govuk-table__cell">
                          <button
                            type="button"
                            class="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                            onClick={() => remove(a.service.id, a.service.name)}
                          >
                            Remove<span class="govuk-visually-hidden"> {a.service.name} from the list</span>
                          </button>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
            <Pager page={page()} rows={data.approvedServices} label="Approved services" onPage={setPage} />

            <h2 class="govuk-heading-l">Approve a service, or change its rating or dates</h2>
            <form onSubmit={submit} novalidate>
              <ServicePicker
                id="serviceId"
                blank="Choose a service"
                commissionableOnly
                value={serviceId()}
                onChange={(id, label) => {
                  setServiceId(id);
                  setServiceName(label);
                }}
                error={errorFor(errors(), 'serviceId')}
              />
              <SelectField
                id="evidenceRating"
                label="Evidence rating"
                value={rating()}
                onChange={setRating}
                error={errorFor(errors(), 'evidenceRating')}
                options={[
                  { value: '', label: 'Choose a rating' },
                  ...data.evidenceRatings.map((r) => ({ value: r.code, label: r.label })),
                ]}
              />
              <DateInput
                id="approvedOn"
                label="Approved on"
                hint="Today or earlier, from 1 January 2000: the approval counts from this date."
                value={approvedOn()}
                onInput={setApprovedOn}
                error={errorFor(errors(), 'approvedOn')}
              />
              <DateInput
                id="reviewOn"
                label="Review by"
                hint="After the approval date and within 10 years of it. Overdue reviews are flagged on this page."
                value={reviewOn()}
                onInput={setReviewOn}
                error={errorFor(errors(), 'reviewOn')}
              />
              <TextArea id="note" label="Note (optional)" value={note()} onInput={setNote} rows={3} />
              <button type="submit" class="govuk-button">
                Save approval
              </button>
            </form>
          </>
        )}
      </QueryView>
    </>
  );
}

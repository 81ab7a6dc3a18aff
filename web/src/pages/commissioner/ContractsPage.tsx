import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { ConfirmButton } from '../../components/Confirm';
import { ContractForm } from '../../components/ContractForm';
import { type ContractRow, ContractTable } from '../../components/ContractTable';
import { createFeedback, ErrorSummary, type FormError, formErrors } from '../../components/ErrorSummary';
import { SelectField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { money } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const ContractsQuery = graphql(`
  query ContractsPage($filter: ContractFilter, $first: Int, $after: String, $last: Int, $before: String) {
    contracts(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node {
        id reference status places placesUsed placesLeft pricePerPlacePence valuePence committedPence releasedPence
        startDate endDate endedOn service { id name } organisation { name } fundingPot { name }
      } }
    }
    fundingPots { id name remainingPence }
  }
`);
const Sign = graphql(`
  mutation SignContract($input: SignContractInput!) {
    signContract(input: $input) {
      __typename
      ... on SignContractSuccess { contract { id reference committedPence } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);
const End = graphql(`
  mutation EndContract($input: EndContractInput!) {
    endContract(input: $input) {
      __typename
      ... on EndContractSuccess { contract { id reference releasedPence } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

type Status = 'DRAFT' | 'SIGNED' | 'ENDED';

/** Commissioners' block contracts: find them, draft one, sign it (money committed), end it. */
export default function ContractsPage() {
  const [status, setStatus] = createSignal('');
  const [ending, setEnding] = createSignal('');
  const cursor = useCursorPage();
  const [result, refetch] = createQuery({
    query: ContractsQuery,
    variables: () => ({
      ...cursor.vars(),
      filter: {
        status: status() ? [status() as Status] : null,
        endingWithinMonths: ending() ? Number(ending()) : null,
      },
    }),
    requestPolicy: 'cache-and-network',
  });
  const [, sign] = createMutation(Sign);
  const [, end] = createMutation(End);
  const [errors, setErrors, message, setMessage] = createFeedback();
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const doSign = async (c: ContractRow) => {
    setMessage('');
    const r = (await sign({ input: { contractId: c.id } })).data?.signContract;
    if (r?.__typename === 'SignContractSuccess') {
      setErrors([]);
      setMessage(
        `${r.contract.reference} is signed: ${money(r.contract.committedPence ?? 0)} is committed from its pot.`,
      );
      reload();
    } else setErrors(r ? formErrors(r) : [{ message: 'Could not sign just now; try again' }]);
  };
  const doEnd = async (c: ContractRow) => {
    setMessage('');
    const r = (await end({ input: { contractId: c.id } })).data?.endContract;
    if (r?.__typename === 'EndContractSuccess') {
      setErrors([]);
      setMessage(`${r.contract.reference} has ended: ${money(r.contract.releasedPence ?? 0)} goes back to its pot.`);
      reload();
    } else setErrors(r ? formErrors(r) : [{ message: 'Could not end just now; try again' }]);
  };

  const actions = (c: ContractRow & { valuePence?: number | null; fundingPot?: { name: string } | null }) => (
    <Show when={c.status !== 'ENDED'} fallback="None">
      <Show
        when={c.status === 'DRAFT'}
        fallback={
          <ConfirmButton
            look="link"
            label={
              <>
                End<span class="govuk-visually-hidden"> {c.reference}</span>
              </>
            }
            confirm="Yes, end it today"
            warning={`Ending ${c.reference} today returns the money for its ${c.placesLeft} unused places to ${c.fundingPot?.name ?? 'its pot'}.`}
            onConfirm={() => doEnd(c)}
          />
        }
      >
        <ConfirmButton
          look="link"
          label={
            <>
              Sign<span class="govuk-visually-hidden"> {c.reference}</span>
            </>
          }
          confirm="Yes, sign and commit the money"
          confirmLook="primary"
          warning={`Signing ${c.reference} commits ${money(c.valuePence ?? c.places * c.pricePerPlacePence)} (${c.places} places at ${money(c.pricePerPlacePence)}) from ${c.fundingPot?.name ?? 'its pot'}.`}
          onConfirm={() => doSign(c)}
        />
      </Show>
    </Show>
  );

  return (
    <>
      <Title>Contracts</Title>
      <h1 class="govuk-heading-xl">Contracts</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <p class="govuk-body">
        <a class="govuk-link" href="/contracts/ending-soon">
          Contracts ending soon
        </a>
        : those ending within 3 or 6 months, with their uptake.
      </p>
      <div class="app-filters">
        <SelectField
          id="statusFilter"
          label="Status"
          value={status()}
          onChange={(v) => {
            setStatus(v);
            cursor.go({}, false);
          }}
          options={[
            { value: '', label: 'Any' },
            { value: 'DRAFT', label: 'Draft' },
            { value: 'SIGNED', label: 'Signed' },
            { value: 'ENDED', label: 'Ended' },
          ]}
        />
        <SelectField
          id="endingFilter"
          label="Ending"
          value={ending()}
          onChange={(v) => {
            setEnding(v);
            cursor.go({}, false);
          }}
          options={[
            { value: '', label: 'Any time' },
            { value: '3', label: 'Within 3 months' },
            { value: '6', label: 'Within 6 months' },
            { value: '12', label: 'Within 12 months' },
          ]}
        />
      </div>
      <QueryView result={result} what="contracts" retry={() => refetch()}>
        {(data) => (
          <>
            <Show when={data.contracts.edges.length > 0} fallback={<p class="govuk-body">No contracts match.</p>}>
              <ContractTable
                caption="Block contracts, soonest ending first"
                contracts={data.contracts.edges.map((e) => e.node)}
                actions={actions}
              />
              <CursorPager pageInfo={data.contracts.pageInfo} label="Contracts" go={cursor.go} />
            </Show>
            <h2 class="govuk-heading-l">Draft a contract</h2>
            <ContractForm
              pots={data.fundingPots}
              onCreated={(reference) => {
                setMessage(`${reference} is drafted. Sign it to commit the money.`);
                reload();
              }}
            />
          </>
        )}
      </QueryView>
    </>
  );
}

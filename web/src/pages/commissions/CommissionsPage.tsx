import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { ProviderActions } from '../../components/CommissionActions';
import { CommissionCard } from '../../components/CommissionCard';
import { ErrorSummary } from '../../components/ErrorSummary';
import { CheckboxGroup, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { PausedCommissions } from '../../components/PausedCommissions';
import { label } from '../../lib/format';
import { CommissionFields } from '../../lib/fragments';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const STATUSES = [
  'REQUESTED',
  'APPROVED',
  'ACCEPTED',
  'COMPLETED',
  'REJECTED',
  'DECLINED',
  'CANCELLED',
  'EXPIRED',
] as const;
type Status = (typeof STATUSES)[number];
// The shape of a commission reference (schema/domain/commission-reference.ts), as people type it.
const REFERENCE = /^\s*(cr)?[\s-]*[2-9a-hjkmnp-tv-z]{5}\s*$/i;

type Order = 'RAISED_NEWEST' | 'RAISED_OLDEST' | 'VALUE_HIGHEST' | 'VALUE_LOWEST' | 'STATUS';
const SORTS: [Order, string][] = [
  ['RAISED_NEWEST', 'Newest raised first'],
  ['RAISED_OLDEST', 'Oldest raised first'],
  ['VALUE_HIGHEST', 'Highest value first'],
  ['VALUE_LOWEST', 'Lowest value first'],
  ['STATUS', 'Status'],
];

const CommissionsQuery = graphql(
  `
  query Commissions($filter: CommissionFilter, $orderBy: CommissionOrder, $after: String, $provider: Boolean!) {
    commissions(first: 25, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...CommissionFields rationale @skip(if: $provider) child { id reference firstName school { name } } } }
    }
  }
`,
  [CommissionFields],
);

/** Commissions for whoever is signed in: a link worker's, a provider's incoming, or the zone's. */
export default function CommissionsPage() {
  const session = useSession();
  const isProvider = () => session.viewer()?.role === 'PROVIDER';
  // The status filter lives in the address (?status=ACCEPTED or ?status=ACCEPTED,DECLINED): dashboards link
  // to it, and it survives a reload or a shared link.
  const [params, setParams] = useSearchParams<{ status?: string; sort?: string }>();
  const sort = () => (SORTS.some(([v]) => v === params.sort) ? (params.sort as Order) : 'RAISED_NEWEST');
  const statuses = () =>
    (params.status ?? '').split(',').filter((s): s is Status => (STATUSES as readonly string[]).includes(s));
  const setStatuses = (values: string[]) => setParams({ status: values.length ? values.join(',') : undefined });
  const [after, setAfter] = createSignal<string | null>(null);
  const [typed, setTyped] = createSignal('');
  const [reference, setReference] = createSignal('');
  const [referenceError, setReferenceError] = createSignal('');
  const find = (e: Event) => {
    e.preventDefault();
    const value = typed().trim();
    if (value && !REFERENCE.test(value)) {
      setReferenceError('Enter a reference like CR-7KQ2M');
      return;
    }
    setReferenceError('');
    setReference(value);
    setAfter(null);
  };
  const [message, setMessage] = createSignal('');
  const [result, refetch] = createQuery({
    query: CommissionsQuery,
    variables: () => ({
      filter:
        statuses().length || reference()
          ? { status: statuses().length ? (statuses() as Status[]) : null, reference: reference() || null }
          : null,
      orderBy: sort(),
      after: after(),
      // Providers may not read the link worker's rationale: they are not sent it.
      provider: isProvider(),
    }),
    requestPolicy: 'cache-and-network',
  });
  const done = (m: string) => {
    setMessage(m);
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <Title>{isProvider() ? 'Incoming commissions' : 'Commissions'}</Title>
      <h1 class="govuk-heading-xl">{isProvider() ? 'Incoming commissions' : 'Commissions'}</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={referenceError() ? [{ field: 'reference', message: referenceError() }] : []} />
      <Show when={isProvider()}>
        <PausedCommissions />
      </Show>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-quarter">
          <form onSubmit={find} novalidate>
            <TextField
              id="reference"
              label="Find by reference"
              hint="For example, CR-7KQ2M"
              labelClass="govuk-label--s"
              width="govuk-input--width-10"
              value={typed()}
              onInput={setTyped}
              error={referenceError() || undefined}
              autocomplete="off"
            />
            <button type="submit" class="govuk-button govuk-button--secondary">
              Find
            </button>
          </form>
          <CheckboxGroup
            id="status"
            label="Status"
            values={statuses()}
            options={STATUSES.map((s) => ({ value: s, label: label(s) }))}
            onChange={(v) => {
              setStatuses(v);
              setAfter(null);
            }}
            small
          />
        </div>
        <div class="govuk-grid-column-three-quarters">
          <QueryView result={result} what="commissions" retry={() => refetch()}>
            {(data) => (
              <>
                <div class="govuk-form-group">
                  <label class="govuk-label govuk-label--s" for="sort">
                    Sort by
                  </label>
                  <select
                    class="govuk-select"
                    id="sort"
                    value={sort()}
                    onChange={(e) => {
                      setParams({
                        sort: e.currentTarget.value === 'RAISED_NEWEST' ? undefined : e.currentTarget.value,
                      });
                      setAfter(null);
                    }}
                  >
                    <For each={SORTS}>{([value, text]) => <option value={value}>{text}</option>}</For>
                  </select>
                </div>
                <p class="govuk-body" role="status">
                  {data.commissions.totalCount}{' '}
                  {data.commissions.totalCount === 1 ? 'commission matches' : 'commissions match'}
                </p>
                <Show when={data.commissions.totalCount === 0 && (statuses().length > 0 || reference())}>
                  <p class="govuk-body">
                    No commissions match. Remove the {reference() ? 'reference search' : 'status filter'} to see more.
                  </p>
                </Show>
                <For each={data.commissions.edges.map((e) => e.node)}>
                  {(node) => (
                    <CommissionCard c={node}>
                      <Show when={isProvider()}>
                        <ProviderActions
                          id={node.id}
                          status={node.status}
                          remaining={node.units - node.unitsDelivered}
                          units={node.units}
                          unitsDelivered={node.unitsDelivered}
                          unitName={node.service.unitName}
                          unitPricePence={node.unitPricePence}
                          amountPence={node.amountPence}
                          organisation={node.organisation.name}
                          onDone={done}
                        />
                      </Show>
                    </CommissionCard>
                  )}
                </For>
                <Show when={data.commissions.pageInfo.hasNextPage}>
                  <button
                    type="button"
                    class="govuk-button govuk-button--secondary"
                    onClick={() => setAfter(data.commissions.pageInfo.endCursor ?? null)}
                  >
                    Next page
                  </button>
                </Show>
              </>
            )}
          </QueryView>
        </div>
      </div>
    </>
  );
}

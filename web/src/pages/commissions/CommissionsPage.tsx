import { A, useLocation, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { ProviderActions } from '../../components/CommissionActions';
import { CommissionCard } from '../../components/CommissionCard';
import {
  CommissionFilters,
  type ListParams,
  REFERENCE,
  STATUSES,
  type Status,
} from '../../components/CommissionFilters';
import { type CommissionOrder, CommissionTable } from '../../components/CommissionTable';
import { createFeedback, ErrorSummary, type FormError } from '../../components/ErrorSummary';
import { Title } from '../../components/Layout';
import { PausedCommissions } from '../../components/PausedCommissions';
import { useSession } from '../../lib/session';
import { realDay, upTo } from '../../lib/url-params';
import { CommissionsQuery } from './commissions-query';

const SORTS: [CommissionOrder, string][] = [
  ['RAISED_NEWEST', 'Newest raised first'],
  ['RAISED_OLDEST', 'Oldest raised first'],
  ['RESPOND_BY_SOONEST', 'Response deadline, soonest first'],
  ['VALUE_HIGHEST', 'Highest value first'],
  ['VALUE_LOWEST', 'Lowest value first'],
  ['STATUS', 'Status'],
];

/** What each filter is called in the empty state's "remove ..." sentence. */
const NAMES: [keyof ListParams, string][] = [
  ['ref', 'reference search'],
  ['status', 'status filter'],
  ['provider', 'provider filter'],
  ['service', 'service filter'],
  ['child', 'child’s reference'],
  ['from', 'first day raised'],
  ['to', 'last day raised'],
];
const listOf = (names: string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');

/** Commissions for whoever is signed in: a link worker's, a provider's incoming, or the zone's. */
export default function CommissionsPage() {
  const session = useSession();
  const location = useLocation();
  const isProvider = () => session.viewer()?.role === 'PROVIDER';
  // Every filter and the order live in the address (?status=ACCEPTED,DECLINED&sort=...): dashboards
  // link to it, and it survives back, forward, a reload or a shared link.
  const [params, setParams] = useSearchParams<ListParams & { after?: string }>();
  const sort = () => (SORTS.some(([v]) => v === params.sort) ? (params.sort as CommissionOrder) : 'RAISED_NEWEST');
  const statuses = () =>
    (params.status ?? '').split(',').filter((s): s is Status => (STATUSES as readonly string[]).includes(s));
  // The page is in the address too (?after=<cursor>), so Back from a commission and a reload land on
  // the same rows; a changed filter or order starts again at the first page.
  const after = () => params.after || null;
  const set = (patch: ListParams) => setParams({ ...patch, after: undefined });
  // A commission opened from a filtered or later page comes back to exactly this list.
  const back = () => (location.search ? location.pathname + location.search : undefined);
  const [errors, setErrors, message, setMessage] = createFeedback();
  const active = () => NAMES.filter(([key]) => params[key]).map(([, name]) => name);
  // Only what the filter form would have sent: its errors point out the rest.
  const from = () => realDay(params.from);
  const to = () => (realDay(params.to) && !(from() && from()! > params.to!) ? params.to : undefined);
  const [result, refetch] = createQuery({
    query: CommissionsQuery,
    variables: () => ({
      filter: {
        status: statuses().length ? statuses() : null,
        reference: params.ref && REFERENCE.test(params.ref) ? params.ref : null,
        organisationId: isProvider() ? null : params.provider || null,
        serviceId: params.service || null,
        childReference: isProvider() ? null : upTo(params.child, 40) || null,
        raisedFrom: from() ?? null,
        raisedTo: to() ?? null,
      },
      orderBy: sort(),
      after: after(),
      // Providers may not read the link worker's rationale: they are not sent it.
      provider: isProvider(),
      // Only the child's link worker and the commission's provider may read a first name: other
      // roles do not ask (each row would come back refused).
      names: isProvider() || session.viewer()?.role === 'LINK_WORKER',
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
      <ErrorSummary errors={errors()} />
      <Show when={isProvider()}>
        <PausedCommissions />
      </Show>
      <h2 class="govuk-heading-m">Filters</h2>
      <div>
        <div>
          <CommissionFilters
            params={params}
            set={set}
            statuses={statuses()}
            providerFilter={!isProvider()}
            organisationId={isProvider() ? session.viewer()?.organisation?.id : params.provider}
            childFilter={!isProvider()}
            onErrors={setErrors}
          />
        </div>
        <div>
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="sort">
              Sort by
            </label>
            <select
              class="govuk-select"
              id="sort"
              onChange={(e) =>
                set({ sort: e.currentTarget.value === 'RAISED_NEWEST' ? undefined : e.currentTarget.value })
              }
            >
              <For each={SORTS}>
                {([value, text]) => (
                  <option value={value} selected={value === sort()}>
                    {text}
                  </option>
                )}
              </For>
            </select>
          </div>
          <QueryView result={result} what="commissions" retry={() => refetch()}>
            {(data) => (
              <>
                <p class="govuk-body" role="status">
                  {data.commissions.totalCount}{' '}
                  {data.commissions.totalCount === 1 ? 'commission matches' : 'commissions match'}
                </p>
                <Show when={data.commissions.totalCount === 0 && active().length > 0}>
                  <p class="govuk-body" id="no-match">
                    No commissions match. Remove the {listOf(active())} to see more, or{' '}
                    <A class="govuk-link" href={location.pathname}>
                      clear all filters
                    </A>
                    .
                  </p>
                </Show>
                <Show
                  when={isProvider()}
                  fallback={
                    <Show when={data.commissions.edges.length > 0}>
                      <CommissionTable
                        rows={data.commissions.edges.map((e) => e.node)}
                        showChild
                        back={back()}
                        sort={sort()}
                        onSort={(order) => set({ sort: order === 'RAISED_NEWEST' ? undefined : order })}
                      />
                    </Show>
                  }
                >
                  <For each={data.commissions.edges.map((e) => e.node)}>
                    {(node) => {
                      return (
                        <CommissionCard c={node} back={back()}>
                          <ProviderActions
                            id={node.id}
                            reference={node.reference}
                            status={node.status}
                            remaining={node.units - node.unitsDelivered}
                            units={node.units}
                            unitsDelivered={node.unitsDelivered}
                            unitName={node.service.unitName}
                            unitPricePence={node.unitPricePence}
                            amountPence={node.amountPence}
                            organisation={node.organisation.name}
                            paidByContract={node.stretch ? null : (node.contract?.reference ?? null)}
                            onDone={done}
                            onRefused={() => setMessage('')}
                            onStale={() => refetch({ requestPolicy: 'network-only' })}
                          />
                        </CommissionCard>
                      );
                    }}
                  </For>
                </Show>
                <Show when={data.commissions.pageInfo.hasNextPage}>
                  <button
                    type="button"
                    class="govuk-button govuk-button--secondary"
                    onClick={() => setParams({ after: data.commissions.pageInfo.endCursor ?? undefined })}
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

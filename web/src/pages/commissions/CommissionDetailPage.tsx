import { A, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { ApprovalActions } from '../../components/ApprovalActions';
import { BackLink, Banner, QueryView, type Row, SummaryList, Tag } from '../../components/Bits';
import { bought, ProviderActions } from '../../components/CommissionActions';
import { Title } from '../../components/Layout';
import { closingReason, commissionName, Timeline } from '../../components/Timeline';
import { commissionAmount, date, dateTime, paidOnCompletion } from '../../lib/format';
import { CommissionFields } from '../../lib/fragments';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';
import { safeNext, useSession } from '../../lib/session';

const CommissionQuery = graphql(
  `
  query CommissionDetail($id: ID!, $provider: Boolean!) {
    node(id: $id) {
      ... on Commission {
        ...CommissionFields
        rationale @skip(if: $provider)
        linkWorker { name }
        child { id reference firstName school { name } }
      }
    }
  }
`,
  [CommissionFields],
);

/** One commission: what, for whom, its money, why it ended if it did, and its full timeline. */
export default function CommissionDetailPage() {
  const routeId = useRouteId();
  const session = useSession();
  const role = () => session.viewer()?.role;
  const [result, refetch] = createQuery({
    query: CommissionQuery,
    // A provider's child is null once the commission is no longer live (the server's rule).
    // Providers are refused the link worker's reason (the server's rule), so they do not ask for it.
    variables: () => ({ id: routeId()!, provider: role() === 'PROVIDER' }),
    requestPolicy: 'cache-and-network',
  });
  const [message, setMessage] = createSignal('');
  const done = (m: string) => {
    setMessage(m);
    refetch({ requestPolicy: 'network-only' });
  };
  const list = () =>
    role() === 'PROVIDER'
      ? { href: '/provider/commissions', text: 'All commissions' }
      : role() === 'COMMISSIONER'
        ? { href: '/commissions', text: 'All commissions' }
        : { href: '/commissions', text: 'Your commissions' };
  // Opened from a filtered or later page of the list (?back=): back to exactly that page, kept only
  // when it is this person's own list on this site (never another address: an open redirect).
  const [params] = useSearchParams<{ back?: string }>();
  const back = () => {
    const to = safeNext(params.back);
    const { href, text } = list();
    return { href: to && new URL(to, window.location.origin).pathname === href ? to : href, text };
  };
  return (
    <>
      <BackLink href={back().href}>{back().text}</BackLink>
      <QueryView result={result} what="the commission" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.node && 'status' in data.node ? data.node : null}
            fallback={
              <>
                <Title>Commission not found</Title>
                <h1 class="govuk-heading-l">Commission not found</h1>
                <p class="govuk-body">It may not exist, or it is not one you can see.</p>
              </>
            }
          >
            {(c) => {
              const child = () => c().child;
              const rows = (): Row[] => [
                ...(child()
                  ? [
                      {
                        key: 'Child',
                        value:
                          role() === 'LINK_WORKER' ? (
                            <A class="govuk-link" href={`/children/${encodeURIComponent(child()!.id)}`}>
                              {child()!.reference}
                              {child()!.firstName ? ` (${child()!.firstName})` : ''}
                            </A>
                          ) : (
                            `${child()!.reference}${child()!.firstName ? ` (${child()!.firstName})` : ''}, ${child()!.school.name}`
                          ),
                      },
                    ]
                  : []),
                { key: 'Reference', value: c().reference },
                ...(c().respondBy ? [{ key: 'Provider to answer by', value: date(c().respondBy!) }] : []),
                { key: 'Provider', value: c().organisation.name },
                {
                  key: 'Amount',
                  value: commissionAmount(c()),
                },
                { key: 'Delivered', value: `${c().unitsDelivered} of ${c().units}` },
                ...(c().status === 'COMPLETED' && c().unitPricePence > 0
                  ? [{ key: 'Paid', value: paidOnCompletion(c()) }]
                  : []),
                ...(c().rationale ? [{ key: 'Why (not shown to the provider)', value: c().rationale }] : []),
                { key: 'Asked of the provider', value: c().requestToProvider },
                {
                  key: 'Raised',
                  value: `by ${c().linkWorker.name}${c().events[0] ? `, ${dateTime(c().events[0]!.at)}` : ''}`,
                },
              ];
              const reason = () => closingReason(c().status, c().events);
              return (
                <>
                  <Title>{`Commission: ${commissionName(c())}`}</Title>
                  <Show when={message()} keyed>
                    {(m) => <Banner success>{m}</Banner>}
                  </Show>
                  <span class="govuk-caption-l">Commission</span>
                  <h1 class="govuk-heading-xl">{commissionName(c())}</h1>
                  <p class="govuk-body">
                    <Tag status={c().status} />
                  </p>
                  <Show when={reason()}>
                    {(r) => (
                      <div class="govuk-inset-text">
                        <strong>Reason given:</strong> {r()}
                      </div>
                    )}
                  </Show>
                  <SummaryList rows={rows()} />
                  <Show when={role() === 'PROVIDER' && ['APPROVED', 'ACCEPTED'].includes(c().status)}>
                    <ProviderActions
                      id={c().id}
                      reference={c().reference}
                      status={c().status}
                      remaining={c().units - c().unitsDelivered}
                      units={c().units}
                      unitsDelivered={c().unitsDelivered}
                      unitName={c().service.unitName}
                      unitPricePence={c().unitPricePence}
                      amountPence={c().amountPence}
                      organisation={c().organisation.name}
                      paidByContract={c().stretch ? null : (c().contract?.reference ?? null)}
                      onDone={done}
                      onRefused={() => setMessage('')}
                      onStale={() => refetch({ requestPolicy: 'network-only' })}
                    />
                  </Show>
                  <Show when={role() === 'COMMISSIONER' && c().status === 'REQUESTED'}>
                    <ApprovalActions
                      id={c().id}
                      reference={c().reference}
                      onDone={done}
                      onRefused={() => setMessage('')}
                      onStale={() => refetch({ requestPolicy: 'network-only' })}
                      amountPence={c().amountPence}
                      what={bought(c().service, c().units)}
                    />
                  </Show>
                  <h2 class="govuk-heading-l">Timeline</h2>
                  <Timeline events={c().events} />
                </>
              );
            }}
          </Show>
        )}
      </QueryView>
    </>
  );
}

import { createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { ApprovalActions } from '../../components/ApprovalActions';
import { Banner, QueryView } from '../../components/Bits';
import { bought } from '../../components/CommissionActions';
import { CommissionCard } from '../../components/CommissionCard';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { money } from '../../lib/format';
import { QueueQuery } from './approvals-query';

/** Commissions over the delegated limit waiting for a decision, with the child's money beside each. */
export default function ApprovalsPage() {
  // A page of 25 at a time, in the address (?after=), however long the queue grows.
  const cursor = useCursorPage(25);
  const [result, refetch] = createQuery({
    query: QueueQuery,
    variables: () => cursor.vars(),
    requestPolicy: 'cache-and-network',
  });
  const [message, setMessage] = createSignal('');
  const done = (m: string) => {
    setMessage(m);
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <Title>Approvals</Title>
      <h1 class="govuk-heading-xl">Waiting for approval</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <QueryView result={result} what="the approval queue" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.commissions.totalCount > 0}
            fallback={<p class="govuk-body">Nothing is waiting for approval.</p>}
          >
            <p class="govuk-body" role="status">
              {data.commissions.totalCount} waiting
            </p>
            <Show when={data.commissions.edges.length === 0}>
              <p class="govuk-body">
                Nothing left on this page.{' '}
                <button type="button" class="govuk-button govuk-button--secondary" onClick={() => cursor.go({})}>
                  Go to the first page
                </button>
              </p>
            </Show>
            <For each={data.commissions.edges.map((e) => e.node)}>
              {(node) => (
                <CommissionCard c={node}>
                  <Show when={node.approvalReason}>
                    {(why) => (
                      <div class="govuk-inset-text">
                        <strong>Why it needs approval:</strong> {why()}
                      </div>
                    )}
                  </Show>
                  <Show when={node.child?.budget}>
                    {(b) => (
                      <p class="govuk-body">
                        Child {node.child?.reference}, Year {node.child?.yearGroup}, {node.child?.school.name}:{' '}
                        {money(b().allocatedPence)} allocated, {money(b().spentPence)} spent, {money(b().reservedPence)}{' '}
                        reserved (including this), {money(b().availablePence)} available.
                      </p>
                    )}
                  </Show>
                  <ApprovalActions
                    id={node.id}
                    reference={node.reference}
                    onDone={done}
                    onRefused={() => setMessage('')}
                    onStale={() => refetch({ requestPolicy: 'network-only' })}
                    amountPence={node.amountPence}
                    what={bought(node.service, node.units)}
                  />
                </CommissionCard>
              )}
            </For>
            <CursorPager pageInfo={data.commissions.pageInfo} label="Approvals" go={cursor.go} />
          </Show>
        )}
      </QueryView>
    </>
  );
}

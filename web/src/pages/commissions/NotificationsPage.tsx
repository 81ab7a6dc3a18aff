import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { QueryView, Tag } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { commissionHref, commissionName } from '../../components/Timeline';
import { dateTime } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const NotificationsQuery = graphql(`
  query Notifications($first: Int, $after: String, $last: Int, $before: String) {
    viewer { id unreadNotificationCount notifications(first: $first, after: $after, last: $last, before: $before) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id kind message read createdAt commission { id reference status service { name } child { reference } } child { id reference } } } } }
  }
`);
const MarkRead = graphql(
  `mutation MarkRead($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { __typename } }`,
);

export default function NotificationsPage() {
  const session = useSession();
  const cursor = useCursorPage();
  const [result, refetch] = createQuery({
    query: NotificationsQuery,
    variables: () => cursor.vars(),
    requestPolicy: 'cache-and-network',
  });
  const [, markRead] = createMutation(MarkRead);
  const markAll = async () => {
    await markRead({ input: {} });
    refetch({ requestPolicy: 'network-only' });
    session.refresh();
  };
  return (
    <>
      <Title>Notifications</Title>
      <h1 class="govuk-heading-xl">Notifications</h1>
      <p class="govuk-body">
        <A class="govuk-link" href="/email-settings">
          Choose which of these we email you
        </A>
      </p>
      <QueryView result={result} what="notifications" retry={() => refetch()}>
        {(data) => (
          <>
            <p class="govuk-body" role="status">
              {data.viewer?.unreadNotificationCount ?? 0} unread
            </p>
            <Show when={(data.viewer?.unreadNotificationCount ?? 0) > 0}>
              <button type="button" class="govuk-button govuk-button--secondary" onClick={markAll}>
                Mark all as read
              </button>
            </Show>
            <ul class="govuk-list govuk-list--spaced">
              <For
                each={(data.viewer?.notifications?.edges ?? []).map((e) => e.node)}
                fallback={<li>No notifications yet.</li>}
              >
                {(node) => (
                  <li>
                    <Show when={!node.read}>
                      <Tag status="REQUESTED" text="New" />{' '}
                    </Show>
                    <Show when={node.commission}>
                      {(c) => (
                        <>
                          <A class="govuk-link govuk-!-font-weight-bold" href={commissionHref(c().id)}>
                            {commissionName(c())}
                          </A>
                          <br />
                        </>
                      )}
                    </Show>
                    <Show when={node.child}>
                      {(c) => (
                        <>
                          <A
                            class="govuk-link govuk-!-font-weight-bold"
                            href={`/children/${encodeURIComponent(c().id)}`}
                          >
                            Child {c().reference}
                          </A>
                          <br />
                        </>
                      )}
                    </Show>
                    {node.message}
                    <br />
                    <span class="govuk-body-s">{dateTime(node.createdAt)}</span>
                  </li>
                )}
              </For>
            </ul>
            <Show when={data.viewer?.notifications?.pageInfo}>
              {(info) => <CursorPager pageInfo={info()} label="Notifications" go={cursor.go} />}
            </Show>
          </>
        )}
      </QueryView>
    </>
  );
}

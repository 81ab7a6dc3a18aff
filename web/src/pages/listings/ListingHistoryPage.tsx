import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { BackLink, Banner, QueryView, Tag } from '../../components/Bits';
import { ConfirmButton, ConfirmRow } from '../../components/Confirm';
import { Title } from '../../components/Layout';
import { RevisionDiff } from '../../components/RevisionDiff';
import { TableBox } from '../../components/TableBox';
import { dateTime } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';
import { useSession } from '../../lib/session';

const HistoryQuery = graphql(`
  query ListingHistory($id: ID!) {
    node(id: $id) {
      ... on Service {
        id name status
        pendingRevision { id authorName createdAt changes { field label before after } }
        versions { id status createdAt authorName decidedAt decidedByName reason changedFields restoredFrom }
      }
    }
  }
`);
const Restore = graphql(`
  mutation RestoreListingVersion($input: RestoreServiceVersionInput!) {
    restoreServiceVersion(input: $input) {
      __typename ... on RestoreServiceVersionSuccess { service { id pendingRevision { id } } } ... on Error { message }
    }
  }
`);

const STATUS_TEXT: Record<string, string> = {
  APPLIED: 'Live version',
  PENDING: 'Waiting for approval',
  REJECTED: 'Not approved',
  SUPERSEDED: 'Replaced',
};

/** A listing's versions: its provider, commissioners and administrators. */
export default function ListingHistoryPage() {
  const id = useRouteId();
  const session = useSession();
  const [result, refetch] = createQuery({
    query: HistoryQuery,
    variables: () => ({ id: id() ?? '' }),
    requestPolicy: 'cache-and-network',
  });
  const [, restore] = createMutation(Restore);
  const [message, setMessage] = createSignal<{ text: string; ok: boolean } | null>(null);
  const back = () => (session.viewer()?.role === 'PROVIDER' ? '/provider/listings' : '/listing-changes');
  const doRestore = async (revisionId: string) => {
    const r = (await restore({ input: { revisionId } })).data?.restoreServiceVersion;
    if (r?.__typename === 'RestoreServiceVersionSuccess') {
      setMessage({
        ok: true,
        text: r.service.pendingRevision
          ? 'The earlier version is waiting for approval. The directory shows the listing as it is until then.'
          : 'The earlier version is restored and live.',
      });
    } else setMessage({ ok: false, text: r && 'message' in r ? r.message : 'We could not restore it just now' });
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <BackLink href={back()}>Back</BackLink>
      <Title>Version history</Title>
      <QueryView result={result} what="the version history" retry={() => refetch()}>
        {(data) => {
          const s = data.node?.__typename === 'Service' ? data.node : null;
          return (
            <Show
              when={s}
              fallback={
                <>
                  {/* Every page has its heading, a missing listing's too (axe: page-has-heading-one). */}
                  <h1 class="govuk-heading-xl">Listing not found</h1>
                  <p class="govuk-body">There is no listing here that you can see.</p>
                </>
              }
            >
              {(service) => {
                const live = () => service().versions.find((v) => v.status === 'APPLIED')?.id;
                return (
                  <>
                    <span class="govuk-caption-l">Version history</span>
                    <h1 class="govuk-heading-xl">{service().name}</h1>
                    <Show when={message()} keyed>
                      {(m) => <Banner success={m.ok}>{m.text}</Banner>}
                    </Show>
                    <p class="govuk-body">
                      <A href={`/services/${encodeURIComponent(service().id)}`} class="govuk-link">
                        See the listing as the directory shows it
                      </A>
                    </p>
                    <Show when={service().pendingRevision} keyed>
                      {(p) => (
                        <>
                          <h2 class="govuk-heading-m">Waiting for approval</h2>
                          <p class="govuk-body">
                            Changed by {p.authorName ?? 'someone'} on {dateTime(p.createdAt)}. A commissioner or
                            administrator approves or rejects it.
                          </p>
                          <TableBox label="Changes waiting for approval">
                            <RevisionDiff changes={p.changes} caption="What would change" />
                          </TableBox>
                        </>
                      )}
                    </Show>
                    <h2 class="govuk-heading-m">Versions</h2>
                    <Show
                      when={service().versions.length}
                      fallback={<p class="govuk-body">No changes recorded yet.</p>}
                    >
                      <TableBox label="Versions">
                        <table class="govuk-table">
                          <caption class="govuk-table__caption govuk-visually-hidden">
                            Versions of {service().name}, newest first
                          </caption>
                          <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                              <th scope="col" class="govuk-table__header">
                                When
                              </th>
                              <th scope="col" class="govuk-table__header">
                                Who
                              </th>
                              <th scope="col" class="govuk-table__header">
                                What changed
                              </th>
                              <th scope="col" class="govuk-table__header">
                                Status
                              </th>
                              <th scope="col" class="govuk-table__header">
                                <span class="govuk-visually-hidden">Actions</span>
                              </th>
                            </tr>
                          </thead>
                          <tbody class="govuk-table__body">
                            <For each={service().versions}>
                              {(v) => (
                                <ConfirmRow>
                                  <td class="govuk-table__cell">{dateTime(v.createdAt)}</td>
                                  <td class="govuk-table__cell">
                                    {v.authorName ?? '—'}
                                    <Show when={v.decidedByName}>
                                      <br />
                                      <span class="govuk-body-s">decided by {v.decidedByName}</span>
                                    </Show>
                                  </td>
                                  <td class="govuk-table__cell">
                                    {v.restoredFrom ? 'Restored an earlier version: ' : ''}
                                    {v.changedFields.join(', ') || 'Nothing'}
                                    <Show when={v.reason}>
                                      <br />
                                      <span class="govuk-body-s">Reason: {v.reason}</span>
                                    </Show>
                                  </td>
                                  <td class="govuk-table__cell">
                                    <Tag
                                      status={
                                        v.status === 'APPLIED' ? (v.id === live() ? 'PUBLISHED' : 'DRAFT') : v.status
                                      }
                                      text={
                                        v.status === 'APPLIED' && v.id !== live()
                                          ? 'Earlier version'
                                          : STATUS_TEXT[v.status]
                                      }
                                    />
                                  </td>
                                  <td class="govuk-table__cell">
                                    <Show when={v.status === 'APPLIED' && v.id !== live()}>
                                      <ConfirmButton
                                        look="link"
                                        label={
                                          <>
                                            Restore
                                            <span class="govuk-visually-hidden">
                                              {' '}
                                              the version of {dateTime(v.createdAt)}
                                            </span>
                                          </>
                                        }
                                        confirm="Yes, restore it"
                                        confirmLook="primary"
                                        warning="The listing goes back to this version, as a new version. When your partnership approves listing changes, it waits for approval."
                                        onConfirm={() => doRestore(v.id)}
                                      />
                                    </Show>
                                  </td>
                                </ConfirmRow>
                              )}
                            </For>
                          </tbody>
                        </table>
                      </TableBox>
                    </Show>
                  </>
                );
              }}
            </Show>
          );
        }}
      </QueryView>
    </>
  );
}

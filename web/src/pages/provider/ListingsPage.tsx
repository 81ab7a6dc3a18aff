import { A, useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView, Tag } from '../../components/Bits';
import { ConfirmButton, ConfirmRow } from '../../components/Confirm';
import { Checkbox } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { TableBox } from '../../components/TableBox';
import { date, label, price } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const ListingsQuery = graphql(`
  query MyListings($status: [ServiceStatus!], $pending: Boolean, $review: Boolean, $first: Int, $after: String, $last: Int, $before: String) {
    viewer { id organisation { id name services(first: $first, after: $after, last: $last, before: $before, status: $status, pendingApproval: $pending, needsReview: $review) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id name status unitPricePence unitName costOptions { amountPence per } capacity stale lastReviewedAt } } } } }
  }
`);
const Publish = graphql(
  `mutation Publish($input: PublishServiceInput!) { publishService(input: $input) { __typename ... on Error { message } } }`,
);
const Reviewed = graphql(
  `mutation Reviewed($input: MarkServiceReviewedInput!) { markServiceReviewed(input: $input) { __typename ... on Error { message } } }`,
);
const Archive = graphql(
  `mutation Archive($input: ArchiveServiceInput!) { archiveService(input: $input) { __typename ... on Error { message } } }`,
);

const STATUSES = ['PUBLISHED', 'DRAFT', 'ARCHIVED'] as const;
type Status = (typeof STATUSES)[number];
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default function ListingsPage() {
  const [filters, setParams] = useSearchParams();
  // A filter change starts again from the first page.
  const setFilters = (patch: Record<string, string | undefined>) =>
    setParams({ ...patch, after: undefined, before: undefined });
  const cursor = useCursorPage();
  const status = () => STATUSES.find((x) => x === one(filters.status)) as Status | undefined;
  const pending = () => one(filters.pending) === 'yes';
  const review = () => one(filters.review) === 'yes';
  const filtered = () => Boolean(status() || pending() || review());
  const [result, refetch] = createQuery({
    query: ListingsQuery,
    variables: () => ({
      status: status() ? [status() as Status] : null,
      pending: pending() || null,
      review: review() || null,
      ...cursor.vars(),
    }),
    requestPolicy: 'cache-and-network',
  });
  const removeWhich = () =>
    [status() && 'the status', pending() && '“Waiting for approval”', review() && '“Needs review”']
      .filter(Boolean)
      .join(' or ');
  const [, publish] = createMutation(Publish);
  const [, archive] = createMutation(Archive);
  const [, reviewed] = createMutation(Reviewed);
  // After the listing form saves (?saved=1, or ?pending=1 when the changes await approval; the
  // "Waiting for approval" filter is pending=yes): the banner shows once, and the address loses the
  // flag (replacing this history entry) so a reload or Back does not bring it back.
  const savedPending = one(filters.pending) === '1';
  const [message, setMessage] = createSignal<{ text: string; ok: boolean } | null>(
    savedPending
      ? {
          ok: true,
          text: 'Your changes are waiting for approval. The directory shows the listing as it was until a commissioner approves them.',
        }
      : filters.saved
        ? { ok: true, text: 'Listing saved.' }
        : null,
  );
  if (savedPending || filters.saved)
    setParams({ saved: undefined, pending: savedPending ? undefined : filters.pending }, { replace: true });
  const act = async (
    run: () => Promise<{ data?: { [k: string]: { __typename: string; message?: string } } }>,
    ok: string,
  ) => {
    const res = await run();
    const r = res.data && Object.values(res.data)[0];
    setMessage(
      r?.__typename.endsWith('Success')
        ? { text: ok, ok: true }
        : { text: r?.message ?? 'Could not save just now', ok: false },
    );
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <Title>Listings</Title>
      <h1 class="govuk-heading-xl">Your listings</h1>
      <Show when={message()} keyed>
        {(m) => <Banner success={m.ok}>{m.text}</Banner>}
      </Show>
      <A href="/provider/listings/new" class="govuk-button" role="button">
        Add a listing
      </A>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="status">
          Status
        </label>
        <select
          class="govuk-select"
          id="status"
          value={status() ?? ''}
          onChange={(e) => setFilters({ status: e.currentTarget.value || undefined })}
        >
          <option value="">Any status</option>
          <For each={STATUSES}>{(x) => <option value={x}>{label(x)}</option>}</For>
        </select>
      </div>
      <div class="govuk-form-group">
        <Checkbox
          id="pending"
          label="Waiting for approval"
          checked={pending()}
          onChange={(on) => setFilters({ pending: on ? 'yes' : undefined })}
        />
        <Checkbox
          id="review"
          label="Needs review (five months or more unreviewed)"
          checked={review()}
          onChange={(on) => setFilters({ review: on ? 'yes' : undefined })}
        />
      </div>
      <QueryView result={result} what="your listings" retry={() => refetch()}>
        {(data) => (
          <>
            <p class="govuk-body" role="status" data-testid="listings-count">
              {data.viewer?.organisation?.services.totalCount ?? 0}{' '}
              {data.viewer?.organisation?.services.totalCount === 1 ? 'listing matches' : 'listings match'}
            </p>
            <Show when={filtered() && data.viewer?.organisation?.services.totalCount === 0}>
              <p class="govuk-body" data-testid="listings-empty">
                No listings match. Remove the filter on {removeWhich()} to see more.
              </p>
            </Show>
            <TableBox label="Listings">
              <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--m">
                  {data.viewer?.organisation?.name}
                </caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      Listing
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Status
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Price
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Reviewed
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Actions
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={(data.viewer?.organisation?.services.edges ?? []).map((e) => e.node)}>
                    {(node) => (
                      <ConfirmRow>
                        <th scope="row" class="govuk-table__header">
                          <A href={`/services/${encodeURIComponent(node.id)}`} class="govuk-link">
                            {node.name}
                          </A>
                        </th>
                        <td class="govuk-table__cell">
                          <Tag status={node.status} />{' '}
                          <Show when={node.stale}>
                            <Tag status="STALE" text="Stale" />
                          </Show>
                        </td>
                        <td class="govuk-table__cell">{price(node.unitPricePence, node.unitName, node.costOptions)}</td>
                        <td class="govuk-table__cell">{date(node.lastReviewedAt)}</td>
                        <td class="govuk-table__cell">
                          <A href={`/provider/listings/${encodeURIComponent(node.id)}/edit`} class="govuk-link">
                            Edit<span class="govuk-visually-hidden"> {node.name}</span>
                          </A>
                          {' · '}
                          <A href={`/listings/${encodeURIComponent(node.id)}/history`} class="govuk-link">
                            History<span class="govuk-visually-hidden"> of {node.name}</span>
                          </A>
                          <Show when={node.status !== 'PUBLISHED'}>
                            {' · '}
                            <button
                              type="button"
                              class="app-link-button"
                              onClick={() =>
                                act(() => publish({ input: { serviceId: node.id } }), `${node.name} is published.`)
                              }
                            >
                              Publish<span class="govuk-visually-hidden"> {node.name}</span>
                            </button>
                          </Show>
                          <Show when={node.stale && node.status !== 'ARCHIVED'}>
                            {' · '}
                            <button
                              type="button"
                              class="app-link-button"
                              onClick={() =>
                                act(
                                  () => reviewed({ input: { serviceId: node.id } }),
                                  `${node.name} is marked as reviewed.`,
                                )
                              }
                            >
                              Still accurate<span class="govuk-visually-hidden">: mark {node.name} as reviewed</span>
                            </button>
                          </Show>
                          <Show when={node.status !== 'ARCHIVED'}>
                            {' · '}
                            <ConfirmButton
                              look="link"
                              label={
                                <>
                                  Archive<span class="govuk-visually-hidden"> {node.name}</span>
                                </>
                              }
                              confirm="Yes, archive it"
                              warning={`${node.name} will leave the directory: nobody will find or commission it.`}
                              onConfirm={() =>
                                act(() => archive({ input: { serviceId: node.id } }), `${node.name} is archived.`)
                              }
                            />
                          </Show>
                        </td>
                      </ConfirmRow>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
            <Show when={data.viewer?.organisation?.services.pageInfo}>
              {(info) => (
                <CursorPager
                  pageInfo={info()}
                  label="Listings"
                  go={cursor.go}
                  shown={data.viewer?.organisation?.services.edges.length}
                  total={data.viewer?.organisation?.services.totalCount}
                />
              )}
            </Show>
          </>
        )}
      </QueryView>
    </>
  );
}

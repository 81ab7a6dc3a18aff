import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, type JSX, Show } from 'solid-js';
import { QueryView, Tag } from '../../components/Bits';
import { DataTable } from '../../components/DataTable';
import { Title } from '../../components/Layout';
import { label } from '../../lib/format';
import { useSession } from '../../lib/session';
import { NAV } from '../../routes';
import { DashboardQuery } from './dashboard-query';

// Where each role's commission counts lead: its commissions list, filtered by the status.
const COMMISSIONS_LIST: Record<string, string> = {
  LINK_WORKER: '/commissions',
  COMMISSIONER: '/commissions',
  PROVIDER: '/provider/commissions',
};
const OVERVIEW: Record<string, { href: string; text: string }> = {
  DISTRICT_LEAD: { href: '/district', text: 'Your district’s children, funding and spend' },
  SCHOOL_LEAD: { href: '/school', text: 'Your school’s children, spend and outcomes' },
};

// The provider's listings a review is due on: published, unreviewed for five months (the dashboard's count).
const REVIEW_DUE_LIST = '/provider/listings?status=PUBLISHED&review=yes';

type Waiting = { count: number | null | undefined; text: string; href: string; tag: string };

/** Each role's landing page: what waits for them, and their commissions by status, each a link to its list. */
export default function DashboardPage() {
  const session = useSession();
  const role = () => session.viewer()?.role ?? '';
  const [result, refetch] = createQuery({ query: DashboardQuery, requestPolicy: 'cache-and-network' });
  const sections = () => (NAV[role()] ?? []).filter((item) => item.section);
  return (
    <>
      <Title>Dashboard</Title>
      <h1 class="govuk-heading-xl">Dashboard</h1>
      <QueryView result={result} what="your dashboard" retry={() => refetch()}>
        {(data) => {
          const d = data.dashboard;
          const providerCount = (status: string) =>
            role() === 'PROVIDER' ? (d.commissionsByStatus.find((c) => c.status === status)?.count ?? 0) : null;
          const waiting = (): Waiting[] =>
            [
              { count: d.approvalsWaiting, text: 'Approvals waiting', href: '/approvals', tag: 'REQUESTED' },
              {
                count: d.organisationRequestsWaiting,
                text: 'Requests to join waiting',
                href: '/admin/organisations',
                tag: 'REQUESTED',
              },
              {
                count: d.listingChangesWaiting,
                text: 'Listing changes waiting',
                href: '/listing-changes',
                tag: 'REQUESTED',
              },
              // A provider's commissions wait on them twice: to be accepted or declined, then delivered.
              {
                count: providerCount('APPROVED'),
                text: 'Commissions to accept or decline',
                href: '/provider/commissions?status=APPROVED',
                tag: 'APPROVED',
              },
              {
                count: providerCount('ACCEPTED'),
                text: 'Commissions to deliver',
                href: '/provider/commissions?status=ACCEPTED',
                tag: 'ACCEPTED',
              },
              {
                count: d.listingsDueForReview,
                text: 'Listings due for review',
                href: REVIEW_DUE_LIST,
                tag: 'STALE',
              },
              {
                // The stale are among those due (the list tags them), so both lead to one list.
                count: d.staleListings,
                text: 'Stale listings (six months unreviewed)',
                href: REVIEW_DUE_LIST,
                tag: 'ARCHIVED',
              },
              { count: d.outcomesOverdue, text: 'Children with outcomes overdue', href: '/caseload', tag: 'REJECTED' },
              { count: d.outcomesDue, text: 'Children with outcomes due', href: '/caseload', tag: 'REQUESTED' },
            ].filter((w) => w.count != null);
          const list = () => COMMISSIONS_LIST[role()];
          const total = () => d.commissionsByStatus.reduce((n, c) => n + c.count, 0);
          const statusCell = (status: string): JSX.Element =>
            list() ? (
              <A href={`${list()}?status=${status}`} class="govuk-link app-tag-link">
                <Tag status={status} />
              </A>
            ) : (
              <Tag status={status} />
            );
          return (
            <>
              <Show when={waiting().length}>
                <h2 class="govuk-heading-l">Waiting for you</h2>
                <ul class="govuk-list app-dashboard-counts">
                  <For each={waiting()}>
                    {(w) => (
                      <li>
                        <A href={w.href} class="govuk-link">
                          <strong class={`govuk-tag ${w.count ? '' : 'govuk-tag--grey'} app-count`}>{w.count}</strong>{' '}
                          {w.text}
                        </A>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={role() !== 'ADMIN'}>
                <DataTable
                  id="commissions-by-status"
                  caption={`Commissions by status (${total()} in all)`}
                  captionClass="govuk-table__caption--l"
                  rows={d.commissionsByStatus}
                  sortBy={{ key: 'count', direction: 'descending' }}
                  empty="No commissions yet."
                  columns={[
                    {
                      key: 'status',
                      label: 'Status',
                      sort: (c) => label(c.status),
                      cell: (c) => statusCell(c.status),
                      rowHeader: true,
                    },
                    { key: 'count', label: 'Commissions', numeric: true, sort: (c) => c.count, cell: (c) => c.count },
                  ]}
                />
              </Show>
              <Show when={OVERVIEW[role()]}>
                {(o) => (
                  <p class="govuk-body">
                    <A href={o().href} class="govuk-link">
                      {o().text}
                    </A>
                  </p>
                )}
              </Show>
              <For each={sections()}>
                {(item) => (
                  <>
                    <h2 class="govuk-heading-m">{item.label}</h2>
                    <ul class="govuk-list">
                      <For each={item.section}>
                        {(page) => (
                          <li>
                            <A href={page.href} class="govuk-link">
                              {page.label}
                            </A>
                          </li>
                        )}
                      </For>
                    </ul>
                  </>
                )}
              </For>
            </>
          );
        }}
      </QueryView>
    </>
  );
}

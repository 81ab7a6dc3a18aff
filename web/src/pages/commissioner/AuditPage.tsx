import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { commissionHref, commissionName } from '../../components/Timeline';
import { dateTime, label } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const AuditQuery = graphql(`
  query Audit($after: String) {
    auditEvents(first: 50, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id at action entityType actor { name } commission { id service { name } child { reference } } } }
    }
  }
`);

/** A record's type in words: FundingPot is "Funding pot". */
const recordName = (type: string) => type.replace(/(?<=[a-z])([A-Z])/g, (c) => ` ${c.toLowerCase()}`);

/** Who did what, when: every change, and every read of a child's full record. */
export default function AuditPage() {
  const [after, setAfter] = createSignal<string | null>(null);
  const [result, refetch] = createQuery({
    query: AuditQuery,
    variables: () => ({ after: after() }),
    requestPolicy: 'cache-and-network',
  });
  return (
    <>
      <Title>Audit trail</Title>
      <h1 class="govuk-heading-xl">Audit trail</h1>
      <QueryView result={result} what="the audit trail" retry={() => refetch()}>
        {(data) => (
          <>
            <TableBox label="Audit log">
              <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--m">Newest first</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      When
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Who
                    </th>
                    <th scope="col" class="govuk-table__header">
                      What
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Record
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={data.auditEvents.edges.map((e) => e.node)}>
                    {(event) => (
                      <tr class="govuk-table__row">
                        <td class="govuk-table__cell app-nowrap">{dateTime(event.at)}</td>
                        <td class="govuk-table__cell">{event.actor?.name ?? 'System'}</td>
                        <td class="govuk-table__cell">{label(event.action)}</td>
                        <td class="govuk-table__cell">
                          <Show when={event.commission} fallback={recordName(event.entityType)}>
                            {(c) => (
                              <A class="govuk-link" href={commissionHref(c().id)}>
                                {commissionName(c())}
                              </A>
                            )}
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
            <Show when={data.auditEvents.pageInfo.hasNextPage}>
              <button
                type="button"
                class="govuk-button govuk-button--secondary"
                onClick={() => setAfter(data.auditEvents.pageInfo.endCursor ?? null)}
              >
                Older events
              </button>
            </Show>
          </>
        )}
      </QueryView>
    </>
  );
}

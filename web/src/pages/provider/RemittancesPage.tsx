import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { QueryView, Tag } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { Pager, pageVars, usePage } from '../../components/Pager';
import { PaymentLines } from '../../components/PaymentLines';
import { date, dateTime, money } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const RemittancesQuery = graphql(`
  query Remittances($limit: Int, $offset: Int) {
    remittances(limit: $limit, offset: $offset) {
      remittanceNumber runReference runDate status totalPence paidAt financeReference
      lines { remittanceNumber reference description kind amountPence fundSource }
    }
  }
`);

/** Remittances a page (each with its lines). */
const PAGE = 10;

/** A provider's remittances: what each payment run pays it, line by line, a page at a time. */
export default function RemittancesPage() {
  const [page, setPage] = usePage();
  const [result, refetch] = createQuery({
    query: RemittancesQuery,
    // One more than the page shows: its presence is what tells "Next page" to appear.
    variables: () => pageVars(page(), PAGE),
    requestPolicy: 'cache-and-network',
  });
  return (
    <>
      <Title>Remittances</Title>
      <h1 class="govuk-heading-xl">Remittances</h1>
      <QueryView result={result} what="remittances" retry={() => refetch()}>
        {(data) => (
          <Show when={data.remittances.length > 0} fallback={<p class="govuk-body">No payments to you yet.</p>}>
            <For each={data.remittances.slice(0, PAGE)}>
              {(r) => (
                <section class="govuk-!-margin-bottom-6" aria-labelledby={`rem-${r.remittanceNumber}`}>
                  <h2 class="govuk-heading-m" id={`rem-${r.remittanceNumber}`}>
                    {r.remittanceNumber}: {money(r.totalPence)} <Tag status={r.status} />
                  </h2>
                  <p class="govuk-body">
                    Payment run {r.runReference} for {date(r.runDate)}.
                    <Show when={r.paidAt}>
                      {(paid) => (
                        <>
                          {' '}
                          Paid {dateTime(paid())}, reference {r.financeReference}.
                        </>
                      )}
                    </Show>
                  </p>
                  <PaymentLines caption={`${r.remittanceNumber} by line`} lines={r.lines} totalPence={r.totalPence} />
                </section>
              )}
            </For>
            <Pager page={page()} rows={data.remittances} size={PAGE} label="Remittances" onPage={setPage} />
          </Show>
        )}
      </QueryView>
    </>
  );
}

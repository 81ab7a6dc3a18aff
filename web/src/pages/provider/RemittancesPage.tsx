import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { QueryView, Tag } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { PaymentLines } from '../../components/PaymentLines';
import { date, dateTime, money } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const RemittancesQuery = graphql(`
  query Remittances {
    remittances {
      remittanceNumber runReference runDate status totalPence paidAt financeReference
      lines { remittanceNumber reference description kind month amountPence fundSource }
    }
  }
`);

/** A provider's remittances: what each payment run pays it, line by line. */
export default function RemittancesPage() {
  const [result, refetch] = createQuery({ query: RemittancesQuery, requestPolicy: 'cache-and-network' });
  return (
    <>
      <Title>Remittances</Title>
      <h1 class="govuk-heading-xl">Remittances</h1>
      <QueryView result={result} what="remittances" retry={() => refetch()}>
        {(data) => (
          <Show when={data.remittances.length > 0} fallback={<p class="govuk-body">No payments to you yet.</p>}>
            <For each={data.remittances}>
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
          </Show>
        )}
      </QueryView>
    </>
  );
}

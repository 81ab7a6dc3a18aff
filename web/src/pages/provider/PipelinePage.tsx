import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { QueryView, SummaryList } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { PipelineChart, PipelineTable } from '../../components/PipelineChart';
import { TableBox } from '../../components/TableBox';
import { date, money } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const PipelineQuery = graphql(`
  query ProviderPipelinePage {
    providerPipeline {
      asOf acceptedCount acceptedUnitsLeft acceptedValueLeftPence approvedCount approvedValuePence
      contractPlacesUsed contractPlacesLeft contractValueLeftPence
      contracts { contractId reference serviceName places placesUsed placesLeft pricePerPlacePence valueLeftPence endDate startDate }
      months { month contractsPence commissionsPence totalPence }
    }
  }
`);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A provider's committed future income and activity: figures, a 12-month view, contracts by end date. */
export default function PipelinePage() {
  const [result, refetch] = createQuery({ query: PipelineQuery, requestPolicy: 'cache-and-network' });
  return (
    <>
      <Title>Pipeline</Title>
      <h1 class="govuk-heading-xl">Pipeline</h1>
      <p class="govuk-body">The work and income already committed to your organisation.</p>
      <QueryView result={result} what="your pipeline" retry={() => refetch()}>
        {(data) => {
          const p = () => data.providerPipeline;
          return (
            <>
              <h2 class="govuk-heading-m">Committed work</h2>
              <SummaryList
                rows={[
                  {
                    key: 'Accepted, not yet complete',
                    value: (
                      <span data-testid="accepted">
                        {plural(p().acceptedCount, 'commission')}: {plural(p().acceptedUnitsLeft, 'unit')} left to
                        deliver, worth {money(p().acceptedValueLeftPence)}
                      </span>
                    ),
                  },
                  {
                    key: 'Approved, waiting for you to accept',
                    value: (
                      <span data-testid="approved">
                        {plural(p().approvedCount, 'commission')}, worth {money(p().approvedValuePence)}
                      </span>
                    ),
                  },
                  {
                    key: 'Contract places',
                    value: (
                      <span data-testid="places">
                        {p().contractPlacesUsed} used, {p().contractPlacesLeft} left, worth{' '}
                        {money(p().contractValueLeftPence)}
                      </span>
                    ),
                  },
                ]}
              />
              <h2 class="govuk-heading-m">The next 12 months</h2>
              <p class="govuk-body">
                Expected income for this month and the 11 after it, as of {date(p().asOf)}. How it is worked out:
              </p>
              <ul class="govuk-list govuk-list--bullet">
                <li>
                  <strong>Contracts:</strong> the value not yet in a payment run (places times the price per place, less
                  instalments already run) is spread evenly over the days from today to the contract’s end date, as if
                  places are taken up evenly. Income after the 12 months is not shown.
                </li>
                <li>
                  <strong>Commissions:</strong> you are paid when a commission completes, so each accepted commission’s
                  whole price is shown in the month its budget year ends (March), or this month once that has passed.
                  Places on a contract count under the contract.
                </li>
              </ul>
              <PipelineChart months={p().months} />
              <PipelineTable months={p().months} />
              <h2 class="govuk-heading-m">Contracts</h2>
              <Show
                when={p().contracts.length > 0}
                fallback={<p class="govuk-body">You have no signed contracts running.</p>}
              >
                <TableBox label="Contracts running, soonest ending first">
                  <table class="govuk-table" data-testid="pipeline-contracts">
                    <caption class="govuk-table__caption govuk-table__caption--s">
                      Contracts running, soonest ending first
                    </caption>
                    <thead class="govuk-table__head">
                      <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">
                          Contract
                        </th>
                        <th scope="col" class="govuk-table__header">
                          Ends
                        </th>
                        <For each={['Places used', 'Places left', 'Value left']}>
                          {(text) => (
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                              {text}
                            </th>
                          )}
                        </For>
                      </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                      <For each={p().contracts}>
                        {(c) => (
                          <tr class="govuk-table__row" data-reference={c.reference}>
                            <th scope="row" class="govuk-table__header">
                              <span class="app-reference">{c.reference}</span>
                              <span class="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">
                                {c.serviceName}
                              </span>
                            </th>
                            <td class="govuk-table__cell">{date(c.endDate)}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">
                              {c.placesUsed} of {c.places}
                            </td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{c.placesLeft}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{money(c.valueLeftPence)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </TableBox>
              </Show>
            </>
          );
        }}
      </QueryView>
    </>
  );
}

import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { Num, QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { money, percent } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const UtilisationQuery = graphql(`
  query DistrictUtilisationPage {
    districtUtilisation { district { id name } fundedPence allocatedPence committedPence spentPence leftPence shareUsed }
  }
`);

/**
 * Each district's pots this period (a district lead sees only theirs: the API scopes it): a bar chart
 * of spent and committed against funded, and the same figures as a table for reading.
 */
export default function UtilisationPage() {
  const [result, refetch] = createQuery({ query: UtilisationQuery, requestPolicy: 'cache-and-network' });
  const pct = (part: number, whole: number) => (whole > 0 ? Math.min(100, (100 * part) / whole) : 0);
  return (
    <>
      <Title>District utilisation</Title>
      <h1 class="govuk-heading-xl">District utilisation</h1>
      <p class="govuk-body">
        What each district’s pots hold this budget period, and how much is committed to or spent on commissions.
      </p>
      <QueryView result={result} what="district utilisation" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.districtUtilisation.length > 0}
            fallback={<p class="govuk-body">No district has a pot this period yet.</p>}
          >
            <h2 class="govuk-heading-m">Share of each district’s funding used</h2>
            <figure class="app-chart" aria-hidden="true">
              <p class="govuk-body-s govuk-!-margin-bottom-2">
                <span class="app-legend app-legend--spent" /> spent <span class="app-legend app-legend--reserved" />{' '}
                committed <span class="app-legend app-legend--available" /> left
              </p>
              <For each={data.districtUtilisation}>
                {(u) => (
                  <div class="app-chart__row">
                    <span class="app-chart__label govuk-body-s">
                      {u.district.name}: {percent(u.shareUsed)} used
                    </span>
                    <svg
                      class="app-chart__bar"
                      viewBox="0 0 100 10"
                      preserveAspectRatio="none"
                      height={22}
                      role="presentation"
                    >
                      <rect x="0" y="0" height="10" width="100" fill="#f3f2f1" />
                      <rect x="0" y="0" height="10" width={pct(u.spentPence, u.fundedPence)} fill="#1d70b8" />
                      <rect
                        x={pct(u.spentPence, u.fundedPence)}
                        y="0"
                        height="10"
                        width={pct(u.committedPence, u.fundedPence)}
                        fill="#f47738"
                      />
                    </svg>
                  </div>
                )}
              </For>
            </figure>
            <TableBox label="Utilisation by district">
              <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--m">Utilisation by district</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      District
                    </th>
                    <For each={['Funded', 'Allocated to children', 'Committed', 'Spent', 'Left', 'Share used']}>
                      {(h) => (
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                          {h}
                        </th>
                      )}
                    </For>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={data.districtUtilisation}>
                    {(u) => (
                      <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">
                          {u.district.name}
                        </th>
                        <Num>{money(u.fundedPence)}</Num>
                        <Num>{money(u.allocatedPence)}</Num>
                        <Num>{money(u.committedPence)}</Num>
                        <Num>{money(u.spentPence)}</Num>
                        <Num>{money(u.leftPence)}</Num>
                        <Num>{percent(u.shareUsed)}</Num>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
          </Show>
        )}
      </QueryView>
    </>
  );
}

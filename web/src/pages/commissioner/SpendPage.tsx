import { createQuery } from '@urql/solid';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { createEffect, For, onCleanup } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { label, money } from '../../lib/format';
import { graphql } from '../../lib/graphql';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const SpendQuery = graphql(`
  query Spend {
    source: spendReport(by: source) { label committedPence spentPence commissions }
    school: spendReport(by: school) { label committedPence spentPence commissions }
    district: spendReport(by: district) { label committedPence spentPence commissions }
    category: spendReport(by: category) { label committedPence spentPence commissions }
    provider: spendReport(by: provider) { label committedPence spentPence commissions }
  }
`);

type Row = { label: string; committedPence: number; spentPence: number; commissions: number };

/** A chart for sighted users; the same figures in the table beneath it for everyone. */
function SpendChart(props: { rows: Row[]; title: string }) {
  let canvas: HTMLCanvasElement | undefined;
  createEffect(() => {
    if (!canvas) return;
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: props.rows.map((r) => label(r.label)),
        datasets: [
          { label: 'Spent (£)', data: props.rows.map((r) => r.spentPence / 100), backgroundColor: '#1d70b8' },
          { label: 'Committed (£)', data: props.rows.map((r) => r.committedPence / 100), backgroundColor: '#f47738' },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        scales: { x: { stacked: true }, y: { stacked: true } },
      },
    });
    onCleanup(() => chart.destroy());
  });
  return (
    <div class="app-chart">
      <canvas ref={canvas} role="img" aria-label={`${props.title}: chart of the figures in the table below`} />
    </div>
  );
}

function SpendTable(props: { rows: Row[]; caption: string; rowHeader: string }) {
  const total = (k: 'committedPence' | 'spentPence') => props.rows.reduce((t, r) => t + r[k], 0);
  return (
    <TableBox label={props.caption}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{props.caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              {props.rowHeader}
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Commissions
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Committed
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Spent
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={props.rows}>
            {(r) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {label(r.label)}
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{r.commissions}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(r.committedPence)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(r.spentPence)}</td>
              </tr>
            )}
          </For>
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              Total
            </th>
            <td class="govuk-table__cell" />
            <td class="govuk-table__cell govuk-table__cell--numeric">
              <strong>{money(total('committedPence'))}</strong>
            </td>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              <strong>{money(total('spentPence'))}</strong>
            </td>
          </tr>
        </tbody>
      </table>
    </TableBox>
  );
}

export default function SpendPage() {
  const [result, refetch] = createQuery({ query: SpendQuery, requestPolicy: 'cache-and-network' });
  const sections = [
    ['source', 'By funding source', 'Source'],
    ['provider', 'By provider', 'Provider'],
    ['category', 'By category', 'Category'],
    ['school', 'By school', 'School'],
    ['district', 'By district', 'District'],
  ] as const;
  return (
    <>
      <Title>Spend</Title>
      <h1 class="govuk-heading-xl">Where the money goes</h1>
      <p class="govuk-body">
        Committed is raised, approved or accepted but not yet delivered; spent is delivered and completed. Spend by
        source is shared across each child’s funders in proportion to what each allocated to that child.
      </p>
      <a class="govuk-button govuk-button--secondary" href="/exports/commissions.csv" download="commissions.csv">
        Download commissions (CSV)
      </a>
      <QueryView result={result} what="the spend report" retry={() => refetch()}>
        {(data) => (
          <For each={sections}>
            {([key, caption, header]) => (
              <section>
                <h2 class="govuk-heading-l">{caption}</h2>
                <SpendChart rows={data[key]} title={caption} />
                <SpendTable rows={data[key]} caption={caption} rowHeader={header} />
              </section>
            )}
          </For>
        )}
      </QueryView>
    </>
  );
}

import { For, Show } from 'solid-js';
import { money } from '../lib/format';
import { TableBox } from './TableBox';

export type MonthRow = { month: string; contractsPence: number; commissionsPence: number; totalPence: number };

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const longMonthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "2026-11" to "Nov 2026" (or "November 2026"). */
export const monthLabel = (month: string, long = false) =>
  (long ? longMonthFormat : monthFormat).format(new Date(`${month}-01T00:00:00Z`));

const W = 360;
const H = 170;
const PAD = { left: 4, right: 4, top: 8, bottom: 30 };

/**
 * Twelve months of expected income as stacked columns (contracts blue, commissions orange), drawn
 * as SVG by us. Hidden from screen readers: the table after it holds every figure.
 */
export function PipelineChart(props: { months: MonthRow[] }) {
  const max = () => Math.max(1, ...props.months.map((m) => m.totalPence));
  const slot = () => (W - PAD.left - PAD.right) / Math.max(1, props.months.length);
  const h = (pence: number) => (pence / max()) * (H - PAD.top - PAD.bottom);
  const base = H - PAD.bottom;
  return (
    <Show when={props.months.length > 0}>
      <figure class="app-chart" aria-hidden="true">
        <p class="govuk-body-s govuk-!-margin-bottom-2">
          <span class="app-legend app-legend--spent" /> contracts <span class="app-legend app-legend--reserved" />{' '}
          commissions
        </p>
        <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="presentation" class="app-pipeline-chart">
          <line x1={PAD.left} y1={base} x2={W - PAD.right} y2={base} stroke="#505a5f" />
          <For each={props.months}>
            {(m, i) => {
              const x = () => PAD.left + i() * slot() + slot() * 0.15;
              const w = () => slot() * 0.7;
              return (
                <g data-month={m.month}>
                  <rect
                    x={x()}
                    y={base - h(m.contractsPence)}
                    width={w()}
                    height={h(m.contractsPence)}
                    fill="#1d70b8"
                  />
                  <rect
                    x={x()}
                    y={base - h(m.contractsPence) - h(m.commissionsPence)}
                    width={w()}
                    height={h(m.commissionsPence)}
                    fill="#f47738"
                  />
                  <text x={x() + w() / 2} y={base + 12} text-anchor="middle" font-size="9" fill="#0b0c0c">
                    {monthLabel(m.month).split(' ')[0]}
                  </text>
                  <Show when={i() === 0 || m.month.endsWith('-01')}>
                    <text x={x() + w() / 2} y={base + 24} text-anchor="middle" font-size="9" fill="#0b0c0c">
                      {m.month.slice(0, 4)}
                    </text>
                  </Show>
                </g>
              );
            }}
          </For>
        </svg>
      </figure>
    </Show>
  );
}

/** The chart's figures for reading: one row per month, with totals. */
export function PipelineTable(props: { months: MonthRow[] }) {
  const total = (k: 'contractsPence' | 'commissionsPence' | 'totalPence') => props.months.reduce((t, m) => t + m[k], 0);
  return (
    <TableBox label="Expected income by month">
      <table class="govuk-table" data-testid="pipeline-months">
        <caption class="govuk-table__caption govuk-table__caption--m">Expected income by month</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Month
            </th>
            <For each={['Contracts', 'Commissions', 'Total']}>
              {(text) => (
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  {text}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={props.months}>
            {(m) => (
              <tr class="govuk-table__row" data-month={m.month}>
                <th scope="row" class="govuk-table__header">
                  {monthLabel(m.month, true)}
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(m.contractsPence)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(m.commissionsPence)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(m.totalPence)}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              12 months
            </th>
            <td class="govuk-table__cell govuk-table__cell--numeric">{money(total('contractsPence'))}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">{money(total('commissionsPence'))}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              <strong>{money(total('totalPence'))}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </TableBox>
  );
}

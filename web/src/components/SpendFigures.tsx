import { createMemo, createSignal, For, Show } from 'solid-js';
import { money } from '../lib/format';
import { TableBox } from './TableBox';

export type SpendRow = { label: string; committedPence: number; spentPence: number; commissions: number };

/**
 * Spent and committed as stacked horizontal bars, drawn as SVG from the same rows as the table
 * (no chart library: nothing to download). Hidden from screen readers: the table says it all.
 */
export function SpendChart(props: { rows: SpendRow[]; name: (row: SpendRow) => string }) {
  const max = () => Math.max(1, ...props.rows.map((r) => r.spentPence + r.committedPence));
  const BAR = 22;
  const pct = (pence: number) => (100 * pence) / max();
  return (
    <Show when={props.rows.length > 0}>
      <figure class="app-chart" aria-hidden="true">
        <p class="govuk-body-s govuk-!-margin-bottom-2">
          <span class="app-legend app-legend--spent" /> spent <span class="app-legend app-legend--reserved" /> committed
        </p>
        <For each={props.rows}>
          {(r) => (
            <div class="app-chart__row">
              <span class="app-chart__label govuk-body-s">{props.name(r)}</span>
              <svg
                class="app-chart__bar"
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                height={BAR}
                role="presentation"
              >
                <rect x="0" y="0" height="10" width={pct(r.spentPence)} fill="#1d70b8" />
                <rect x={pct(r.spentPence)} y="0" height="10" width={pct(r.committedPence)} fill="#f47738" />
              </svg>
            </div>
          )}
        </For>
      </figure>
    </Show>
  );
}

type Key = 'label' | 'commissions' | 'committedPence' | 'spentPence';

/** A GOV.UK sortable table: each column header is a button; aria-sort says the current order. */
export function SpendTable(props: {
  rows: SpendRow[];
  caption: string;
  rowHeader: string;
  name: (row: SpendRow) => string;
  /** Commission counts per row; off where one commission appears under several rows. */
  counts: boolean;
}) {
  const [sort, setSort] = createSignal<{ key: Key; dir: 1 | -1 }>({ key: 'spentPence', dir: -1 });
  const sorted = createMemo(() => {
    const { key, dir } = sort();
    return [...props.rows].sort((a, b) =>
      key === 'label' ? dir * props.name(a).localeCompare(props.name(b)) : dir * (a[key] - b[key]),
    );
  });
  const total = (k: 'committedPence' | 'spentPence') => props.rows.reduce((t, r) => t + r[k], 0);
  const Header = (h: { key: Key; text: string; numeric?: boolean }) => (
    <th
      scope="col"
      class={`govuk-table__header${h.numeric ? ' govuk-table__header--numeric' : ''}`}
      aria-sort={sort().key === h.key ? (sort().dir === 1 ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        class="app-sort-button"
        onClick={() =>
          setSort((s) => ({ key: h.key, dir: s.key === h.key ? (s.dir === 1 ? -1 : 1) : h.key === 'label' ? 1 : -1 }))
        }
      >
        {h.text}
      </button>
    </th>
  );
  return (
    <TableBox label={props.caption}>
      <table class="govuk-table">
        <caption class="govuk-visually-hidden">{props.caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <Header key="label" text={props.rowHeader} />
            <Show when={props.counts}>
              <Header key="commissions" text="Commissions" numeric />
            </Show>
            <Header key="committedPence" text="Committed" numeric />
            <Header key="spentPence" text="Spent" numeric />
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={sorted()}>
            {(r) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {props.name(r)}
                </th>
                <Show when={props.counts}>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{r.commissions}</td>
                </Show>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(r.committedPence)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(r.spentPence)}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              Total
            </th>
            <Show when={props.counts}>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {props.rows.reduce((t, r) => t + r.commissions, 0)}
              </td>
            </Show>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              <strong>{money(total('committedPence'))}</strong>
            </td>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              <strong>{money(total('spentPence'))}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </TableBox>
  );
}

import { A } from '@solidjs/router';
import { For, type JSX, Show } from 'solid-js';
import { date, money } from '../lib/format';
import { Tag } from './Bits';
import { TableBox } from './TableBox';
import { commissionHref } from './Timeline';

export type CommissionOrder =
  | 'RAISED_NEWEST'
  | 'RAISED_OLDEST'
  | 'VALUE_HIGHEST'
  | 'VALUE_LOWEST'
  | 'STATUS'
  | 'RESPOND_BY_SOONEST';

export type CommissionRow = {
  id: string;
  reference: string;
  status: string;
  amountPence: number;
  createdAt: string;
  respondBy: string | null;
  pausedAt: string | null;
  service: { name: string };
  organisation: { name: string };
  child?: { reference: string } | null;
};

type Column = {
  key: string;
  label: string;
  numeric?: boolean;
  cell: (c: CommissionRow, back?: string) => JSX.Element;
  /** The server orders this column sorts by: [ascending, descending] (one for a single direction). */
  orders?: CommissionOrder[];
};

const COLUMNS: Column[] = [
  {
    key: 'reference',
    label: 'Reference',
    cell: (c, back) => (
      <A class="govuk-link app-reference" href={commissionHref(c.id, back)}>
        {c.reference}
      </A>
    ),
  },
  { key: 'child', label: 'Child', cell: (c) => c.child?.reference ?? '' },
  { key: 'service', label: 'Service', cell: (c) => c.service.name },
  { key: 'provider', label: 'Provider', cell: (c) => c.organisation.name },
  {
    key: 'status',
    label: 'Status',
    orders: ['STATUS'],
    cell: (c) => (
      <>
        <Tag status={c.status} />
        <Show when={c.pausedAt}>
          {' '}
          <Tag status="PAUSED" text="Paused" />
        </Show>
      </>
    ),
  },
  {
    key: 'value',
    label: 'Value',
    numeric: true,
    orders: ['VALUE_LOWEST', 'VALUE_HIGHEST'],
    cell: (c) => money(c.amountPence),
  },
  { key: 'raised', label: 'Raised', orders: ['RAISED_OLDEST', 'RAISED_NEWEST'], cell: (c) => date(c.createdAt) },
  {
    key: 'respondBy',
    label: 'Respond by',
    orders: ['RESPOND_BY_SOONEST'],
    cell: (c) => (c.respondBy ? date(c.respondBy) : 'No deadline'),
  },
];

/**
 * Commissions as a GOV.UK table, sorted on the server: the sorted column says so (aria-sort) and a
 * sortable header's button asks for its order (again: the other direction). Scrolls inside its own
 * box on a phone with the reference kept in view.
 */
export function CommissionTable(props: {
  rows: CommissionRow[];
  showChild: boolean;
  sort: CommissionOrder;
  onSort: (order: CommissionOrder) => void;
  /** The list's own address, for the commission's back link. */
  back?: string;
}) {
  const columns = () => COLUMNS.filter((c) => c.key !== 'child' || props.showChild);
  const ariaSort = (c: Column) => {
    const at = c.orders?.indexOf(props.sort) ?? -1;
    if (!c.orders) return undefined;
    if (at < 0) return 'none';
    return at === 0 ? 'ascending' : 'descending';
  };
  const next = (c: Column) => {
    const orders = c.orders!;
    const at = orders.indexOf(props.sort);
    // A date or a value starts with the newest / highest; again flips it.
    return at < 0 ? orders.at(-1)! : orders[(at + 1) % orders.length]!;
  };
  return (
    <TableBox label="Commissions">
      <table class="govuk-table app-data-table" id="commission-list">
        <caption class="govuk-table__caption govuk-visually-hidden">Commissions</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <For each={columns()}>
              {(c) => (
                <th
                  scope="col"
                  class={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}
                  aria-sort={ariaSort(c)}
                >
                  <Show when={c.orders} fallback={c.label}>
                    <button type="button" class="app-sort-button" onClick={() => props.onSort(next(c))}>
                      {c.label}
                    </button>
                  </Show>
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={props.rows}>
            {(row) => (
              <tr class="govuk-table__row">
                <For each={columns()}>
                  {(c) =>
                    c.key === 'reference' ? (
                      <th scope="row" class="govuk-table__header">
                        {c.cell(row, props.back)}
                      </th>
                    ) : (
                      <td class={`govuk-table__cell${c.numeric ? ' govuk-table__cell--numeric' : ''}`}>
                        {c.cell(row, props.back)}
                      </td>
                    )
                  }
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </TableBox>
  );
}

import { createMemo, createSignal, For, type JSX, Show } from 'solid-js';
import { ConfirmRow } from './Confirm';
import { TableBox } from './TableBox';

export type Column<T> = {
  key: string;
  label: string;
  /** Right-aligned, tabular figures (GOV.UK numeric header and cells). */
  numeric?: boolean;
  /** The value rows sort by; a column without one has no sort button. */
  sort?: (row: T) => string | number;
  cell: (row: T) => JSX.Element;
  /** The row's header cell (th scope=row), usually the first column. */
  rowHeader?: boolean;
};

type Direction = 'ascending' | 'descending';

/**
 * A GOV.UK table whose headers sort it (a button in each sortable header, aria-sort on the sorted
 * one) and, given `filter`, a text box that narrows its rows. Rows keep their order until sorted.
 */
export function DataTable<T>(props: {
  id: string;
  caption: string;
  captionClass?: string;
  columns: Column<T>[];
  rows: T[];
  sortBy?: { key: string; direction: Direction };
  filter?: { label: string; text: (row: T) => string };
  empty?: string;
}) {
  const [sort, setSort] = createSignal(props.sortBy);
  const [typed, setTyped] = createSignal('');
  const shown = createMemo(() => {
    const words = typed().trim().toLowerCase().split(/\s+/).filter(Boolean);
    const text = props.filter?.text;
    let rows =
      words.length && text
        ? props.rows.filter((r) => words.every((w) => text(r).toLowerCase().includes(w)))
        : props.rows;
    const s = sort();
    const column = s && props.columns.find((c) => c.key === s.key);
    if (s && column?.sort) {
      const by = column.sort;
      const sign = s.direction === 'ascending' ? 1 : -1;
      rows = [...rows].sort((a, b) => {
        const [x, y] = [by(a), by(b)];
        return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
      });
    }
    return rows;
  });
  const toggle = (key: string) =>
    setSort((s) => ({ key, direction: s?.key === key && s.direction === 'ascending' ? 'descending' : 'ascending' }));
  const ariaSort = (c: Column<T>) => (!c.sort ? undefined : sort()?.key === c.key ? sort()!.direction : 'none');
  return (
    <>
      <Show when={props.filter}>
        {(f) => (
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for={`${props.id}-filter`}>
              {f().label}
            </label>
            <input
              class="govuk-input govuk-input--width-20"
              id={`${props.id}-filter`}
              type="search"
              autocomplete="off"
              value={typed()}
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
          </div>
        )}
      </Show>
      <TableBox label={props.caption}>
        <table class="govuk-table app-data-table" id={props.id}>
          <caption class={`govuk-table__caption ${props.captionClass ?? 'govuk-table__caption--m'}`}>
            {props.caption}
            <Show when={typed().trim()}>
              <span class="govuk-visually-hidden">, {shown().length} shown</span>
            </Show>
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <For each={props.columns}>
                {(c) => (
                  <th
                    scope="col"
                    class={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}
                    aria-sort={ariaSort(c)}
                  >
                    <Show when={c.sort} fallback={c.label}>
                      <button type="button" class="app-sort-button" onClick={() => toggle(c.key)}>
                        {c.label}
                      </button>
                    </Show>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            <For each={shown()}>
              {(row) => (
                <ConfirmRow>
                  <For each={props.columns}>
                    {(c) =>
                      c.rowHeader ? (
                        <th scope="row" class="govuk-table__header">
                          {c.cell(row)}
                        </th>
                      ) : (
                        <td class={`govuk-table__cell${c.numeric ? ' govuk-table__cell--numeric' : ''}`}>
                          {c.cell(row)}
                        </td>
                      )
                    }
                  </For>
                </ConfirmRow>
              )}
            </For>
          </tbody>
        </table>
      </TableBox>
      <Show when={shown().length === 0}>
        <p class="govuk-body">{typed().trim() ? 'Nothing matches the filter.' : (props.empty ?? 'None yet.')}</p>
      </Show>
    </>
  );
}

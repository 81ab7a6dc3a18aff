import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { label, money } from '../lib/format';
import { Num } from './Bits';
import { TableBox } from './TableBox';

export type PotRow = {
  id: string;
  name: string;
  source: string;
  totalPence: number;
  allocatedPence: number;
  contractCommittedPence: number;
  remainingPence: number;
};

/**
 * The funding pots: what each holds and where it went. Money committed to block contracts is
 * neither allocated to a child nor free, so it has its own column: Total less Allocated less
 * Committed to contracts is Remaining. With `withHistory` (commissioners) each pot links to its
 * total's history (/funding/pots/:id).
 */
export function FundingPotsTable(props: {
  pots: PotRow[];
  title?: string;
  withHistory?: boolean;
  /** What an empty table says (a period's first days, or after an early close). */
  empty?: string;
}) {
  const title = () => props.title ?? 'Funding pots';
  return (
    <TableBox label={title()}>
      <table class="govuk-table" data-testid="funding-pots">
        <caption class="govuk-table__caption govuk-table__caption--m">{title()} this period</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Pot
            </th>
            <th scope="col" class="govuk-table__header">
              Source
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Total
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Allocated
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Committed to contracts
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Remaining
            </th>
            <Show when={props.withHistory}>
              <th scope="col" class="govuk-table__header">
                History
              </th>
            </Show>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={props.pots}>
            {(p) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {p.name}
                </th>
                <td class="govuk-table__cell">{label(p.source)}</td>
                <Num>{money(p.totalPence)}</Num>
                <Num>{money(p.allocatedPence)}</Num>
                <Num>{money(p.contractCommittedPence)}</Num>
                <Num>{money(p.remainingPence)}</Num>
                <Show when={props.withHistory}>
                  <td class="govuk-table__cell">
                    <A class="govuk-link" href={`/funding/pots/${encodeURIComponent(p.id)}`}>
                      History<span class="govuk-visually-hidden"> of {p.name}</span>
                    </A>
                  </td>
                </Show>
              </tr>
            )}
          </For>
          <Show when={props.pots.length === 0}>
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={props.withHistory ? 7 : 6}>
                {props.empty ?? 'No pots this period yet.'}
              </td>
            </tr>
          </Show>
        </tbody>
      </table>
    </TableBox>
  );
}

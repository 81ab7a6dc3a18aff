import { For } from 'solid-js';
import { money } from '../lib/format';
import { TableBox } from './TableBox';

export type Line = {
  remittanceNumber: string;
  reference: string;
  description: string;
  kind: string;
  amountPence: number;
  fundSource: string;
  supplierName?: string;
};

/** The lines a payment run or remittance pays, with their references, and the total. */
export function PaymentLines(props: { caption: string; lines: Line[]; totalPence: number; supplier?: boolean }) {
  return (
    <TableBox label={props.caption}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--s">{props.caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Reference
            </th>
            {props.supplier ? (
              <th scope="col" class="govuk-table__header">
                Provider
              </th>
            ) : null}
            <th scope="col" class="govuk-table__header">
              Remittance
            </th>
            <th scope="col" class="govuk-table__header">
              For
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Amount
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={props.lines}>
            {(l) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  <span class="app-reference">{l.reference}</span>
                </th>
                {props.supplier ? <td class="govuk-table__cell">{l.supplierName}</td> : null}
                <td class="govuk-table__cell">{l.remittanceNumber}</td>
                {/* A contract month's line names its month already ("BC-… 2026-12: 1 place taken up"). */}
                <td class="govuk-table__cell">{l.description}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(l.amountPence)}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header" colspan={props.supplier ? 4 : 3}>
              Total
            </th>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              <strong>{money(props.totalPence)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </TableBox>
  );
}

import { For, type JSX, Show } from 'solid-js';
import { date, money } from '../lib/format';
import { Tag } from './Bits';
import { TableBox } from './TableBox';

export type ContractRow = {
  id: string;
  reference: string;
  status: string;
  service: { name: string };
  organisation: { name: string };
  places: number;
  placesUsed: number;
  placesLeft: number;
  pricePerPlacePence: number;
  valuePence?: number | null;
  startDate: string;
  endDate: string;
  endedOn?: string | null;
};

/** Block contracts with their places used and left; an optional last column of actions per row. */
export function ContractTable(props: {
  caption: string;
  contracts: ContractRow[];
  actions?: (c: ContractRow) => JSX.Element;
}) {
  return (
    <TableBox label={props.caption}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{props.caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Contract
            </th>
            <th scope="col" class="govuk-table__header">
              Status
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Places
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Used
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Left
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Price per place
            </th>
            <th scope="col" class="govuk-table__header">
              Runs
            </th>
            <Show when={props.actions}>
              <th scope="col" class="govuk-table__header">
                Action
              </th>
            </Show>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={props.contracts}>
            {(c) => (
              <tr class="govuk-table__row" id={`contract-${c.reference}`} data-reference={c.reference}>
                <th scope="row" class="govuk-table__header">
                  <span class="app-reference">{c.reference}</span>
                  <span class="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">
                    {c.service.name}, {c.organisation.name}
                  </span>
                </th>
                <td class="govuk-table__cell">
                  <Tag status={c.status} />
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{c.places}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{c.placesUsed}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{c.placesLeft}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(c.pricePerPlacePence)}</td>
                <td class="govuk-table__cell">
                  {date(c.startDate)} to {date(c.endDate)}
                  <Show when={c.endedOn}>{(d) => <>, ended {date(d())}</>}</Show>
                </td>
                <Show when={props.actions}>{(actions) => <td class="govuk-table__cell">{actions()(c)}</td>}</Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </TableBox>
  );
}

import { For } from 'solid-js';
import { money } from '../lib/format';
import { TableBox } from './TableBox';

export type Share = {
  district: { name: string };
  schools: number;
  pupilsOnRoll: number;
  childrenInProgramme: number;
  deprivationIndex: number;
  sharePence: number;
};

/** A fund's split across districts, exact to the penny, with the factors it was made from. */
export function DistrictShares(props: { shares: Share[]; caption: string; totalPence: number }) {
  const sum = () => props.shares.reduce((t, s) => t + s.sharePence, 0);
  return (
    <TableBox label={props.caption}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--s">{props.caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              District
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Schools
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Pupils on roll
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Children in programme
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Deprivation index
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Share
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={props.shares}>
            {(s) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {s.district.name}
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{s.schools}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{s.pupilsOnRoll}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{s.childrenInProgramme}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{s.deprivationIndex}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric" data-pence={s.sharePence}>
                  {money(s.sharePence)}
                </td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header" colspan="5">
              Total (the fund is {money(props.totalPence)})
            </th>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              <strong data-testid="shares-total">{money(sum())}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </TableBox>
  );
}

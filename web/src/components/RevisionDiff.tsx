import { For } from 'solid-js';

export type Change = { field: string; label: string; before: string; after: string };

/** A listing change field by field: what readers see now, and what they would see. */
export function RevisionDiff(props: { changes: Change[]; caption: string }) {
  return (
    <table class="govuk-table app-diff">
      <caption class="govuk-table__caption govuk-table__caption--s">{props.caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">
            Field
          </th>
          <th scope="col" class="govuk-table__header">
            Now
          </th>
          <th scope="col" class="govuk-table__header">
            Proposed
          </th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        <For each={props.changes}>
          {(c) => (
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">
                {c.label}
              </th>
              <td class="govuk-table__cell app-diff__before">{c.before || '(none)'}</td>
              <td class="govuk-table__cell app-diff__after">{c.after || '(none)'}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

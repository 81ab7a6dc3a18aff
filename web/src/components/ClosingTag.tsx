import { Show } from 'solid-js';
import { date } from '../lib/format';

/** "Closing on DATE" for a service decommissioned from a future date; "Closed to new commissions" once it has come. */
export function ClosingTag(props: { decommissionedFrom: string | null; closed: boolean }) {
  return (
    <Show when={props.decommissionedFrom}>
      {(from) => (
        <strong class={`govuk-tag ${props.closed ? 'govuk-tag--grey' : 'govuk-tag--orange'}`} data-testid="closing-tag">
          {props.closed ? 'Closed to new commissions' : `Closing on ${date(from())}`}
        </strong>
      )}
    </Show>
  );
}

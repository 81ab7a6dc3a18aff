import { A } from '@solidjs/router';
import { onMount, Show } from 'solid-js';

/** What stops one person's deactivation, said at their row: the server's refusal, or a caseload the page knows of. */
export type Refusal = { message: string; caseload: boolean };

/** A refusal at a person's row: focused when it appears, so it is heard; a caseload to move links to where it moves. */
export function RowRefusal(props: { id: string; refusal: Refusal }) {
  let ref: HTMLParagraphElement | undefined;
  onMount(() => setTimeout(() => ref?.focus(), 0));
  return (
    <p class="govuk-error-message app-row-refusal" id={props.id} ref={ref} tabindex="-1" data-testid="row-refusal">
      <span class="govuk-visually-hidden">Error:</span> {props.refusal.message}
      <Show when={props.refusal.caseload}>
        {' '}
        Move their caseload to another link worker on the{' '}
        <A href="/admin/caseloads" class="govuk-link">
          Caseloads page
        </A>
        , then deactivate them.
      </Show>
    </p>
  );
}

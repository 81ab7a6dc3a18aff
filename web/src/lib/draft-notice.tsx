// Said at the top of a form that opened with a draft kept earlier (lib/draft.ts): values restored
// silently were taken for the saved ones, and a stale bad value failed every Save. Kept out of
// draft.ts so that file stays small; the search page imports neither.

import { createSignal, Show } from 'solid-js';
import { clearDraft } from './draft';

/** Whether a form's values as restored from a draft differ from the saved ones (as JSON, like keepDraft). */
export const differsFrom = (restored: object, saved: object) => JSON.stringify(restored) !== JSON.stringify(saved);

/**
 * Shown while `when` (the form opened with a draft unlike the saved values): "Discard them" clears the
 * draft and calls onDiscard, which puts the saved values back in the form. It then says so, and that
 * line takes the focus the removed button had.
 */
export function DraftNotice(props: { when: boolean; draftKey: string; onDiscard: () => void }) {
  const [discarded, setDiscarded] = createSignal(false);
  return (
    <Show when={props.when}>
      <div class="govuk-inset-text" data-testid="draft-notice">
        <Show
          when={!discarded()}
          fallback={
            <p class="govuk-body" tabindex="-1" ref={(p) => setTimeout(() => p.focus())}>
              Your earlier changes are discarded: the form shows what is saved.
            </p>
          }
        >
          <p class="govuk-body">You have changes you have not saved yet, from earlier.</p>
          <button
            type="button"
            class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
            onClick={() => {
              clearDraft(props.draftKey);
              props.onDiscard();
              setDiscarded(true);
            }}
          >
            Discard them
          </button>
        </Show>
      </div>
    </Show>
  );
}

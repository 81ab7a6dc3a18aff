import { createSignal, type JSX, onMount, Show } from 'solid-js';

/**
 * An action that cannot be undone: the first press says what will happen and asks again. Focus moves
 * to the question, and back to the button when the person cancels.
 */
export function ConfirmButton(props: {
  /** The first button, e.g. "Complete". */
  label: JSX.Element;
  /** The button that does it, e.g. "Yes, complete it". */
  confirm: string;
  /** What will happen, in words. */
  warning: JSX.Element;
  onConfirm: () => Promise<unknown> | unknown;
  /** A link-like button (in tables), a secondary button, or a primary one (default). */
  look?: 'link' | 'secondary' | 'primary';
}) {
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let opener: HTMLButtonElement | undefined;
  const cls = () =>
    props.look === 'link'
      ? 'app-link-button'
      : props.look === 'secondary'
        ? 'govuk-button govuk-button--secondary'
        : 'govuk-button';
  const cancel = () => {
    setAsking(false);
    opener?.focus();
  };
  return (
    <Show
      when={asking()}
      fallback={
        <button type="button" class={cls()} ref={opener} onClick={() => setAsking(true)}>
          {props.label}
        </button>
      }
    >
      <Question warning={props.warning}>
        <div class="govuk-button-group">
          <button
            type="button"
            class="govuk-button govuk-button--warning"
            disabled={busy()}
            onClick={async () => {
              setBusy(true);
              try {
                await props.onConfirm();
              } finally {
                setBusy(false);
                setAsking(false);
              }
            }}
          >
            {props.confirm}
          </button>
          <button type="button" class="govuk-button govuk-button--secondary" onClick={cancel}>
            Cancel
          </button>
        </div>
      </Question>
    </Show>
  );
}

function Question(props: { warning: JSX.Element; children: JSX.Element }) {
  let ref: HTMLDivElement | undefined;
  onMount(() => ref?.focus());
  return (
    <div class="app-confirm" ref={ref} tabindex="-1" data-testid="confirm">
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          {props.warning}
        </strong>
      </div>
      {props.children}
    </div>
  );
}

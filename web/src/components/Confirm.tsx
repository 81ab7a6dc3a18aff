import { batch, createSignal, type JSX, onCleanup, onMount, Show } from 'solid-js';
import { Portal } from 'solid-js/web';

/**
 * An action that cannot be undone: the first press says what will happen and asks again. Focus moves
 * to the question, and back to the button when the person cancels. In a scrolling table the question
 * opens in a full-width row below the button's row, since its last cell is off-screen on a phone.
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
  // The cell of the row added below, while asking from inside a scrolling table.
  const [slot, setSlot] = createSignal<HTMLTableCellElement>();
  let opener: HTMLButtonElement | undefined;
  let row: HTMLElement | undefined;
  const cls = () =>
    props.look === 'link'
      ? 'app-link-button'
      : props.look === 'secondary'
        ? 'govuk-button govuk-button--secondary'
        : 'govuk-button';
  const ask = () => {
    if (asking()) return;
    const cell = rowBelow(opener);
    row = cell?.parentElement ?? undefined;
    batch(() => {
      setSlot(cell);
      setAsking(true);
    });
  };
  const close = () => {
    // Both at once: the slot gone while still asking would open the question in the cell again.
    batch(() => {
      setAsking(false);
      setSlot(undefined);
    });
    row?.remove();
  };
  onCleanup(() => row?.remove());
  const cancel = () => {
    close();
    opener?.focus();
  };
  const question = () => (
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
              close();
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
  );
  return (
    <Show when={!asking() || slot()} fallback={question()}>
      <button type="button" class={cls()} ref={opener} aria-expanded={slot() ? 'true' : undefined} onClick={ask}>
        {props.label}
      </button>
      <Show when={slot()}>{(cell) => <Portal mount={cell()}>{question()}</Portal>}</Show>
    </Show>
  );
}

/** A row after the button's own, one cell across every column, when the button is in a scrolling table. */
function rowBelow(button: HTMLElement | undefined): HTMLTableCellElement | undefined {
  const row = button?.closest('tr');
  if (!row?.closest('.app-scroll')) return undefined;
  const added = document.createElement('tr');
  added.className = 'govuk-table__row app-confirm-row';
  const cell = added.insertCell();
  cell.className = 'govuk-table__cell';
  cell.colSpan = [...row.cells].reduce((n, c) => n + c.colSpan, 0);
  row.after(added);
  return cell;
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

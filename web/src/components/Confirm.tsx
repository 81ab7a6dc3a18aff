import { createContext, createSignal, For, type JSX, onCleanup, onMount, Show, useContext } from 'solid-js';

/** Opens a question in its own row below the button's (returns the close); set by `ConfirmRow`. */
type RowSlot = (question: () => JSX.Element) => () => void;
const RowSlot = createContext<RowSlot>();

/**
 * A table body row whose confirm buttons ask in a row of their own below it, one cell across every
 * column: in a scrolling table the button's last cell is off-screen on a phone. Newest question first.
 */
export function ConfirmRow(props: { children: JSX.Element }) {
  const [questions, setQuestions] = createSignal<(() => JSX.Element)[]>([]);
  let row!: HTMLTableRowElement;
  const open: RowSlot = (question) => {
    setQuestions((qs) => [question, ...qs]);
    return () => setQuestions((qs) => qs.filter((q) => q !== question));
  };
  const columns = () => [...row.cells].reduce((n, c) => n + c.colSpan, 0);
  return (
    <>
      <tr class="govuk-table__row" ref={row}>
        <RowSlot.Provider value={open}>{props.children}</RowSlot.Provider>
      </tr>
      <For each={questions()}>
        {(question) => (
          <tr class="govuk-table__row app-confirm-row">
            <td class="govuk-table__cell" colSpan={columns()}>
              {question()}
            </td>
          </tr>
        )}
      </For>
    </>
  );
}

/**
 * A note about one row (an action refused, say): in a `ConfirmRow`, in a row of its own below it, one
 * cell across every column (as a question is), so it is seen on a phone too; elsewhere in place.
 */
export function RowNote(props: { children: JSX.Element }) {
  const slot = useContext(RowSlot);
  if (!slot) return <>{props.children}</>;
  onMount(() => onCleanup(slot(() => props.children)));
  return null;
}

/**
 * An action that cannot be undone: the first press says what will happen and asks again. Focus moves
 * to the question, and back to the button when the person cancels. In a `ConfirmRow` the question
 * opens in the row below; elsewhere it takes the button's place.
 */
export function ConfirmButton(props: {
  /** The first button, e.g. "Complete". */
  label: JSX.Element;
  /** The button that does it, e.g. "Yes, complete it". */
  confirm: string;
  /** What will happen, in words. */
  warning: JSX.Element;
  onConfirm: () => Promise<unknown> | unknown;
  /** Checked before asking (false: not asked): what the page can tell is wrong is said first. */
  before?: () => boolean;
  /** A link-like button (in tables), a secondary button, or a primary one (default). */
  look?: 'link' | 'secondary' | 'primary';
  /**
   * The "Yes" button's look: red (default) for what destroys or takes away (cancel, reject, withdraw,
   * archive, deactivate, end); 'primary' for going ahead (approve, accept, sign, complete, pay).
   */
  confirmLook?: 'warning' | 'primary';
}) {
  const slot = useContext(RowSlot);
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let opener: HTMLButtonElement | undefined;
  // Closes the question's row, while one is open.
  let closeRow: (() => void) | undefined;
  const cls = () =>
    props.look === 'link'
      ? 'app-link-button'
      : props.look === 'secondary'
        ? 'govuk-button govuk-button--secondary'
        : 'govuk-button';
  const ask = () => {
    if (asking() || props.before?.() === false) return;
    closeRow = slot?.(question);
    setAsking(true);
  };
  const close = () => {
    closeRow?.();
    closeRow = undefined;
    setAsking(false);
  };
  onCleanup(() => closeRow?.());
  const cancel = () => {
    close();
    opener?.focus();
  };
  const question = () => (
    <Question warning={props.warning}>
      <div class="govuk-button-group">
        <button
          type="button"
          class={props.confirmLook === 'primary' ? 'govuk-button' : 'govuk-button govuk-button--warning'}
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
    <Show when={!asking() || slot} fallback={question()}>
      <button
        type="button"
        class={cls()}
        ref={opener}
        aria-expanded={slot && asking() ? 'true' : undefined}
        onClick={ask}
      >
        {props.label}
      </button>
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

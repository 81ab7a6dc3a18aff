import type { JSX } from 'solid-js';
import { TextArea } from './Fields';

/**
 * A reason asked for in place of the button that opened it (Decline, Reject): a short text box, the
 * action as a warning button, and Back, which closes the form and gives focus back to its opener.
 */
export function ReasonForm(props: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  rows?: number;
  submit: string;
  onSubmit: () => void;
  /** The button that opened the form, focused again on Back. */
  openerId: string;
  onBack: () => void;
}) {
  return (
    <form
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <TextArea
        id={props.id}
        label={props.label}
        hint={props.hint}
        value={props.value}
        onInput={props.onInput}
        error={props.error}
        rows={props.rows ?? 2}
      />
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button govuk-button--warning">
          {props.submit}
        </button>
        <button
          type="button"
          class="govuk-button govuk-button--secondary"
          onClick={() => {
            props.onBack();
            document.getElementById(props.openerId)?.focus();
          }}
        >
          Back
        </button>
      </div>
    </form>
  );
}

/**
 * The button that opens a form in its own place (Reject, Decline, Record delivery). It is gone once
 * pressed, so focus moves to the first field asked for instead of falling to the page body.
 */
export function OpenerButton(props: {
  id: string;
  look?: 'primary' | 'secondary' | 'warning';
  /** The field that replaces the button, focused once the form is open. */
  focusId: string;
  onOpen: () => void;
  children: JSX.Element;
}) {
  const look = () => (props.look && props.look !== 'primary' ? ` govuk-button--${props.look}` : '');
  return (
    <button
      type="button"
      class={`govuk-button${look()}`}
      id={props.id}
      onClick={() => {
        props.onOpen();
        document.getElementById(props.focusId)?.focus();
      }}
    >
      {props.children}
    </button>
  );
}

import type { JSX } from 'solid-js';
import { TextArea } from './Fields';

/**
 * A reason asked for in place of the button that opened it (Decline, Reject): a short text box, the
 * action as a warning button, and Back, which closes the form and gives focus back to its opener
 * (an OpenerButton that opens this form's id).
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
            document.getElementById(openerOf(props.id))?.focus();
          }}
        >
          Back
        </button>
      </div>
    </form>
  );
}

/** The id of the button that opens the form whose first field is fieldId: one rule for both sides. */
export const openerOf = (fieldId: string) => `${fieldId}-open`;

/**
 * The button that opens a form in its own place (Reject, Decline, Record delivery). It is gone once
 * pressed, so focus moves to the first field asked for instead of falling to the page body; its own id
 * is openerOf(that field), where Back gives focus to.
 */
export function OpenerButton(props: {
  look?: 'primary' | 'secondary' | 'warning';
  /** The first field of the form that replaces the button, focused once the form is open. */
  opens: string;
  onOpen: () => void;
  children: JSX.Element;
}) {
  const look = () => (props.look && props.look !== 'primary' ? ` govuk-button--${props.look}` : '');
  return (
    <button
      type="button"
      class={`govuk-button${look()}`}
      id={openerOf(props.opens)}
      onClick={() => {
        props.onOpen();
        document.getElementById(props.opens)?.focus();
      }}
    >
      {props.children}
    </button>
  );
}

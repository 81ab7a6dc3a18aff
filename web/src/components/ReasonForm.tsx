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

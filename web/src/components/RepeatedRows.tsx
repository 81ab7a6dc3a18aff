import type { JSX } from 'solid-js';
import { TextField } from './Fields';

// Small parts of forms with repeatable rows (a listing's opening times, costs and contacts).

/** One row of a repeatable part (an opening time, a cost, a contact): its fields, then a button to remove it. */
export function RowFieldset(props: { name: string; n: number; onRemove: () => void; children: JSX.Element }) {
  return (
    <fieldset class="govuk-fieldset govuk-!-margin-bottom-4">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
        {props.name} {props.n}
      </legend>
      {props.children}
      <button type="button" class="govuk-button govuk-button--secondary" onClick={props.onRemove}>
        Remove {props.name.toLowerCase()} {props.n}
      </button>
    </fieldset>
  );
}

export function AddButton(props: { onClick: () => void; children: string }) {
  return (
    <button type="button" class="govuk-button govuk-button--secondary" onClick={props.onClick}>
      {props.children}
    </button>
  );
}

/** A text field holding a comma-separated list. */
export function CommaList(props: {
  id: string;
  label: string;
  example: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
}) {
  return (
    <TextField
      id={props.id}
      label={props.label}
      hint={`Separate them with commas, like ${props.example}`}
      value={props.value}
      onInput={props.onInput}
      error={props.error}
    />
  );
}

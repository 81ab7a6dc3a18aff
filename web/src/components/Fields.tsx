import { For, type JSX, Show } from 'solid-js';
import { ReportedError } from '../lib/title';

type Common = { id: string; label: string; hint?: string; error?: string; labelClass?: string };

/** The hint and error message GOV.UK puts between a label and its control, ids for aria-describedby. */
export function HintAndError(props: Common) {
  return (
    <>
      <Show when={props.hint}>
        <div id={`${props.id}-hint`} class="govuk-hint">
          {props.hint}
        </div>
      </Show>
      <Show when={props.error}>
        <ReportedError />
        <p id={`${props.id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {props.error}
        </p>
      </Show>
    </>
  );
}

function FieldShell(props: Common & { children: JSX.Element }) {
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label ${props.labelClass ?? ''}`} for={props.id}>
        {props.label}
      </label>
      <HintAndError {...props} />
      {props.children}
    </div>
  );
}

const describedBy = (p: Common) =>
  [p.hint && `${p.id}-hint`, p.error && `${p.id}-error`].filter(Boolean).join(' ') || undefined;

export function TextField(
  props: Common & {
    value: string;
    onInput: (value: string) => void;
    type?: string;
    width?: string;
    inputmode?: 'numeric' | 'decimal' | 'text' | 'email';
    autocomplete?: string;
    prefix?: string;
    suffix?: string;
  },
) {
  const input = () => (
    <input
      class={`govuk-input ${props.width ?? ''}${props.error ? ' govuk-input--error' : ''}`}
      id={props.id}
      name={props.id}
      type={props.type ?? 'text'}
      inputmode={props.inputmode}
      autocomplete={props.autocomplete}
      value={props.value}
      aria-describedby={describedBy(props)}
      onInput={(e) => props.onInput(e.currentTarget.value)}
    />
  );
  return (
    <FieldShell {...props}>
      <Show when={props.prefix || props.suffix} fallback={input()}>
        <div class="govuk-input__wrapper">
          <Show when={props.prefix}>
            <div class="govuk-input__prefix" aria-hidden="true">
              {props.prefix}
            </div>
          </Show>
          {input()}
          <Show when={props.suffix}>
            <div class="govuk-input__suffix" aria-hidden="true">
              {props.suffix}
            </div>
          </Show>
        </div>
      </Show>
    </FieldShell>
  );
}

/** The email address a user signs in with (sign-in and password reset forms). */
export function SignInEmailField(props: { value: string; onInput: (value: string) => void; error?: string }) {
  return (
    <TextField
      id="email"
      label="Email address"
      type="email"
      autocomplete="username"
      value={props.value}
      onInput={props.onInput}
      error={props.error}
    />
  );
}

export function TextArea(props: Common & { value: string; onInput: (value: string) => void; rows?: number }) {
  return (
    <FieldShell {...props}>
      <textarea
        class={`govuk-textarea${props.error ? ' govuk-textarea--error' : ''}`}
        id={props.id}
        name={props.id}
        rows={props.rows ?? 4}
        aria-describedby={describedBy(props)}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        value={props.value}
      />
    </FieldShell>
  );
}

export type Option = { value: string; label: string };

export function SelectField(props: Common & { value: string; options: Option[]; onChange: (value: string) => void }) {
  return (
    <FieldShell {...props}>
      <select
        class={`govuk-select${props.error ? ' govuk-select--error' : ''}`}
        id={props.id}
        name={props.id}
        aria-describedby={describedBy(props)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <For each={props.options}>
          {(o) => (
            <option value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          )}
        </For>
      </select>
    </FieldShell>
  );
}

/** A set of checkboxes in a fieldset; the first box carries the id so error links land on it. */
export function CheckboxGroup(
  props: Common & { values: string[]; options: Option[]; onChange: (values: string[]) => void; small?: boolean },
) {
  const toggle = (value: string, on: boolean) =>
    props.onChange(on ? [...props.values, value] : props.values.filter((v) => v !== value));
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(props)}>
        <legend class={`govuk-fieldset__legend ${props.labelClass ?? 'govuk-fieldset__legend--s'}`}>
          {props.label}
        </legend>
        <HintAndError {...props} />
        <div class={`govuk-checkboxes${props.small ? ' govuk-checkboxes--small' : ''}`}>
          <For each={props.options}>
            {(o, i) => (
              <div class="govuk-checkboxes__item">
                <input
                  class="govuk-checkboxes__input"
                  id={i() === 0 ? props.id : `${props.id}-${o.value}`}
                  type="checkbox"
                  value={o.value}
                  checked={props.values.includes(o.value)}
                  onChange={(e) => toggle(o.value, e.currentTarget.checked)}
                />
                <label
                  class="govuk-label govuk-checkboxes__label"
                  for={i() === 0 ? props.id : `${props.id}-${o.value}`}
                >
                  {o.label}
                </label>
              </div>
            )}
          </For>
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox(props: {
  id: string;
  label: string;
  /** Extra class on the label, e.g. app-reference. */
  labelClass?: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <div class="govuk-checkboxes govuk-checkboxes--small">
      <div class="govuk-checkboxes__item">
        <input
          class="govuk-checkboxes__input"
          id={props.id}
          type="checkbox"
          checked={props.checked}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />
        <label class={`govuk-label govuk-checkboxes__label ${props.labelClass ?? ''}`} for={props.id}>
          {props.label}
        </label>
      </div>
    </div>
  );
}

/** GOV.UK radios in a fieldset; the first radio carries the id so error links land on it. */
export function RadioGroup(
  props: Common & { name: string; value: string; options: Option[]; onChange: (value: string) => void },
) {
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(props)}>
        <legend class={`govuk-fieldset__legend ${props.labelClass ?? 'govuk-fieldset__legend--s'}`}>
          {props.label}
        </legend>
        <HintAndError {...props} />
        <div class="govuk-radios govuk-radios--small">
          <For each={props.options}>
            {(o, i) => (
              <div class="govuk-radios__item">
                <input
                  class="govuk-radios__input"
                  id={i() === 0 ? props.id : `${props.id}-${o.value}`}
                  name={props.name}
                  type="radio"
                  value={o.value}
                  checked={props.value === o.value}
                  onChange={() => props.onChange(o.value)}
                />
                <label class="govuk-label govuk-radios__label" for={i() === 0 ? props.id : `${props.id}-${o.value}`}>
                  {o.label}
                </label>
              </div>
            )}
          </For>
        </div>
      </fieldset>
    </div>
  );
}

import { For } from 'solid-js';
import { HintAndError } from './Fields';

/** ISO "2026-11-30" from day, month and year as typed, or null when it is not a real date. */
export function isoDate(parts: { day: string; month: string; year: string }): string | null {
  const [d, m, y] = [parts.day, parts.month, parts.year].map((p) => p.trim());
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(m) - 1) return null;
  return date.toISOString().slice(0, 10);
}

/** The GOV.UK date input: day, month and year boxes (no browser date picker). Value is ISO or as typed. */
export function DateInput(props: {
  id: string;
  label: string;
  hint?: string;
  value: { day: string; month: string; year: string };
  onInput: (value: { day: string; month: string; year: string }) => void;
  error?: string;
}) {
  const parts = [
    ['day', 'Day', 'govuk-input--width-2'],
    ['month', 'Month', 'govuk-input--width-2'],
    ['year', 'Year', 'govuk-input--width-4'],
  ] as const;
  // The day box carries the field's own id, so an error summary's link lands in it.
  const inputId = (key: string) => (key === 'day' ? props.id : `${props.id}-${key}`);
  const described = () =>
    [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={described()}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{props.label}</legend>
        <HintAndError id={props.id} label={props.label} hint={props.hint} error={props.error} />
        <div class="govuk-date-input">
          <For each={parts}>
            {([key, text, width]) => (
              <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                  <label class="govuk-label govuk-date-input__label" for={inputId(key)}>
                    {text}
                  </label>
                  <input
                    class={`govuk-input govuk-date-input__input ${width}${props.error ? ' govuk-input--error' : ''}`}
                    id={inputId(key)}
                    type="text"
                    inputmode="numeric"
                    value={props.value[key]}
                    onInput={(e) => props.onInput({ ...props.value, [key]: e.currentTarget.value })}
                  />
                </div>
              </div>
            )}
          </For>
        </div>
      </fieldset>
    </div>
  );
}

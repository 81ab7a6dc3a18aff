import { createSignal, For, onCleanup, Show } from 'solid-js';
import { ReportedError } from '../lib/title';

export type PickerOption = { value: string; label: string };

/** How long typing pauses before the server is asked: one search per word typed, not per key. */
const DEBOUNCE_MS = 250;

/** The search text a picker sends, settled `DEBOUNCE_MS` after the last key. */
export function createSearchTerm() {
  const [typed, setTyped] = createSignal('');
  const [term, setTerm] = createSignal('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const type = (value: string) => {
    setTyped(value);
    clearTimeout(timer);
    timer = setTimeout(() => setTerm(value.trim()), DEBOUNCE_MS);
  };
  return { typed, term, type };
}

/**
 * A choice among more things than a page can list (a national zone's thousands of services): a box
 * that searches on the server, and a select of the matches (at most `limit`) with what was already
 * chosen kept at the top. The select carries the field's id, so an error summary's link focuses it.
 */
export function Picker(props: {
  id: string;
  label: string;
  /** What is chosen among, in the plural ("services", "providers"). */
  what: string;
  hint?: string;
  labelClass?: string;
  error?: string;
  blank: string;
  value: string;
  /** The chosen value and its option's text. */
  onChange: (value: string, label: string) => void;
  typed: string;
  onType: (value: string) => void;
  /** The chosen option when the matches do not hold it (editing, or a value from the address). */
  chosen?: PickerOption | null;
  matches: PickerOption[];
  /** How many match in all, when known; else `more` says there are more than shown. */
  total?: number | null;
  more: boolean;
  searching: boolean;
  term: string;
}) {
  const options = () => {
    const c = props.chosen;
    return c && !props.matches.some((m) => m.value === c.value) ? [c, ...props.matches] : props.matches;
  };
  const status = () => {
    if (props.searching) return 'Searching…';
    const n = props.matches.length;
    if (n === 0)
      return props.term ? `No ${props.what.replace(/s$/, '')} matches “${props.term}”.` : `No ${props.what}.`;
    if (!props.more) return props.term ? `${n} ${n === 1 ? 'match' : 'matches'}.` : '';
    const all = props.total != null ? ` of ${props.total.toLocaleString('en-GB')}` : '';
    return props.term
      ? `Showing the first ${n}${all} matches: type more to narrow them.`
      : `Showing the first ${n}${all} ${props.what}: type a name to find others.`;
  };
  const described = () =>
    [`${props.id}-status`, props.error && `${props.id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label ${props.labelClass ?? ''}`} for={`${props.id}-search`}>
        Find {props.label.toLowerCase()}
      </label>
      <div id={`${props.id}-search-hint`} class="govuk-hint">
        {props.hint ?? `Type part of its name; the ${props.label.toLowerCase()} list below shows what matches`}
      </div>
      <input
        class="govuk-input govuk-!-width-two-thirds"
        id={`${props.id}-search`}
        type="search"
        autocomplete="off"
        spellcheck={false}
        aria-describedby={`${props.id}-search-hint ${props.id}-status`}
        aria-controls={props.id}
        value={props.typed}
        onInput={(e) => props.onType(e.currentTarget.value)}
      />
      <p id={`${props.id}-status`} class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-2" aria-live="polite">
        {status()}
      </p>
      <label class={`govuk-label ${props.labelClass ?? ''}`} for={props.id}>
        {props.label}
      </label>
      <Show when={props.error}>
        <ReportedError />
        <p id={`${props.id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {props.error}
        </p>
      </Show>
      <select
        class={`govuk-select${props.error ? ' govuk-select--error' : ''}`}
        id={props.id}
        name={props.id}
        aria-describedby={described()}
        onChange={(e) => props.onChange(e.currentTarget.value, e.currentTarget.selectedOptions[0]?.text ?? '')}
      >
        <option value="" selected={props.value === ''}>
          {props.blank}
        </option>
        <For each={options()}>
          {(o) => (
            <option value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}

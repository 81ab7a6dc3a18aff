import { A } from '@solidjs/router';
import { type Accessor, createEffect, createSignal, For, Show } from 'solid-js';
import { ReportedError } from '../lib/title';

/** `field`: the id of the input it belongs to; `href`: else a page that puts it right. */
export type FormError = { field?: string; href?: string; message: string };

/** GOV.UK error summary: focused when it appears, each error links to its field. */
export function ErrorSummary(props: { errors: FormError[]; title?: string }) {
  let ref: HTMLDivElement | undefined;
  createEffect(() => {
    if (props.errors.length > 0) ref?.focus();
  });
  return (
    <Show when={props.errors.length > 0}>
      <ReportedError />
      <div ref={ref} class="govuk-error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title">
        <h2 class="govuk-error-summary__title" id="error-summary-title">
          {props.title ?? 'There is a problem'}
        </h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            <For each={props.errors}>
              {(error) => (
                <li>
                  <Show
                    when={error.field}
                    fallback={
                      <Show when={error.href} fallback={error.message}>
                        {(href) => <A href={href()}>{error.message}</A>}
                      </Show>
                    }
                  >
                    {(field) => <a href={`#${field()}`}>{error.message}</a>}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </div>
      </div>
    </Show>
  );
}

/**
 * For forms that show a field's error only beside the field (no summary): moves focus to the first
 * field in error, so a keyboard or screen reader user lands on it and hears its error (GOV.UK).
 */
export function focusFirstFieldError(errors: () => FormError[]) {
  createEffect(() => {
    const first = errors().find((e) => e.field);
    if (first?.field && !errors().some((e) => !e.field)) document.getElementById(first.field)?.focus();
  });
}

type ResultError = { __typename: string; message?: string; fieldErrors?: { path: string[]; message: string }[] };

/** Turns a mutation's error result into form errors keyed by the input field they belong to. */
export function formErrors(result: ResultError | null | undefined, fieldIds: Record<string, string> = {}): FormError[] {
  if (!result || result.__typename.endsWith('Success')) return [];
  if (result.fieldErrors?.length) {
    return result.fieldErrors.map((e) => {
      const key = e.path.filter((p) => p !== 'input' && !/^\d+$/.test(p)).at(-1) ?? '';
      return { field: fieldIds[key] ?? key, message: e.message };
    });
  }
  return [{ message: result.message ?? 'Something went wrong' }];
}

/**
 * After a mutation: on its Success result clear the errors and run onSuccess; otherwise show its
 * errors beside their fields, or a plain "try again" when no answer came back.
 */
export function settleResult(
  result: ResultError | null | undefined,
  setErrors: (errors: FormError[]) => void,
  onSuccess: () => void,
  fieldIds: Record<string, string> = {},
): void {
  if (result?.__typename.endsWith('Success')) {
    setErrors([]);
    onSuccess();
  } else
    setErrors(result ? formErrors(result, fieldIds) : [{ message: 'We could not save this just now. Try again.' }]);
}

export const errorFor = (errors: FormError[], field: string) => errors.find((e) => e.field === field)?.message;

/**
 * A form's errors, calling onRefused whenever errors appear: the one place a refusal clears
 * feedback that lives elsewhere (the form's own success message, or a page's banner).
 */
export function createErrors(onRefused?: () => void): [Accessor<FormError[]>, (errors: FormError[]) => void] {
  const [errors, setErrorSignal] = createSignal<FormError[]>([]);
  const setErrors = (next: FormError[]) => {
    if (next.length) onRefused?.();
    setErrorSignal(next);
  };
  return [errors, setErrors];
}

/**
 * A form's errors and its success message, each clearing the other: an earlier success must not
 * stand above a later refusal (or a check in the browser), nor an old error beside a new success.
 */
export function createFeedback(): [
  Accessor<FormError[]>,
  (errors: FormError[]) => void,
  Accessor<string>,
  (message: string) => void,
] {
  const [message, setMessageSignal] = createSignal('');
  const [errors, setErrors] = createErrors(() => setMessageSignal(''));
  const setMessage = (next: string) => {
    if (next) setErrors([]);
    setMessageSignal(next);
  };
  return [errors, setErrors, message, setMessage];
}

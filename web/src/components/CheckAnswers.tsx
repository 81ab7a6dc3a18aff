import { For, type JSX, onMount, Show } from 'solid-js';

/** An answer; `field` is the box its Change link focuses (none: it cannot be changed on this form). */
export type Answer = { key: string; value: JSX.Element; field?: string };

/** GOV.UK "Check your answers": each answer with a Change link back to its field, then send. */
export function CheckAnswers(props: {
  answers: Answer[];
  onChange: (field: string) => void;
  onSend: (e: Event) => void;
  sending: boolean;
  children?: JSX.Element;
}) {
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  return (
    <div data-testid="check-answers">
      <h2 class="govuk-heading-l" tabindex="-1" ref={heading}>
        Check your answers before sending
      </h2>
      <dl class="govuk-summary-list">
        <For each={props.answers}>
          {(a) => (
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">{a.key}</dt>
              <dd class="govuk-summary-list__value">{a.value}</dd>
              <Show when={a.field}>
                {(field) => (
                  <dd class="govuk-summary-list__actions">
                    <button type="button" class="app-link-button" onClick={() => props.onChange(field())}>
                      Change<span class="govuk-visually-hidden"> {a.key.toLowerCase()}</span>
                    </button>
                  </dd>
                )}
              </Show>
            </div>
          )}
        </For>
      </dl>
      {props.children}
      <form onSubmit={props.onSend} novalidate>
        <button type="submit" class="govuk-button" disabled={props.sending}>
          Send commission
        </button>
      </form>
    </div>
  );
}

import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { BackLink, Banner, QueryView } from '../../components/Bits';
import { createFeedback, ErrorSummary, type FormError, settleResult } from '../../components/ErrorSummary';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';

const PreferencesQuery = graphql(`query EmailPreferences { emailPreferences { kind label delivery } }`);
const SetPreferences = graphql(`
  mutation SetEmailPreferences($input: SetEmailPreferencesInput!) {
    setEmailPreferences(input: $input) { __typename ... on Error { message } }
  }
`);

type Delivery = 'IMMEDIATE' | 'DAILY_DIGEST' | 'OFF';
const CHOICES: { value: Delivery; label: string }[] = [
  { value: 'IMMEDIATE', label: 'Straight away' },
  { value: 'DAILY_DIGEST', label: 'In a daily summary' },
  { value: 'OFF', label: 'Not by email' },
];

/** Which emails the signed-in person gets, and how: each kind straight away, in a daily summary, or not. */
export default function EmailSettingsPage() {
  const [result] = createQuery({ query: PreferencesQuery, requestPolicy: 'network-only' });
  const [, save] = createMutation(SetPreferences);
  const [chosen, setChosen] = createSignal<Record<string, Delivery>>({});
  const [errors, setErrors, message, setMessage] = createFeedback();
  const deliveryOf = (p: { kind: string; delivery: Delivery }) => chosen()[p.kind] ?? p.delivery;
  const submit = async (e: Event) => {
    e.preventDefault();
    const preferences = Object.entries(chosen()).map(([kind, delivery]) => ({ kind, delivery }));
    const r = (await save({ input: { preferences } })).data?.setEmailPreferences;
    settleResult(r, setErrors, () => setMessage('Your email settings are saved.'));
  };
  return (
    <>
      <BackLink href="/notifications">Notifications</BackLink>
      <Title>Email settings</Title>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <h1 class="govuk-heading-xl">Email settings</h1>
      <p class="govuk-body">
        Everything is always in your notifications in the portal. Choose what we also email you. Invitations and
        password links are always sent straight away.
      </p>
      <QueryView result={result} what="your email settings">
        {(data) => (
          <form onSubmit={submit} novalidate>
            <For each={data.emailPreferences}>
              {(p) => (
                <div class="govuk-form-group">
                  <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{p.label}</legend>
                    <div class="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
                      <For each={CHOICES}>
                        {(c) => (
                          <div class="govuk-radios__item">
                            <input
                              class="govuk-radios__input"
                              id={`${p.kind}-${c.value}`}
                              name={p.kind}
                              type="radio"
                              value={c.value}
                              checked={deliveryOf(p) === c.value}
                              onChange={() => setChosen({ ...chosen(), [p.kind]: c.value })}
                            />
                            <label class="govuk-label govuk-radios__label" for={`${p.kind}-${c.value}`}>
                              {c.label}
                            </label>
                          </div>
                        )}
                      </For>
                    </div>
                  </fieldset>
                </div>
              )}
            </For>
            <button type="submit" class="govuk-button">
              Save email settings
            </button>
          </form>
        )}
      </QueryView>
    </>
  );
}

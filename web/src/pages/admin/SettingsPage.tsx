import { createMutation } from '@urql/solid';
import { createEffect, createSignal, Show } from 'solid-js';
import { Banner } from '../../components/Bits';
import { ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { money, parsePounds } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const UpdateSettings = graphql(`
  mutation UpdateSettings($input: UpdateZoneSettingsInput!) {
    updateZoneSettings(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);

export default function SettingsPage() {
  const session = useSession();
  const [, update] = createMutation(UpdateSettings);
  const [limit, setLimit] = createSignal('');
  const [period, setPeriod] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [message, setMessage] = createSignal('');
  createEffect(() => {
    const zone = session.viewer()?.zone;
    if (zone && !limit()) {
      setLimit((zone.delegatedLimitPence / 100).toFixed(2));
      setPeriod(zone.currentPeriod);
    }
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    const pence = parsePounds(limit());
    if (pence === null) return setErrors([{ field: 'limit', message: 'Enter the limit in pounds, like 250' }]);
    const r = (await update({ input: { delegatedLimitPence: pence, currentPeriod: period() } })).data
      ?.updateZoneSettings;
    settleResult(
      r,
      setErrors,
      () => {
        setMessage(`Saved. Commissions up to ${money(pence)} are now approved when raised.`);
        session.refresh();
      },
      { delegatedLimitPence: 'limit', currentPeriod: 'period' },
    );
  };
  return (
    <>
      <Title>Zone settings</Title>
      <h1 class="govuk-heading-xl">Zone settings</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <form onSubmit={submit} novalidate>
        <TextField
          id="limit"
          label="Delegated approval limit"
          hint="Commissions at or under this are approved when raised; above it a commissioner decides."
          prefix="£"
          value={limit()}
          onInput={setLimit}
          inputmode="decimal"
          width="govuk-input--width-5"
          error={errorFor(errors(), 'limit')}
        />
        <TextField
          id="period"
          label="Current budget period"
          hint="For example 2026-27"
          value={period()}
          onInput={setPeriod}
          width="govuk-input--width-5"
          error={errorFor(errors(), 'period')}
        />
        <button type="submit" class="govuk-button">
          Save settings
        </button>
      </form>
    </>
  );
}

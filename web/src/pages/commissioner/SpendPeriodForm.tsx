import { createSignal, For } from 'solid-js';
import { createDateRange, DateRangeInputs } from '../../components/DateRange';
import { ErrorSummary } from '../../components/ErrorSummary';
import { date } from '../../lib/format';

export type SpendWindow = { period: string; from?: string; to?: string };
type Described = { period?: string; from?: string; to?: string };

/** "the 2026-27 budget period, commissions raised from 1 October 2026 to 15 October 2026" */
export function describeWindow(w: Described): string {
  const raised =
    w.from && w.to
      ? `, commissions raised ${date(w.from)} to ${date(w.to)}`
      : w.from
        ? `, commissions raised from ${date(w.from)}`
        : w.to
          ? `, commissions raised up to ${date(w.to)}`
          : '';
  return `${w.period ? `The ${w.period} budget period` : 'Every budget period'}${raised}`;
}

/** Chooses the budget period, and optionally the days the commissions were raised on (GOV.UK date inputs). */
export function SpendPeriodForm(props: { periods: string[]; value: SpendWindow; onChange: (w: SpendWindow) => void }) {
  const [period, setPeriod] = createSignal(props.value.period);
  const range = createDateRange(props.value);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const days = range.check({ from: '1 10 2026', to: '1 10 2026' }, true);
    if (days) props.onChange({ period: period(), ...days });
  };
  return (
    <form class="app-period" onSubmit={submit} novalidate>
      <ErrorSummary errors={range.errors()} />
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="period">
          Budget period
        </label>
        <select class="govuk-select" id="period" value={period()} onChange={(e) => setPeriod(e.currentTarget.value)}>
          <For each={props.periods}>{(p) => <option value={p}>{p}</option>}</For>
        </select>
      </div>
      <details class="govuk-details" open={Boolean(props.value.from || props.value.to)}>
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Only commissions raised between two dates</span>
        </summary>
        <div class="govuk-details__text">
          <DateRangeInputs
            range={range}
            hints={{
              from: 'For example, 1 10 2026. Leave blank to start at the beginning of the period.',
              to: 'Leave blank to include every day since the first.',
            }}
          />
        </div>
      </details>
      <button type="submit" class="govuk-button govuk-button--secondary">
        Show spend
      </button>
    </form>
  );
}

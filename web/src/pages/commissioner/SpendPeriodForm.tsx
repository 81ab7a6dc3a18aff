import { createSignal, For } from 'solid-js';
import { DateInput, isoDate } from '../../components/DateInput';
import { ErrorSummary, type FormError } from '../../components/ErrorSummary';
import { date } from '../../lib/format';

export type SpendWindow = { period: string; from?: string; to?: string };
type Described = { period?: string; from?: string; to?: string };

const parts = (iso?: string) => {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
};
const blank = (p: { day: string; month: string; year: string }) => !`${p.day}${p.month}${p.year}`.trim();

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
  const [from, setFrom] = createSignal(parts(props.value.from));
  const [to, setTo] = createSignal(parts(props.value.to));
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const errorFor = (field: string) => errors().find((e) => e.field === field)?.message;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    const read = (field: string, value: { day: string; month: string; year: string }, what: string) => {
      if (blank(value)) return undefined;
      const iso = isoDate(value);
      if (!iso) found.push({ field, message: `Enter a real date for ${what}, like 1 10 2026` });
      return iso ?? undefined;
    };
    const start = read('from', from(), 'the first day');
    const end = read('to', to(), 'the last day');
    if (start && end && start > end) found.push({ field: 'to', message: 'The last day must be on or after the first' });
    setErrors(found);
    if (found.length === 0) props.onChange({ period: period(), from: start, to: end });
  };
  return (
    <form class="app-period" onSubmit={submit} novalidate>
      <ErrorSummary errors={errors()} />
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
          <DateInput
            id="from"
            label="First day"
            hint="For example, 1 10 2026. Leave blank to start at the beginning of the period."
            value={from()}
            onInput={setFrom}
            error={errorFor('from')}
          />
          <DateInput
            id="to"
            label="Last day"
            hint="Leave blank to include every day since the first."
            value={to()}
            onInput={setTo}
            error={errorFor('to')}
          />
        </div>
      </details>
      <button type="submit" class="govuk-button govuk-button--secondary">
        Show spend
      </button>
    </form>
  );
}

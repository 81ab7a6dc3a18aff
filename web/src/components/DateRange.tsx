import { createSignal } from 'solid-js';
import { DateInput, isoDate } from './DateInput';
import type { FormError } from './ErrorSummary';

type Parts = { day: string; month: string; year: string };

/** Day, month and year boxes' values for an ISO date ("2026-09-01" → 1, 9, 2026); blank for none. */
export const isoParts = (iso?: string): Parts => {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
};
const blank = (p: Parts) => !`${p.day}${p.month}${p.year}`.trim();

/**
 * A first and a last day typed in GOV.UK date inputs (ids "from" and "to") and the errors found in them.
 * `check` reads both (a blank one is allowed when `optional`), shows what is wrong and returns the ISO
 * dates, or null when something is wrong.
 */
export function createDateRange(initial: { from?: string; to?: string }) {
  const [from, setFrom] = createSignal(isoParts(initial.from));
  const [to, setTo] = createSignal(isoParts(initial.to));
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const errorFor = (field: string) => errors().find((e) => e.field === field)?.message;
  const check = (like: { from: string; to: string }, optional = false) => {
    const found: FormError[] = [];
    const read = (field: 'from' | 'to', value: Parts, what: string) => {
      if (optional && blank(value)) return undefined;
      const iso = isoDate(value);
      if (!iso) found.push({ field, message: `Enter a real date for ${what}, like ${like[field]}` });
      return iso ?? undefined;
    };
    const start = read('from', from(), 'the first day');
    const end = read('to', to(), 'the last day');
    if (start && end && start > end) found.push({ field: 'to', message: 'The last day must be on or after the first' });
    setErrors(found);
    return found.length ? null : { from: start, to: end };
  };
  return { from, setFrom, to, setTo, errors, errorFor, check };
}

/** The "First day" and "Last day" date inputs of a range made by createDateRange. */
export function DateRangeInputs(props: {
  range: ReturnType<typeof createDateRange>;
  hints: { from: string; to: string };
}) {
  return (
    <>
      <DateInput
        id="from"
        label="First day"
        hint={props.hints.from}
        value={props.range.from()}
        onInput={props.range.setFrom}
        error={props.range.errorFor('from')}
      />
      <DateInput
        id="to"
        label="Last day"
        hint={props.hints.to}
        value={props.range.to()}
        onInput={props.range.setTo}
        error={props.range.errorFor('to')}
      />
    </>
  );
}

import { For, Show } from 'solid-js';

// What an imported listing holds that the provider's form cannot edit: a monthly or fortnightly
// opening, a weekly one that runs only between two dates, an area's shape and link. The form shows the openings as words and sends both back
// as they were read, so saving a claimed listing does not lose them.

type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export type KeptSchedule = {
  days: Weekday[];
  opensAt: string | null;
  closesAt: string | null;
  validFrom: string | null;
  validTo: string | null;
  description: string;
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  dtstart: string | null;
  byMonthDay: number[];
  byDayInMonth: string[];
};
type ScheduleRead = Omit<KeptSchedule, 'days' | 'byMonthDay' | 'byDayInMonth'> & {
  days: readonly Weekday[];
  byMonthDay: readonly number[];
  byDayInMonth: readonly string[];
};
export type Area = {
  name: string;
  description: string;
  extent: string | null;
  extentType: string | null;
  uri: string | null;
  serviceArea: string | null;
};

// A weekly row of the form has no dates, so one that runs between dates is kept whole instead.
const isWeekly = (s: ScheduleRead) =>
  s.freq === 'WEEKLY' && s.interval === 1 && !s.dtstart && !s.validFrom && !s.validTo;

/** The plain weekly openings (the form edits them) apart from the rules it keeps. */
export function keptSchedules(all: readonly ScheduleRead[]): { weekly: ScheduleRead[]; kept: KeptSchedule[] } {
  return {
    weekly: all.filter(isWeekly),
    kept: all
      .filter((s) => !isWeekly(s))
      .map((s) => ({ ...s, days: [...s.days], byMonthDay: [...s.byMonthDay], byDayInMonth: [...s.byDayInMonth] })),
  };
}

/** The areas named on the form; one read with the same name goes back whole. */
export function areasToInput(names: string[], read: Area[]): Area[] | { name: string }[] {
  return names.map((name) => read.find((a) => a.name === name) ?? { name }) as Area[];
}

const DAY: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const NTH: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '5': 'fifth' };
const nth = (n: string) => (n.startsWith('-') ? (n === '-1' ? 'last' : `${NTH[n.slice(1)]} from last`) : NTH[n]);

/** "Every month on the first Monday, 10:00 to 12:00": the rule in words. */
export function scheduleWords(s: KeptSchedule): string {
  const unit = s.freq === 'MONTHLY' ? 'month' : 'week';
  const every = s.interval === 1 ? `Every ${unit}` : `Every ${s.interval} ${unit}s`;
  const days = [
    ...s.byDayInMonth.map((d) => {
      const m = /^(-?\d)?([A-Z]{2})$/.exec(d);
      return m?.[1] ? `the ${nth(m[1])} ${DAY[m[2]!]}` : (DAY[m?.[2] ?? ''] ?? d);
    }),
    ...s.byMonthDay.map((d) => (d === -1 ? 'the last day' : d < 0 ? `day ${-d} from the end` : `day ${d}`)),
    ...(s.byDayInMonth.length ? [] : s.days.map((d) => DAY[d])),
  ];
  return [
    `${every}${days.length ? ` on ${days.join(', ')}` : ''}`,
    s.opensAt && s.closesAt ? `${s.opensAt} to ${s.closesAt}` : '',
    s.dtstart ? `counted from ${s.dtstart}` : '',
    s.validFrom ? `from ${s.validFrom}` : '',
    s.validTo ? `until ${s.validTo}` : '',
    s.description,
  ]
    .filter(Boolean)
    .join(', ');
}

export function KeptSchedules(props: { schedules: KeptSchedule[] }) {
  return (
    <Show when={props.schedules.length}>
      <div class="govuk-inset-text" data-testid="kept-schedules">
        <ul class="govuk-list">
          <For each={props.schedules}>{(s) => <li>{scheduleWords(s)} (kept as imported)</li>}</For>
        </ul>
        <p class="govuk-body-s">This form cannot change these; they are saved as they are.</p>
      </div>
    </Show>
  );
}

import { Index } from 'solid-js';
import { DAYS } from '../lib/format';
import { CheckboxGroup, TextField } from './Fields';
import { type KeptSchedule, KeptSchedules } from './KeptDetails';
import { AddButton, RowFieldset } from './RepeatedRows';

// A listing's opening times on the provider's form: the weekly rows it edits, after the imported
// rules it keeps as they are (see KeptDetails.tsx).

export type ScheduleRow = { days: string[]; opensAt: string; closesAt: string; description: string };

/** The first row's errors are the ones the API reports (see DETAIL_FIELD_IDS). */
export function OpeningTimesFields(props: {
  rows: ScheduleRow[];
  kept: KeptSchedule[];
  onChange: (rows: ScheduleRow[]) => void;
  error: (field: string) => string | undefined;
}) {
  const setRow = (i: number, patch: Partial<ScheduleRow>) =>
    props.onChange(props.rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  return (
    <>
      <h2 class="govuk-heading-m">Opening times</h2>
      <KeptSchedules schedules={props.kept} />
      <Index each={props.rows}>
        {(row, i) => (
          <RowFieldset
            name="Opening time"
            n={i + 1}
            onRemove={() => props.onChange(props.rows.filter((_, j) => j !== i))}
          >
            <CheckboxGroup
              id={`schedule-${i}-days`}
              label="Days"
              values={row().days}
              options={DAYS.map(([value, label]) => ({ value, label }))}
              onChange={(days) => setRow(i, { days })}
              error={i === 0 ? props.error('schedule-0-days') : undefined}
              small
            />
            <TextField
              id={`schedule-${i}-opensAt`}
              label="Opens (24-hour, like 09:30)"
              value={row().opensAt}
              onInput={(opensAt) => setRow(i, { opensAt })}
              width="govuk-input--width-5"
              error={i === 0 ? props.error('schedule-0-opensAt') : undefined}
            />
            <TextField
              id={`schedule-${i}-closesAt`}
              label="Closes (24-hour, like 16:00)"
              value={row().closesAt}
              onInput={(closesAt) => setRow(i, { closesAt })}
              width="govuk-input--width-5"
              error={i === 0 ? props.error('schedule-0-closesAt') : undefined}
            />
            <TextField
              id={`schedule-${i}-description`}
              label="Note (optional)"
              hint="For example: term time only"
              value={row().description}
              onInput={(description) => setRow(i, { description })}
            />
          </RowFieldset>
        )}
      </Index>
      <AddButton
        onClick={() => props.onChange([...props.rows, { days: [], opensAt: '', closesAt: '', description: '' }])}
      >
        Add an opening time
      </AddButton>
    </>
  );
}

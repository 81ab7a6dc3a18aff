import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { date, label } from '../lib/format';
import { graphql } from '../lib/graphql';
import { DateInput, isoDate } from './DateInput';
import { ErrorSummary, errorFor, type FormError, settleResult } from './ErrorSummary';
import { SelectField, TextField } from './Fields';
import { MeasureName } from './MeasureName';
import { OutcomeChart } from './OutcomeChart';

const MeasuresQuery = graphql(`
  query OutcomeMeasures { measures { code name shortName minScore maxScore better multipleItems reliableChangePoints clinicalCutoff notice active } }
`);

const RecordOutcome = graphql(`
  mutation RecordOutcome($input: RecordOutcomeMeasureInput!) {
    recordOutcomeMeasure(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export type OutcomeScore = {
  measure: string;
  item: string;
  score: number;
  measuredOn: string;
  note: string;
  late: boolean;
};
export type OutcomeChangeRow = {
  measure: { code: string };
  baseline: number;
  latest: number;
  classification: string;
  movedToTypical: boolean | null;
};

const TAGS: Record<string, string> = {
  DONE: 'govuk-tag--green',
  DUE: 'govuk-tag--yellow',
  OVERDUE: 'govuk-tag--red',
  UPCOMING: 'govuk-tag--grey',
};

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** The child page's outcomes: chart and table per measure, change since baseline, and recording a score. */
export function OutcomeSection(props: {
  childId: string;
  scores: OutcomeScore[];
  changes: OutcomeChangeRow[];
  schedule: { label: string; opensOn: string; dueBy: string; status: string; doneOn: string | null }[];
  onRecorded: () => void;
}) {
  const [measures] = createQuery({ query: MeasuresQuery });
  const [, recordOutcome] = createMutation(RecordOutcome);
  const [chosen, setMeasure] = createSignal('');
  const [item, setItem] = createSignal('');
  const [score, setScore] = createSignal('');
  const today = new Date();
  const [measuredOn, setMeasuredOn] = createSignal({
    day: String(today.getDate()),
    month: String(today.getMonth() + 1),
    year: String(today.getFullYear()),
  });
  const [note, setNote] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const all = () => measures.data?.measures ?? [];
  // Measures the zone switched off are not offered for new scores; their history still shows below.
  const offered = () => all().filter((m) => m.active);
  const measure = () =>
    offered().some((m) => m.code === chosen())
      ? chosen()
      : ((offered().find((m) => m.code === 'SDQ_TOTAL') ?? offered()[0])?.code ?? '');
  const current = () => all().find((m) => m.code === measure());
  const used = () => all().filter((m) => props.scores.some((s) => s.measure === m.code));
  const measureOf = (code: string) => all().find((m) => m.code === code) ?? { name: code, shortName: code };
  // People read the short name; the code is for machines (it shows only until the measures load).
  const shortNameOf = (code: string) => all().find((m) => m.code === code)?.shortName ?? code;

  const submit = async (e: Event) => {
    e.preventDefault();
    const m = current();
    const range = m ? `${m.minScore} to ${m.maxScore}` : '';
    if (!/^\d+$/.test(score().trim()))
      return setErrors([{ field: 'score', message: `Enter the score as a whole number${range ? `, ${range}` : ''}` }]);
    // Checked here as the server checks it, in the same words, so a slip needs no round trip (audit W-F4).
    if (m && (Number(score()) < m.minScore || Number(score()) > m.maxScore))
      return setErrors([
        { field: 'score', message: `${m.shortName} is scored ${range}; ${Number(score())} is outside that range` },
      ]);
    if (m?.multipleItems && !item().trim())
      return setErrors([
        { field: 'item', message: `${m.shortName} scores each goal: name the goal this score is for` },
      ]);
    const measured = isoDate(measuredOn());
    // GOV.UK's wording: an empty date is asked for, only a wrong one is called not real.
    if (!Object.values(measuredOn()).some((p) => p.trim()))
      return setErrors([{ field: 'measuredOn', message: 'Enter the date measured' }]);
    if (!measured)
      return setErrors([{ field: 'measuredOn', message: 'Enter the date measured as a real date, like 27 3 2026' }]);
    const res = await recordOutcome({
      input: {
        childId: props.childId,
        measure: measure(),
        item: m?.multipleItems ? item() : undefined,
        score: Number(score()),
        measuredOn: measured,
        note: note(),
      },
    });
    settleResult(
      res.data?.recordOutcomeMeasure,
      setErrors,
      () => {
        setScore('');
        setNote('');
        props.onRecorded();
      },
      { score: 'score', measuredOn: 'measuredOn', note: 'outcomeNote', item: 'item', measure: 'measure' },
    );
  };

  return (
    <>
      <h2 class="govuk-heading-l">Outcomes</h2>
      <Show when={props.schedule.length > 0}>
        <h3 class="govuk-heading-m">Schedule</h3>
        <ul class="govuk-list">
          <For each={props.schedule}>
            {(p) => (
              <li>
                <strong class={`govuk-tag ${TAGS[p.status] ?? ''}`}>{label(p.status)}</strong> {p.label}:{' '}
                {p.doneOn ? `measured ${date(p.doneOn)}` : `from ${date(p.opensOn)}, due by ${date(p.dueBy)}`}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.changes.length > 0}>
        <h3 class="govuk-heading-m">Change since baseline</h3>
        <dl class="govuk-summary-list">
          <For each={props.changes}>
            {(c) => (
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">
                  <MeasureName measure={measureOf(c.measure.code)} />
                </dt>
                <dd class="govuk-summary-list__value">
                  {fmt(c.baseline)} to {fmt(c.latest)}: {label(c.classification).toLowerCase()}
                  <Show when={c.movedToTypical}>; moved from the clinical to the typical range</Show>
                </dd>
              </div>
            )}
          </For>
        </dl>
        <p class="govuk-body-s">
          Reliable change uses the Jacobson–Truax index: a change larger than measurement error alone would explain.
        </p>
      </Show>
      <For each={used()}>
        {(m) => (
          <section aria-label={m.name}>
            <OutcomeChart measure={m} scores={props.scores.filter((s) => s.measure === m.code)} />
          </section>
        )}
      </For>
      <table class="govuk-table app-table--stacked">
        <caption class="govuk-table__caption govuk-table__caption--s">Every score recorded</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Date
            </th>
            <th scope="col" class="govuk-table__header">
              Measure
            </th>
            <th scope="col" class="govuk-table__header">
              Goal
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Score
            </th>
            <th scope="col" class="govuk-table__header">
              Note
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          <For each={props.scores}>
            {(s) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell" data-label="Date">
                  {date(s.measuredOn)}
                  <Show when={s.late}>
                    {' '}
                    <strong class="govuk-tag govuk-tag--yellow">Late</strong>
                  </Show>
                </td>
                <td class="govuk-table__cell" data-label="Measure">
                  {shortNameOf(s.measure)}
                </td>
                <td class="govuk-table__cell" data-label="Goal">
                  {s.item}
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Score">
                  {s.score}
                </td>
                <td class="govuk-table__cell" data-label="Note">
                  {s.note}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <h3 class="govuk-heading-m">Record a score</h3>
      <ErrorSummary errors={errors()} title="The score could not be saved" />
      <form onSubmit={submit} novalidate>
        <SelectField
          id="measure"
          label="Measure"
          value={measure()}
          options={offered().map((m) => ({ value: m.code, label: m.name }))}
          onChange={setMeasure}
          error={errorFor(errors(), 'measure')}
        />
        <Show when={current()?.notice}>
          <p class="govuk-body-s">{current()!.notice}</p>
        </Show>
        <Show when={current()?.multipleItems}>
          <TextField
            id="item"
            label="Goal"
            hint="The goal as agreed with the child, in a few words"
            value={item()}
            onInput={setItem}
            error={errorFor(errors(), 'item')}
          />
        </Show>
        <TextField
          id="score"
          label={current() ? `Score (${current()!.minScore} to ${current()!.maxScore})` : 'Score'}
          value={score()}
          onInput={setScore}
          inputmode="numeric"
          width="govuk-input--width-3"
          error={errorFor(errors(), 'score')}
        />
        <DateInput
          id="measuredOn"
          label="Date measured"
          hint="For example, 27 3 2026"
          value={measuredOn()}
          onInput={setMeasuredOn}
          error={errorFor(errors(), 'measuredOn')}
        />
        <TextField
          id="outcomeNote"
          label="Note (optional)"
          hint="For example, 12 months"
          value={note()}
          onInput={setNote}
          error={errorFor(errors(), 'outcomeNote')}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Record score
        </button>
      </form>
    </>
  );
}

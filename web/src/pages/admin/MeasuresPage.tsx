import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView, SummaryList } from '../../components/Bits';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { SelectField, TextArea, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';

const MeasuresQuery = graphql(`
  query AdminMeasures {
    viewer { id zone { id outcomeBaselineWeeks outcomeFollowUpMonths } }
    measures {
      code name minScore maxScore better reliability reliabilitySource referenceSd referenceSdSource
      reliableChangeThreshold thresholdSource reliableChangePoints clinicalCutoff cutoffSource multipleItems notice shipped active
    }
  }
`);
const CreateMeasure = graphql(
  `mutation CreateMeasure($input: CreateMeasureInput!) { createMeasure(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);

const SetActive = graphql(
  `mutation SetMeasureActive($code: String!, $active: Boolean!) { setMeasureActive(code: $code, active: $active) { __typename ... on Error { message } } }`,
);

const UpdateSchedule = graphql(
  `mutation UpdateOutcomeSchedule($input: UpdateOutcomeScheduleInput!) { updateOutcomeSchedule(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);

const FIELDS = [
  ['code', 'Code', 'Capitals, digits and _, like MY_MEASURE'],
  ['name', 'Name', ''],
  ['minScore', 'Lowest score', ''],
  ['maxScore', 'Highest score', ''],
  ['reliability', 'Reliability (0 to 1)', 'For example 0.82: with the reference SD, for the Jacobson–Truax index'],
  ['reliabilitySource', 'Source of the reliability', 'The publication and table'],
  ['referenceSd', 'Reference standard deviation', ''],
  ['referenceSdSource', 'Source of the standard deviation', ''],
  ['reliableChangeThreshold', 'Or: published reliable change (points)', 'Instead of reliability and SD'],
  ['thresholdSource', 'Source of the reliable change threshold', ''],
  ['clinicalCutoff', 'Clinical cut-off (optional)', 'The first score of the clinical range'],
  ['cutoffSource', 'Source of the cut-off', ''],
] as const;
type Field = (typeof FIELDS)[number][0];
const NUMBERS = new Set<Field>([
  'minScore',
  'maxScore',
  'reliability',
  'referenceSd',
  'reliableChangeThreshold',
  'clinicalCutoff',
]);
const INTS = new Set<Field>(['minScore', 'maxScore', 'clinicalCutoff']);

export default function MeasuresPage() {
  const [result, refetch] = createQuery({ query: MeasuresQuery, requestPolicy: 'cache-and-network' });
  const [, create] = createMutation(CreateMeasure);
  const [values, setValues] = createSignal<Record<string, string>>({});
  const [better, setBetter] = createSignal('LOWER');
  const [notice, setNotice] = createSignal('');
  const [errors, setErrors, message, setMessage] = createFeedback();
  const [, updateSchedule] = createMutation(UpdateSchedule);
  const [, setActive] = createMutation(SetActive);
  const [switchError, setSwitchError] = createSignal<FormError[]>([]);
  const switchMeasure = async (code: string, name: string, active: boolean) => {
    const res = await setActive({ code, active });
    settleResult(res.data?.setMeasureActive, setSwitchError, () => {
      setMessage(`${name} switched ${active ? 'on' : 'off'}.`);
      refetch({ requestPolicy: 'network-only' });
    });
  };
  const [weeks, setWeeks] = createSignal<string | null>(null);
  const [months, setMonths] = createSignal<string | null>(null);
  const [scheduleErrors, setScheduleErrors] = createSignal<FormError[]>([]);
  const zone = () => result.data?.viewer?.zone;
  const saveSchedule = async (e: Event) => {
    e.preventDefault();
    const w = (weeks() ?? String(zone()?.outcomeBaselineWeeks ?? '')).trim();
    const m = (months() ?? (zone()?.outcomeFollowUpMonths ?? []).join(', '))
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (!/^\d+$/.test(w))
      return setScheduleErrors([{ field: 'baselineWeeks', message: 'Enter the weeks as a whole number' }]);
    if (m.length === 0 || m.some((x) => !/^\d+$/.test(x)))
      return setScheduleErrors([
        { field: 'followUpMonths', message: 'Enter months as whole numbers separated by commas, like 12, 24' },
      ]);
    const res = await updateSchedule({ input: { baselineWeeks: Number(w), followUpMonths: m.map(Number) } });
    settleResult(res.data?.updateOutcomeSchedule, setScheduleErrors, () => {
      setMessage('Outcome schedule saved.');
      refetch({ requestPolicy: 'network-only' });
    });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const input: Record<string, unknown> = { better: better(), notice: notice() };
    const bad: FormError[] = [];
    for (const [key, text] of FIELDS) {
      const raw = (values()[key] ?? '').trim();
      if (!NUMBERS.has(key)) input[key] = raw;
      else if (raw === '') input[key] = null;
      else if (!(INTS.has(key) ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(raw))
        bad.push({ field: key, message: `${text}: enter a number` });
      else input[key] = Number(raw);
    }
    if (bad.length) return setErrors(bad);
    const res = await create({ input: input as never });
    settleResult(res.data?.createMeasure, setErrors, () => {
      setMessage(`Measure ${String(input.code)} added.`);
      setValues({});
      refetch({ requestPolicy: 'network-only' });
    });
  };

  return (
    <>
      <Title>Outcome measures</Title>
      <h1 class="govuk-heading-xl">Outcome measures</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <p class="govuk-body">
        Link workers record scores on these measures; reliable change uses each measure’s constants, shown here with
        their published sources.
      </p>
      <p class="govuk-body">
        Switching a measure off stops link workers recording new scores on it; scores already recorded, and the reports
        that use them, stay.
      </p>
      <ErrorSummary errors={switchError()} title="The measure could not be switched" />
      <QueryView result={result} what="measures" retry={() => refetch()}>
        {(data) => (
          <For each={data.measures}>
            {(m) => (
              <section aria-label={m.name}>
                <h2 class="govuk-heading-m">
                  {m.name}{' '}
                  <span class="govuk-caption-m">
                    {m.code}
                    {m.shipped ? ', shipped with the portal' : ', added by your zone'}
                  </span>{' '}
                  <Show when={!m.active}>
                    <strong class="govuk-tag govuk-tag--grey">Switched off</strong>
                  </Show>
                </h2>
                <SummaryList
                  rows={[
                    {
                      key: 'Scores',
                      value: `${m.minScore} to ${m.maxScore}, ${m.better === 'LOWER' ? 'lower' : 'higher'} is better${m.multipleItems ? ', per goal' : ''}`,
                    },
                    { key: 'Reliable change', value: `${m.reliableChangePoints.toFixed(2)} points or more` },
                    ...(m.reliability != null
                      ? [{ key: 'Reliability', value: `${m.reliability}: ${m.reliabilitySource}` }]
                      : []),
                    ...(m.referenceSd != null
                      ? [{ key: 'Reference SD', value: `${m.referenceSd}: ${m.referenceSdSource}` }]
                      : []),
                    ...(m.reliableChangeThreshold != null
                      ? [{ key: 'Published threshold', value: `${m.reliableChangeThreshold}: ${m.thresholdSource}` }]
                      : []),
                    ...(m.clinicalCutoff != null
                      ? [{ key: 'Clinical cut-off', value: `${m.clinicalCutoff}: ${m.cutoffSource}` }]
                      : []),
                    ...(m.notice ? [{ key: 'Notes', value: m.notice }] : []),
                  ]}
                />
                <button
                  type="button"
                  class="govuk-button govuk-button--secondary"
                  onClick={() => switchMeasure(m.code, m.name, !m.active)}
                >
                  {m.active ? 'Switch off' : 'Switch on'}
                  <span class="govuk-visually-hidden"> {m.name}</span>
                </button>
              </section>
            )}
          </For>
        )}
      </QueryView>
      <h2 class="govuk-heading-l">Schedule</h2>
      <ErrorSummary errors={scheduleErrors()} title="The schedule could not be saved" />
      <form onSubmit={saveSchedule} novalidate>
        <TextField
          id="baselineWeeks"
          label="Baseline due within (weeks of programme start)"
          value={weeks() ?? String(zone()?.outcomeBaselineWeeks ?? '')}
          onInput={setWeeks}
          inputmode="numeric"
          width="govuk-input--width-3"
          error={errorFor(scheduleErrors(), 'baselineWeeks')}
        />
        <TextField
          id="followUpMonths"
          label="Follow-ups (months after programme start)"
          hint="Separated by commas, like 12, 24"
          value={months() ?? (zone()?.outcomeFollowUpMonths ?? []).join(', ')}
          onInput={setMonths}
          width="govuk-input--width-10"
          error={errorFor(scheduleErrors(), 'followUpMonths')}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Save schedule
        </button>
      </form>
      <h2 class="govuk-heading-l">Add a measure</h2>
      <ErrorSummary errors={errors()} title="The measure could not be added" />
      <form onSubmit={submit} novalidate>
        <For each={FIELDS}>
          {([key, text, hint]) => (
            <TextField
              id={key}
              label={text}
              hint={hint || undefined}
              value={values()[key] ?? ''}
              onInput={(v) => setValues({ ...values(), [key]: v })}
              error={errorFor(errors(), key)}
            />
          )}
        </For>
        <SelectField
          id="better"
          label="Which way is better"
          value={better()}
          options={[
            { value: 'LOWER', label: 'Lower scores are better' },
            { value: 'HIGHER', label: 'Higher scores are better' },
          ]}
          onChange={setBetter}
        />
        <TextArea
          id="notice"
          label="Licensing and use notes (optional)"
          value={notice()}
          onInput={setNotice}
          rows={2}
        />
        <button type="submit" class="govuk-button">
          Add measure
        </button>
      </form>
    </>
  );
}

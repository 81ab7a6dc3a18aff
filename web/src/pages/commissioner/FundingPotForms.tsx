import { createMutation } from '@urql/solid';
import { createSignal } from 'solid-js';
import { ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Fields';
import { label, money, parsePounds } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { createRetryKey } from '../../lib/retry-key';

const CreatePot = graphql(`
  mutation CreatePot($input: CreateFundingPotInput!) {
    createFundingPot(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);

const AdjustPot = graphql(`
  mutation AdjustPot($input: AdjustFundingPotInput!) {
    adjustFundingPot(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);

const SOURCES = ['COUNCIL', 'SCHOOLS_DSG', 'CENTRAL_GOVERNMENT', 'PHILANTHROPY', 'OTHER'] as const;

/** The funding page's forms. Only the one last sent shows its errors: one error summary at a time. */
export type PotFormName = 'allocate' | 'pot' | 'adjust';
type FormProps = { active: PotFormName; onActive: (form: PotFormName) => void; onDone: (message: string) => void };

/** Adds a funding pot to the zone's current period. */
export function AddPotForm(props: FormProps) {
  const [potState, createPot] = createMutation(CreatePot);
  const [potName, setPotName] = createSignal('');
  const [potSource, setPotSource] = createSignal('COUNCIL');
  const [potTotal, setPotTotal] = createSignal('');
  const [potErrors, setPotErrors] = createSignal<FormError[]>([]);
  const { key, renew: renewKey } = createRetryKey();
  const shown = () => (props.active === 'pot' ? potErrors() : []);

  const submitPot = async (e: Event) => {
    e.preventDefault();
    props.onActive('pot');
    const pence = parsePounds(potTotal());
    if (pence === null) {
      // The total cannot be sent: the name's rule (the API's, schema/domain/funding-pots.ts) is checked
      // here too, so both problems show at once.
      const problems: FormError[] = [];
      if (potName().trim().length < 2) problems.push({ field: 'potName', message: 'Name the pot' });
      problems.push({ field: 'potTotal', message: 'Enter the pot’s total in pounds' });
      return setPotErrors(problems);
    }
    // A second click while the first is on its way would add a second pot.
    if (potState.fetching) return;
    const res = (
      await createPot({
        input: {
          name: potName(),
          source: potSource() as (typeof SOURCES)[number],
          totalPence: pence,
          idempotencyKey: key(),
        },
      })
    ).data?.createFundingPot;
    // No answer (a network blip) may still have added it: the retry keeps the key, so the server
    // answers with that pot instead of adding a second. An answer ends the key.
    if (res) renewKey();
    settleResult(
      res,
      setPotErrors,
      () => {
        setPotName('');
        setPotTotal('');
        props.onDone('Funding pot added.');
      },
      { name: 'potName', totalPence: 'potTotal' },
    );
  };

  return (
    <>
      <h2 class="govuk-heading-l">Add a funding pot</h2>
      <ErrorSummary errors={shown()} title="The pot could not be added" />
      <form onSubmit={submitPot} novalidate>
        <TextField
          id="potName"
          label="Name"
          value={potName()}
          onInput={setPotName}
          error={errorFor(shown(), 'potName')}
        />
        <SelectField
          id="potSource"
          label="Source"
          value={potSource()}
          onChange={setPotSource}
          options={SOURCES.map((s) => ({ value: s, label: label(s) }))}
        />
        <TextField
          id="potTotal"
          label="Total"
          prefix="£"
          value={potTotal()}
          onInput={setPotTotal}
          inputmode="decimal"
          width="govuk-input--width-10"
          error={errorFor(shown(), 'potTotal')}
        />
        <button type="submit" class="govuk-button govuk-button--secondary" disabled={potState.fetching}>
          Add pot
        </button>
      </form>
    </>
  );
}

type Pot = { id: string; name: string; totalPence: number; allocatedPence: number };

/** Changes a pot's total, with a reason (never below what it has given out: the server's rule). */
export function AdjustPotForm(props: FormProps & { pots: Pot[] }) {
  const [, adjustPot] = createMutation(AdjustPot);
  const [adjustId, setAdjustId] = createSignal('');
  const [adjustTotal, setAdjustTotal] = createSignal('');
  const [adjustReason, setAdjustReason] = createSignal('');
  const [adjustErrors, setAdjustErrors] = createSignal<FormError[]>([]);
  const shown = () => (props.active === 'adjust' ? adjustErrors() : []);

  const submitAdjust = async (e: Event) => {
    e.preventDefault();
    props.onActive('adjust');
    const pence = parsePounds(adjustTotal());
    const problems: FormError[] = [];
    if (!adjustId()) problems.push({ field: 'adjustId', message: 'Choose the pot' });
    if (pence === null) problems.push({ field: 'adjustTotal', message: 'Enter the new total in pounds' });
    setAdjustErrors(problems);
    if (problems.length) return;
    const res = (await adjustPot({ input: { fundingPotId: adjustId(), totalPence: pence!, reason: adjustReason() } }))
      .data?.adjustFundingPot;
    settleResult(
      res,
      setAdjustErrors,
      () => {
        setAdjustTotal('');
        setAdjustReason('');
        props.onDone('The pot’s total is changed.');
      },
      { totalPence: 'adjustTotal', reason: 'adjustReason', fundingPotId: 'adjustId' },
    );
  };

  return (
    <>
      <h2 class="govuk-heading-l">Change a pot’s total</h2>
      <ErrorSummary errors={shown()} title="The total could not be changed" />
      <form onSubmit={submitAdjust} novalidate>
        <SelectField
          id="adjustId"
          label="Pot"
          value={adjustId()}
          onChange={setAdjustId}
          error={errorFor(shown(), 'adjustId')}
          options={[
            { value: '', label: 'Choose a pot' },
            ...props.pots.map((p) => ({
              value: p.id,
              label: `${p.name} (${money(p.totalPence)}, ${money(p.allocatedPence)} allocated)`,
            })),
          ]}
        />
        <TextField
          id="adjustTotal"
          label="New total"
          hint="It cannot go below what is already allocated to children and committed to contracts"
          prefix="£"
          value={adjustTotal()}
          onInput={setAdjustTotal}
          inputmode="decimal"
          width="govuk-input--width-10"
          error={errorFor(shown(), 'adjustTotal')}
        />
        <TextField
          id="adjustReason"
          label="Why it changes"
          value={adjustReason()}
          onInput={setAdjustReason}
          error={errorFor(shown(), 'adjustReason')}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Change total
        </button>
      </form>
    </>
  );
}

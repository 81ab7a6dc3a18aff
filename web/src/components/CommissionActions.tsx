import { createMutation } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { money, places, underContract, units } from '../lib/format';
import { graphql } from '../lib/graphql';
import { ConfirmButton } from './Confirm';
import {
  createErrors,
  ErrorSummary,
  errorFor,
  type FormError,
  focusFirstFieldError,
  settleResult,
} from './ErrorSummary';
import { TextField } from './Fields';
import { OpenerButton, openerOf, ReasonForm } from './ReasonForm';

const Accept = graphql(
  `mutation Accept($input: AcceptCommissionInput!) { acceptCommission(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);
const Decline = graphql(
  `mutation Decline($input: DeclineCommissionInput!) { declineCommission(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);
const Deliver = graphql(
  `mutation Deliver($input: RecordDeliveryInput!) { recordDelivery(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);
const Complete = graphql(
  `mutation Complete($input: CompleteCommissionInput!) { completeCommission(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);

/** Binds settleResult to one form's errors and its success message. */
export function settler(
  setErrors: (errors: FormError[]) => void,
  onSuccess: (message: string) => void,
  onStale?: () => void,
) {
  return (r: Outcome, message: string, fields: Record<string, string> = {}) => {
    settleResult(r, setErrors, () => onSuccess(message), fields);
    // No answer (it may have been done all the same) or "not from this state" (someone, or that
    // lost answer, already moved it on): what the page shows is out of date, so it reads it again.
    if (!r || r.__typename === 'InvalidTransitionError') onStale?.();
  };
}

export type Outcome =
  | { __typename: string; message?: string; fieldErrors?: { path: string[]; message: string }[] }
  | undefined;

/** The provider's next steps on one commission: accept or decline; record delivery; complete. */
export function ProviderActions(props: {
  id: string;
  /** The commission's reference: each button's name says which commission it acts on. */
  reference: string;
  status: string;
  remaining: number;
  onDone: (message: string) => void;
  /** Reads the commission again after an unclear outcome (see settler). */
  onStale?: () => void;
  /** An action here was refused: the page's last success banner no longer stands. */
  onRefused?: () => void;
  units: number;
  unitsDelivered: number;
  unitName: string | null;
  amountPence: number;
  unitPricePence: number;
  organisation?: string;
  /** The block contract that pays for this place (not a stretch place): its price here is £0. */
  paidByContract?: string | null;
}) {
  // A contract place is a place, as its card says, whatever the listing's unit is.
  const count = (n: number) =>
    props.paidByContract ? places(n) : `${n} ${props.unitName ?? 'unit'}${n === 1 ? '' : 's'}`;
  const delivered = () => props.unitsDelivered * props.unitPricePence;
  // A contract place is paid by the contract's monthly instalments, never "£0.00" from here.
  const paidUnder = () => (props.paidByContract ? `, paid ${underContract(props.paidByContract)}` : '');
  const completeWarning = () =>
    props.paidByContract
      ? `${props.unitsDelivered} of ${count(props.units)} delivered${paidUnder()}. This cannot be undone.`
      : `${props.unitsDelivered} of ${count(props.units)} delivered: ${money(delivered())} will be paid` +
        (props.amountPence > delivered()
          ? ` and ${money(props.amountPence - delivered())} released. This cannot be undone.`
          : '. This cannot be undone.');
  const [, accept] = createMutation(Accept);
  const [, decline] = createMutation(Decline);
  const [, deliver] = createMutation(Deliver);
  const [, complete] = createMutation(Complete);
  const [mode, setMode] = createSignal<'decline' | 'deliver' | null>(null);
  const [reason, setReason] = createSignal('');
  const [units, setUnits] = createSignal('1');
  const [errors, setErrors] = createErrors(() => props.onRefused?.());
  focusFirstFieldError(errors);
  // A list of buttons read aloud says "Accept CR-ABC12, Decline CR-ABC12", not "Accept, Decline, Accept".
  const ofThis = () => <span class="govuk-visually-hidden"> {props.reference}</span>;
  const prefix = () => `c-${props.id.replace(/[^A-Za-z0-9]/g, '')}`;

  const settle = settler(
    setErrors,
    (message) => {
      setMode(null);
      props.onDone(message);
    },
    () => props.onStale?.(),
  );

  return (
    <div>
      {/* A field's own error shows beside it, once; only errors without a field are summarised. */}
      <ErrorSummary errors={errors().filter((e) => !e.field)} />
      <Show when={props.status === 'APPROVED' && mode() !== 'decline'}>
        <div class="govuk-button-group">
          <ConfirmButton
            label={<>Accept{ofThis()}</>}
            confirm="Yes, accept it"
            confirmLook="primary"
            warning={`Accepting commits ${props.organisation ?? 'your organisation'} to deliver ${count(props.units)}${props.paidByContract ? paidUnder() : ` for ${money(props.amountPence)}`}.`}
            onConfirm={async () =>
              settle(
                (await accept({ input: { commissionId: props.id } })).data?.acceptCommission,
                `Commission accepted: ${count(props.units)} to deliver.`,
              )
            }
          />
          <OpenerButton look="secondary" opens={`${prefix()}-reason`} onOpen={() => setMode('decline')}>
            Decline{ofThis()}
          </OpenerButton>
        </div>
      </Show>
      <Show when={mode() === 'decline'}>
        <ReasonForm
          id={`${prefix()}-reason`}
          label="Why are you declining?"
          value={reason()}
          onInput={setReason}
          error={errorFor(errors(), `${prefix()}-reason`)}
          submit="Decline commission"
          onSubmit={async () => {
            if (reason().trim().length < 3)
              return setErrors([{ field: `${prefix()}-reason`, message: 'Give a reason for declining' }]);
            settle(
              (await decline({ input: { commissionId: props.id, reason: reason() } })).data?.declineCommission,
              'Commission declined. The link worker has been told.',
              { reason: `${prefix()}-reason` },
            );
          }}
          onBack={() => setMode(null)}
        />
      </Show>
      <Show when={props.status === 'ACCEPTED'}>
        <Show
          when={mode() === 'deliver'}
          fallback={
            <div class="govuk-button-group">
              <Show when={props.remaining > 0}>
                <OpenerButton opens={`${prefix()}-units`} onOpen={() => setMode('deliver')}>
                  Record delivery{ofThis()}
                </OpenerButton>
              </Show>
              <ConfirmButton
                label={<>Complete{ofThis()}</>}
                look="secondary"
                confirm="Yes, complete it"
                confirmLook="primary"
                warning={completeWarning()}
                onConfirm={async () =>
                  settle(
                    (await complete({ input: { commissionId: props.id } })).data?.completeCommission,
                    props.paidByContract
                      ? `Commission completed${paidUnder()}.`
                      : `Commission completed: ${money(delivered())} paid${props.amountPence > delivered() ? `, ${money(props.amountPence - delivered())} released back to the child’s budget` : ''}.`,
                  )
                }
              />
            </div>
          }
        >
          <form
            novalidate
            onSubmit={async (e) => {
              e.preventDefault();
              const typed = units().trim();
              const n = /^\d+$/.test(typed) ? Number(typed) : Number.NaN;
              if (!(n >= 1)) {
                const message = !typed
                  ? 'Enter the number of units delivered'
                  : /^-?\d+$/.test(typed)
                    ? 'Enter at least 1 unit delivered'
                    : 'Enter a whole number of units, like 2';
                return setErrors([{ field: `${prefix()}-units`, message }]);
              }
              settle(
                (await deliver({ input: { commissionId: props.id, units: n } })).data?.recordDelivery,
                `${count(n)} recorded.`,
                { units: `${prefix()}-units` },
              );
            }}
          >
            <TextField
              id={`${prefix()}-units`}
              label={`Units delivered (up to ${props.remaining} more)`}
              value={units()}
              onInput={setUnits}
              inputmode="numeric"
              width="govuk-input--width-3"
              error={errorFor(errors(), `${prefix()}-units`)}
            />
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button">
                Save delivery
              </button>
              <button
                type="button"
                class="govuk-button govuk-button--secondary"
                onClick={() => {
                  setMode(null);
                  document.getElementById(openerOf(`${prefix()}-units`))?.focus();
                }}
              >
                Back
              </button>
            </div>
          </form>
        </Show>
      </Show>
    </div>
  );
}

/** What a commission buys, in words: "Instrument lessons (4 lessons)", never "4 lessons of Instrument lessons". */
export const bought = (service: { name: string; unitName: string | null }, n: number) =>
  `${service.name} (${units(n, service.unitName)})`;

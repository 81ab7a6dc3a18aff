import { createMutation } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { money } from '../lib/format';
import { graphql } from '../lib/graphql';
import { type Outcome, settler } from './CommissionActions';
import { ConfirmButton } from './Confirm';
import { createErrors, ErrorSummary, errorFor, focusFirstFieldError } from './ErrorSummary';
import { OpenerButton, ReasonForm } from './ReasonForm';

const Approve = graphql(
  `mutation Approve($input: ApproveCommissionInput!) { approveCommission(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);
const Reject = graphql(
  `mutation Reject($input: RejectCommissionInput!) { rejectCommission(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);

/** A commissioner's decision on a commission over the delegated limit. */
export function ApprovalActions(props: {
  id: string;
  onDone: (message: string) => void;
  /** Reads the commission again after an unclear outcome (see settler). */
  onStale?: () => void;
  /** An action here was refused: the page's last success banner no longer stands. */
  onRefused?: () => void;
  amountPence: number;
  /** What is being bought, e.g. "Family therapy (8 sessions)". */
  what: string;
  /** The commission's reference: each button's name says which commission it acts on. */
  reference: string;
}) {
  const [, approve] = createMutation(Approve);
  const [, reject] = createMutation(Reject);
  const [rejecting, setRejecting] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [errors, setErrors] = createErrors(() => props.onRefused?.());
  focusFirstFieldError(errors);
  // A list of buttons read aloud says "Approve CR-ABC12, Reject CR-ABC12", not "Approve, Reject, Approve".
  const ofThis = () => <span class="govuk-visually-hidden"> {props.reference}</span>;
  const id = () => `r-${props.id.replace(/[^A-Za-z0-9]/g, '')}`;
  const done = settler(
    setErrors,
    (message) => props.onDone(message),
    () => props.onStale?.(),
  );
  const settle = (r: Outcome, message: string) => done(r, message, { reason: id() });
  return (
    <div>
      {/* A field's own error shows beside it, once; only errors without a field are summarised. */}
      <ErrorSummary errors={errors().filter((e) => !e.field)} />
      <Show
        when={rejecting()}
        fallback={
          <div class="govuk-button-group">
            <ConfirmButton
              label={<>Approve{ofThis()}</>}
              confirm="Yes, approve it"
              confirmLook="primary"
              warning={`Approving spends ${money(props.amountPence)} of the child’s budget on ${props.what}; the provider is then asked to accept it.`}
              onConfirm={async () =>
                settle(
                  (await approve({ input: { commissionId: props.id } })).data?.approveCommission,
                  `Approved: ${props.what}. The provider has been asked to accept it.`,
                )
              }
            />
            <OpenerButton look="warning" opens={id()} onOpen={() => setRejecting(true)}>
              Reject{ofThis()}
            </OpenerButton>
          </div>
        }
      >
        <ReasonForm
          id={id()}
          label="Why are you rejecting it?"
          hint="The link worker will read this."
          value={reason()}
          onInput={setReason}
          error={errorFor(errors(), id())}
          submit="Reject commission"
          onSubmit={async () =>
            settle(
              (await reject({ input: { commissionId: props.id, reason: reason() } })).data?.rejectCommission,
              'Rejected. The money is back in the child’s budget.',
            )
          }
          onBack={() => setRejecting(false)}
        />
      </Show>
    </div>
  );
}

import { createMutation } from '@urql/solid';
import { Show } from 'solid-js';
import { graphql } from '../lib/graphql';
import { ConfirmButton } from './Confirm';

// The link worker records that a child leaves the programme (withdrawn, or completed). Requests
// not yet accepted are cancelled and their money released; while a provider is delivering, the
// child cannot leave (the page says so instead of offering the buttons).

const Withdraw = graphql(`
  mutation WithdrawChild($input: EndProgrammeInput!) { withdrawChild(input: $input) { __typename ... on Error { message } } }
`);
const Complete = graphql(`
  mutation CompleteChildProgramme($input: EndProgrammeInput!) {
    completeChildProgramme(input: $input) { __typename ... on Error { message } }
  }
`);

export function LeaveProgramme(props: {
  childId: string;
  statuses: string[];
  /** Accepted commissions paused when consent was withdrawn: the link worker ends them by cancelling. */
  pausedDeliveries: number;
  onDone: (message: string) => void;
  onError: (message: string) => void;
}) {
  const [, withdraw] = createMutation(Withdraw);
  const [, complete] = createMutation(Complete);
  const open = () => props.statuses.filter((s) => s === 'REQUESTED' || s === 'APPROVED').length;
  const delivering = () => props.statuses.filter((s) => s === 'ACCEPTED').length;
  const warning = (what: string) =>
    `The child ${what} and leaves your caseload.${open() > 0 ? ` ${open()} open ${open() === 1 ? 'request is' : 'requests are'} cancelled and the money released.` : ''} This cannot be undone.`;
  const act = async (how: 'withdraw' | 'complete') => {
    const input = {
      childId: props.childId,
      reason: how === 'withdraw' ? 'Withdrawn by the link worker' : 'Programme completed',
    };
    const r =
      how === 'withdraw'
        ? (await withdraw({ input })).data?.withdrawChild
        : (await complete({ input })).data?.completeChildProgramme;
    if (r?.__typename.endsWith('Success'))
      props.onDone(how === 'withdraw' ? 'The child has been withdrawn.' : 'The child has completed the programme.');
    else props.onError(r && 'message' in r ? r.message : 'Something went wrong. Try again.');
  };
  return (
    <section aria-labelledby="leaving">
      <h2 class="govuk-heading-l" id="leaving">
        Leaving the programme
      </h2>
      <Show
        when={delivering() === 0}
        fallback={
          <Show
            when={props.pausedDeliveries === 0}
            fallback={
              <p class="govuk-body">
                A commission was paused while a provider was delivering it. Cancel it above first: the units delivered
                are paid and the rest goes back to the child’s budget. Then you can record that the child has left.
              </p>
            }
          >
            <p class="govuk-body">
              A provider is still delivering for this child. Once they complete it, you can record that the child has
              left.
            </p>
          </Show>
        }
      >
        <div class="govuk-button-group">
          <ConfirmButton
            look="secondary"
            label="Programme completed"
            confirmLook="primary"
            confirm="Yes, it is complete"
            warning={warning('has completed the programme')}
            onConfirm={() => act('complete')}
          />
          <ConfirmButton
            look="secondary"
            label="Withdraw from the programme"
            confirm="Yes, withdraw"
            warning={warning('is withdrawn')}
            onConfirm={() => act('withdraw')}
          />
        </div>
      </Show>
    </section>
  );
}

import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { Title } from '../../components/Layout';
import { Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { OpenerButton, ReasonForm } from '../../components/ReasonForm';
import { RevisionDiff } from '../../components/RevisionDiff';
import { TableBox } from '../../components/TableBox';
import { dateTime } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const PendingQuery = graphql(`
  query PendingListingChanges($limit: Int, $offset: Int) {
    pendingServiceRevisions(limit: $limit, offset: $offset) { id serviceId serviceName authorName createdAt restoredFrom changes { field label before after } }
  }
`);
const Approve = graphql(`
  mutation ApproveListingChange($input: ApproveServiceRevisionInput!) {
    approveServiceRevision(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);
const Reject = graphql(`
  mutation RejectListingChange($input: RejectServiceRevisionInput!) {
    rejectServiceRevision(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);

/** Changes a page (each shows its whole diff). */
const PAGE = 20;

/** Commissioners and administrators: changes to published listings waiting for a decision. */
export default function ListingChangesPage() {
  const [page, setPage] = usePage();
  const session = useSession();
  const [result, refetch] = createQuery({
    query: PendingQuery,
    variables: () => pageVars(page(), PAGE),
    requestPolicy: 'cache-and-network',
  });
  const [message, setMessage] = createSignal('');
  const done = (text: string) => {
    setMessage(text);
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <Title>Listing changes</Title>
      <h1 class="govuk-heading-xl">Listing changes to approve</h1>
      <Show
        when={session.viewer()?.zone.listingEditsNeedApproval !== false}
        fallback={
          <p class="govuk-body" data-testid="edits-go-live">
            In {session.viewer()?.zone.name}, providers’ changes to published listings go live at once, so none wait
            here. An administrator can ask for them to be approved first, in Settings.
          </p>
        }
      >
        <p class="govuk-body">
          Providers’ changes to published listings wait here. The directory shows each listing as it is now until you
          approve the change.
        </p>
      </Show>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <QueryView result={result} what="listing changes" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.pendingServiceRevisions.length || page() > 0}
            fallback={<p class="govuk-body">No listing changes are waiting.</p>}
          >
            <For each={pageRows(data.pendingServiceRevisions, PAGE)}>
              {(rev) => <PendingChange rev={rev} onDone={done} />}
            </For>
            <Pager
              page={page()}
              rows={data.pendingServiceRevisions}
              size={PAGE}
              label="Listing changes"
              onPage={setPage}
            />
          </Show>
        )}
      </QueryView>
    </>
  );
}

type Rev = {
  id: string;
  serviceId: string;
  serviceName: string;
  authorName: string | null;
  createdAt: string;
  restoredFrom: string | null;
  changes: { field: string; label: string; before: string; after: string }[];
};

function PendingChange(props: { rev: Rev; onDone: (message: string) => void }) {
  const [, approve] = createMutation(Approve);
  const [, reject] = createMutation(Reject);
  const [rejecting, setRejecting] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const reasonId = () => `reason-${props.rev.id.replace(/[^A-Za-z0-9]/g, '')}`;
  const doApprove = async () => {
    const r = (await approve({ input: { revisionId: props.rev.id } })).data?.approveServiceRevision;
    settleResult(r, setErrors, () => props.onDone(`The changes to ${props.rev.serviceName} are approved and live.`));
  };
  const doReject = async () => {
    if (!reason().trim()) return setErrors([{ field: reasonId(), message: 'Say why the changes are not approved' }]);
    const r = (await reject({ input: { revisionId: props.rev.id, reason: reason() } })).data?.rejectServiceRevision;
    settleResult(
      r,
      setErrors,
      () => props.onDone(`The changes to ${props.rev.serviceName} are not approved. The provider has been told why.`),
      { reason: reasonId() },
    );
  };
  return (
    <section class="govuk-!-margin-bottom-9" aria-labelledby={`h-${reasonId()}`}>
      <h2 class="govuk-heading-m" id={`h-${reasonId()}`}>
        <A href={`/services/${encodeURIComponent(props.rev.serviceId)}`} class="govuk-link">
          {props.rev.serviceName}
        </A>
      </h2>
      <p class="govuk-body-s">
        {props.rev.restoredFrom ? 'Restores an earlier version. ' : ''}
        Changed by {props.rev.authorName ?? 'someone'} on {dateTime(props.rev.createdAt)}.{' '}
        <A href={`/listings/${encodeURIComponent(props.rev.serviceId)}/history`} class="govuk-link">
          Version history<span class="govuk-visually-hidden"> of {props.rev.serviceName}</span>
        </A>
      </p>
      <ErrorSummary errors={errors()} />
      <TableBox label={`Changes to ${props.rev.serviceName}`}>
        <RevisionDiff changes={props.rev.changes} caption={`What changes in ${props.rev.serviceName}`} />
      </TableBox>
      <Show
        when={rejecting()}
        fallback={
          <div class="govuk-button-group">
            <button type="button" class="govuk-button" onClick={doApprove}>
              Approve<span class="govuk-visually-hidden"> the changes to {props.rev.serviceName}</span>
            </button>
            <OpenerButton look="secondary" opens={reasonId()} onOpen={() => setRejecting(true)}>
              Reject<span class="govuk-visually-hidden"> the changes to {props.rev.serviceName}</span>
            </OpenerButton>
          </div>
        }
      >
        <ReasonForm
          id={reasonId()}
          label="Why are the changes not approved?"
          hint="The provider sees this in the portal (it is not emailed)."
          value={reason()}
          onInput={setReason}
          rows={3}
          error={errorFor(errors(), reasonId())}
          submit="Reject the changes"
          onSubmit={doReject}
          onBack={() => setRejecting(false)}
        />
      </Show>
    </section>
  );
}

import { A, useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { ConfirmButton, ConfirmRow } from '../../components/Confirm';
import { createFeedback, ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { Checkbox, SelectField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { PAGE_SIZE, Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { TableBox } from '../../components/TableBox';
import { childCount } from '../../lib/format';
import { graphql } from '../../lib/graphql';

// Administrators move children (or a whole caseload) between link workers, and record a child
// withdrawn or completed. They see references, never names (ChildSummary).

const WorkersQuery = graphql(`query CaseloadWorkers { users { id name role active } }`);
const CaseloadQuery = graphql(`
  query AdminCaseload($id: ID!, $limit: Int, $offset: Int) {
    linkWorkerCaseload(linkWorkerId: $id, limit: $limit, offset: $offset) { id reference yearGroup schoolName openCommissions deliveringCommissions }
  }
`);
const Move = graphql(`
  mutation MoveChildren($input: MoveChildrenInput!) {
    moveChildren(input: $input) {
      __typename ... on MoveChildrenSuccess { children { reference } }
      ... on Error { message } ... on ValidationError { fieldErrors { path message } }
    }
  }
`);
const Withdraw = graphql(`
  mutation AdminWithdraw($input: EndProgrammeInput!) {
    withdrawChild(input: $input) { __typename ... on Error { message } }
  }
`);
const Complete = graphql(`
  mutation AdminComplete($input: EndProgrammeInput!) {
    completeChildProgramme(input: $input) { __typename ... on Error { message } }
  }
`);

export default function CaseloadsPage() {
  const [workers] = createQuery({ query: WorkersQuery, requestPolicy: 'cache-and-network' });
  const linkWorkers = () => (workers.data?.users ?? []).filter((u) => u.role === 'LINK_WORKER');
  // The chosen link worker is in the address (?worker=ID), as the page number is: a refresh, a
  // shared link or Back shows the same caseload.
  const [params, setParams] = useSearchParams<{ worker?: string }>();
  // The caseload is asked for at once, beside the users list (one round trip, not two in series); it
  // is shown only once the list confirms the id is a link worker's, so any other id means "choose".
  const asked = () => String(params.worker ?? '');
  const from = () => (linkWorkers().some((u) => u.id === asked()) ? asked() : '');
  const [to, setTo] = createSignal('');
  const [picked, setPicked] = createSignal<string[]>([]);
  const [errors, setErrors, message, setMessage] = createFeedback();
  const [page, setPage] = usePage();
  const [caseload, refetch] = createQuery({
    query: CaseloadQuery,
    variables: () => ({ id: asked(), ...pageVars(page()) }),
    pause: () => !asked(),
    requestPolicy: 'cache-and-network',
  });
  const [, move] = createMutation(Move);
  const [, withdraw] = createMutation(Withdraw);
  const [, complete] = createMutation(Complete);
  const nameOf = (id: string) => linkWorkers().find((u) => u.id === id)?.name ?? '';
  const refresh = (m: string) => {
    setMessage(m);
    setErrors([]);
    setPicked([]);
    refetch({ requestPolicy: 'network-only' });
  };

  const doMove = async (whole: boolean) => {
    if (!whole && picked().length === 0)
      return setErrors([{ field: 'child-0', message: 'Choose the children to move' }]);
    const r = (
      await move({
        input: whole
          ? { fromLinkWorkerId: from(), toLinkWorkerId: to() }
          : { childIds: picked(), toLinkWorkerId: to() },
      })
    ).data?.moveChildren;
    if (r?.__typename === 'MoveChildrenSuccess') refresh(`${childCount(r.children.length)} moved to ${nameOf(to())}.`);
    else setErrors(r ? formErrors(r) : [{ message: 'We could not move them just now. Try again.' }]);
  };

  const end = async (childId: string, reference: string, how: 'withdraw' | 'complete') => {
    const input = { childId, reason: how === 'withdraw' ? 'Withdrawn by an administrator' : 'Programme completed' };
    const r =
      how === 'withdraw'
        ? (await withdraw({ input })).data?.withdrawChild
        : (await complete({ input })).data?.completeChildProgramme;
    if (r?.__typename.endsWith('Success'))
      refresh(`${reference} ${how === 'withdraw' ? 'withdrawn' : 'has completed the programme'}.`);
    else setErrors([{ message: r && 'message' in r ? r.message : 'Something went wrong. Try again.' }]);
  };

  return (
    <>
      <Title>Caseloads</Title>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <h1 class="govuk-heading-xl">Caseloads</h1>
      <p class="govuk-body">
        Move children to another link worker: their budget, commissions and history go with them, and both link workers
        are told.{' '}
        <A href="/add-child" class="govuk-link">
          Add a child
        </A>{' '}
        or{' '}
        <A href="/admin/cohort-import" class="govuk-link">
          import a cohort
        </A>
        .
      </p>
      <QueryView result={workers} what="link workers">
        {() => (
          <>
            <SelectField
              id="from"
              label="Link worker"
              value={from()}
              onChange={(v) => {
                setParams({ worker: v || undefined, page: undefined });
                setPicked([]);
                setMessage('');
              }}
              options={[
                { value: '', label: 'Choose a link worker' },
                ...linkWorkers().map((u) => ({ value: u.id, label: `${u.name}${u.active ? '' : ' (deactivated)'}` })),
              ]}
            />
            <Show when={from() && caseload.data}>
              {(_) => (
                <>
                  <TableBox label="Children on this caseload">
                    <table class="govuk-table">
                      <caption class="govuk-table__caption govuk-table__caption--m">
                        {page() === 0 && (caseload.data?.linkWorkerCaseload.length ?? 0) <= PAGE_SIZE
                          ? `${caseload.data?.linkWorkerCaseload.length ?? 0} children`
                          : 'Children'}
                      </caption>
                      <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                          <th scope="col" class="govuk-table__header">
                            Child
                          </th>
                          <th scope="col" class="govuk-table__header">
                            School and year
                          </th>
                          <th scope="col" class="govuk-table__header">
                            Commissions
                          </th>
                          <th scope="col" class="govuk-table__header">
                            Leaving
                          </th>
                        </tr>
                      </thead>
                      <tbody class="govuk-table__body">
                        <For each={pageRows(caseload.data?.linkWorkerCaseload ?? [])}>
                          {(c, i) => (
                            <ConfirmRow>
                              <th scope="row" class="govuk-table__header">
                                <Checkbox
                                  id={`child-${i()}`}
                                  label={c.reference}
                                  labelClass="app-reference"
                                  checked={picked().includes(c.id)}
                                  onChange={(on) =>
                                    setPicked(on ? [...picked(), c.id] : picked().filter((p) => p !== c.id))
                                  }
                                />
                              </th>
                              <td class="govuk-table__cell">
                                {c.schoolName}, {c.yearGroup === 0 ? 'Reception' : `year ${c.yearGroup}`}
                              </td>
                              <td class="govuk-table__cell">
                                {c.openCommissions} open, {c.deliveringCommissions} being delivered
                              </td>
                              <td class="govuk-table__cell">
                                <Show
                                  when={c.deliveringCommissions === 0}
                                  fallback={<span class="govuk-body-s">After delivery completes</span>}
                                >
                                  <For each={['withdraw', 'complete'] as const}>
                                    {(how) => (
                                      <ConfirmButton
                                        look="link"
                                        label={
                                          <>
                                            {how === 'withdraw' ? 'Withdraw' : 'Complete'}
                                            <span class="govuk-visually-hidden"> {c.reference}</span>
                                          </>
                                        }
                                        confirm={how === 'withdraw' ? 'Yes, withdraw' : 'Yes, complete'}
                                        confirmLook={how === 'withdraw' ? 'warning' : 'primary'}
                                        warning={`${c.reference} leaves the caseload.${c.openCommissions > 0 ? ` ${c.openCommissions} open ${c.openCommissions === 1 ? 'request is' : 'requests are'} cancelled and the money released.` : ''}`}
                                        onConfirm={() => end(c.id, c.reference, how)}
                                      />
                                    )}
                                  </For>
                                </Show>
                              </td>
                            </ConfirmRow>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </TableBox>
                  <Pager
                    page={page()}
                    rows={caseload.data?.linkWorkerCaseload ?? []}
                    label="Children on this caseload"
                    onPage={setPage}
                  />
                  <h2 class="govuk-heading-m">Move to another link worker</h2>
                  <SelectField
                    id="toLinkWorkerId"
                    label="New link worker"
                    value={to()}
                    onChange={setTo}
                    error={errorFor(errors(), 'toLinkWorkerId')}
                    options={[
                      { value: '', label: 'Choose a link worker' },
                      ...linkWorkers()
                        .filter((u) => u.active && u.id !== from())
                        .map((u) => ({ value: u.id, label: u.name })),
                    ]}
                  />
                  <div class="govuk-button-group">
                    <button type="button" class="govuk-button" onClick={() => doMove(false)}>
                      Move selected children
                    </button>
                    <ConfirmButton
                      look="secondary"
                      label="Move whole caseload"
                      confirm="Yes, move them all"
                      confirmLook="primary"
                      warning={`Every child on ${nameOf(from())}’s caseload moves to ${nameOf(to()) || 'the new link worker'}.`}
                      onConfirm={() => doMove(true)}
                    />
                  </div>
                </>
              )}
            </Show>
          </>
        )}
      </QueryView>
    </>
  );
}

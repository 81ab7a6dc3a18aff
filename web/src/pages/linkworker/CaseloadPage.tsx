import { A, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { BudgetBar, Num, QueryView } from '../../components/Bits';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Checkbox, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { CursorPager, useCursorPage } from '../../components/Pager';
import { TableBox } from '../../components/TableBox';
import { money } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { one, upTo } from '../../lib/url-params';

const CaseloadQuery = graphql(`
  query Caseload($filter: ChildFilter, $first: Int, $after: String, $last: Int, $before: String) {
    children(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id reference firstName lastName yearGroup outcomeScheduleState school { name } budget { allocatedPence reservedPence spentPence availablePence } } }
    }
  }
`);

const MAX_SEARCH = 60;

/**
 * The link worker's caseload, searched by name or reference and narrowed to outcomes due, a page at
 * a time; the filters and the page are in the address, and a changed filter starts at the first page.
 */
export default function CaseloadPage() {
  const [params, setParams] = useSearchParams();
  const cursor = useCursorPage();
  const setFilters = (patch: Record<string, string | undefined>) =>
    setParams({ ...patch, after: undefined, before: undefined, at: undefined });
  const q = () => one(params.q);
  // The child's page links back to this list as it is now (its search and filter), as Back would.
  const childHref = (id: string) => {
    const kept = new URLSearchParams();
    if (q()) kept.set('q', q()!);
    if (due()) kept.set('due', 'yes');
    const back = kept.toString();
    return `/children/${encodeURIComponent(id)}${back ? `?back=${encodeURIComponent(back)}` : ''}`;
  };
  const due = () => one(params.due) === 'yes';
  const [typed, setTyped] = createSignal(q() ?? '');
  const [error, setError] = createSignal('');
  const tooLong = () => `Enter at most ${MAX_SEARCH} characters to search for`;
  // The box follows the address; a search in the address longer than the server takes (a link
  // typed by hand) is not asked for, and is pointed out at the box.
  createEffect(
    on(q, (value) => {
      setTyped(value ?? '');
      setError(value && !upTo(value, MAX_SEARCH) ? tooLong() : '');
    }),
  );
  const search = () => upTo(q(), MAX_SEARCH);
  const [result, refetch] = createQuery({
    query: CaseloadQuery,
    variables: () => ({
      filter: search() || due() ? { search: search() ?? null, outcomesDue: due() || null } : null,
      ...cursor.vars(),
    }),
    requestPolicy: 'cache-and-network',
  });
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const value = typed().trim();
    if (value.length > MAX_SEARCH) {
      setError(tooLong());
      return;
    }
    setError('');
    setFilters({ q: value || undefined });
  };
  const removeWhich = () =>
    [q() && `the search for “${q()}”`, due() && '“Outcome measures due or overdue”'].filter(Boolean).join(' or ');
  return (
    <>
      <Title>Caseload</Title>
      <h1 class="govuk-heading-xl">Your caseload</h1>
      <p class="govuk-body">
        <A href="/add-child" class="govuk-button govuk-button--secondary">
          Add a child
        </A>
      </p>
      <p class="govuk-body">
        <span class="app-legend app-legend--spent" /> spent <span class="app-legend app-legend--reserved" /> reserved{' '}
        <span class="app-legend app-legend--available" /> available
      </p>
      <ErrorSummary errors={error() ? [{ field: 'search', message: error() }] : []} />
      <form onSubmit={submit} novalidate aria-label="Search your caseload">
        <TextField
          id="search"
          label="Search by name or reference"
          labelClass="govuk-label--s"
          width="govuk-!-width-one-half"
          value={typed()}
          onInput={setTyped}
          error={error() || undefined}
          autocomplete="off"
        />
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--secondary">
            Search
          </button>
          <Show when={q() || due()}>
            <A class="govuk-link" href="/caseload">
              Clear search and filters
            </A>
          </Show>
        </div>
      </form>
      <div class="govuk-form-group">
        <Checkbox
          id="due"
          label="Outcome measures due or overdue"
          checked={due()}
          onChange={(on) => setFilters({ due: on ? 'yes' : undefined })}
        />
      </div>
      <QueryView result={result} what="your caseload" retry={() => refetch()}>
        {(data) => (
          <>
            <p class="govuk-body" role="status" data-testid="caseload-count">
              {data.children.totalCount} {data.children.totalCount === 1 ? 'child matches' : 'children match'}
            </p>
            <Show when={data.children.totalCount === 0 && (q() || due())}>
              <p class="govuk-body" data-testid="caseload-empty">
                No children match. Remove {removeWhich()} to see more.
              </p>
            </Show>
            <TableBox label="Caseload">
              <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--m">
                  {data.children.totalCount} children
                </caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      Child
                    </th>
                    <th scope="col" class="govuk-table__header">
                      School
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                      Allocated
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                      Reserved
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                      Spent
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                      Available
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Budget
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={data.children.edges.map((e) => e.node)}>
                    {(node) => (
                      <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">
                          <A href={childHref(node.id)} class="govuk-link">
                            {node.firstName} {node.lastName}
                          </A>
                          <br />
                          <span class="govuk-body-s">
                            {node.reference} · Year {node.yearGroup}
                          </span>
                          <Show when={node.outcomeScheduleState !== 'UP_TO_DATE' && node.outcomeScheduleState}>
                            {(state) => (
                              <>
                                <br />
                                <strong
                                  class={`govuk-tag ${state() === 'OVERDUE' ? 'govuk-tag--red' : 'govuk-tag--yellow'}`}
                                >
                                  Outcome measure {state() === 'OVERDUE' ? 'overdue' : 'due'}
                                </strong>
                              </>
                            )}
                          </Show>
                        </th>
                        <td class="govuk-table__cell">{node.school.name}</td>
                        <Num>{money(node.budget?.allocatedPence ?? 0)}</Num>
                        <Num>{money(node.budget?.reservedPence ?? 0)}</Num>
                        <Num>{money(node.budget?.spentPence ?? 0)}</Num>
                        <Num>
                          <strong>{money(node.budget?.availablePence ?? 0)}</strong>
                        </Num>
                        <td class="govuk-table__cell">{node.budget && <BudgetBar budget={node.budget} />}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
            <CursorPager
              pageInfo={data.children.pageInfo}
              label="Children"
              go={cursor.go}
              cursor={cursor}
              total={data.children.totalCount}
              shown={data.children.edges.length}
            />
          </>
        )}
      </QueryView>
    </>
  );
}

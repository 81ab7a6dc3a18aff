import { createQuery } from '@urql/solid';
import { createEffect, createSignal, For, onCleanup, Show } from 'solid-js';
import { graphql, type ResultOf } from '../lib/graphql';
import { ReportedError } from '../lib/title';

// Choosing a child from a caseload of any size: the server finds the children whose name or
// reference matches what is typed (a link worker's `children` is their caseload), a few at a time.

const Fields = graphql(`
  fragment PickedChild on Child @_unmask {
    id reference firstName lastName dateOfBirth status consentInForce
    budget { allocatedPence reservedPence spentPence availablePence }
  }
`);
const FindChildren = graphql(
  `
  query FindChildren($filter: ChildFilter, $first: Int) {
    children(filter: $filter, first: $first) { totalCount edges { node { ...PickedChild } } }
  }
`,
  [Fields],
);
const ChildById = graphql(
  `
  query PickedChildById($id: ID!) { node(id: $id) { __typename ... on Child { ...PickedChild } } }
`,
  [Fields],
);

export type PickedChild = ResultOf<typeof Fields>;

/** How many matches are shown: enough to pick from, few enough to read. */
export const SHOWN = 20;
const MAX_SEARCH = 60;
const WAIT_MS = 250;

const name = (c: PickedChild) => `${c.firstName ?? ''} ${c.lastName ?? ''} (${c.reference})`.trim();

/**
 * GOV.UK radios for one child, found by name or reference as the link worker types (debounced).
 * `value` is the chosen child's id; one chosen before (from the address) is looked up and shown
 * even when it is not among the matches. `id` is the search box's, where an error links to.
 */
export function ChildPicker(p: {
  id: string;
  label: string;
  value: string;
  onChange: (child: PickedChild | null) => void;
  error?: string;
  detail?: (child: PickedChild) => string;
}) {
  const [typed, setTyped] = createSignal('');
  const [search, setSearch] = createSignal('');
  const tooLong = () => typed().trim().length > MAX_SEARCH;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const searchNow = () => {
    clearTimeout(timer);
    if (!tooLong()) setSearch(typed().trim());
  };
  const onInput = (value: string) => {
    setTyped(value);
    clearTimeout(timer);
    timer = setTimeout(searchNow, WAIT_MS);
  };
  onCleanup(() => clearTimeout(timer));

  const [found] = createQuery({
    query: FindChildren,
    variables: () => ({ first: SHOWN, filter: search() ? { search: search() } : null }),
    requestPolicy: 'cache-and-network',
  });
  // A child clicked here is known; one chosen before (the address) is read by id, fresh each time.
  const [clicked, setClicked] = createSignal<PickedChild | null>(null);
  const [byId] = createQuery({
    query: ChildById,
    variables: () => ({ id: p.value }),
    pause: () => !p.value || clicked()?.id === p.value,
    requestPolicy: 'cache-and-network',
  });
  createEffect(() => {
    if (!p.value || clicked()?.id === p.value || !byId.data || byId.operation?.variables.id !== p.value) return;
    const n = byId.data.node;
    // Only an active child on this caseload can be chosen.
    p.onChange(n?.__typename === 'Child' && n.status === 'ACTIVE' ? n : null);
  });
  const choose = (c: PickedChild) => {
    setClicked(c);
    p.onChange(c);
  };

  const matches = () => found.data?.children.edges.map((e) => e.node) ?? [];
  const total = () => found.data?.children.totalCount ?? 0;
  const chosen = () => {
    if (!p.value) return null;
    if (clicked()?.id === p.value) return clicked();
    const n = byId.data?.node;
    return n?.__typename === 'Child' && n.id === p.value && n.status === 'ACTIVE' ? n : null;
  };
  // The chosen child stays on screen, first, whatever the search finds.
  const options = () => {
    const c = chosen();
    return c && !matches().some((m) => m.id === c.id) ? [c, ...matches()] : matches();
  };
  const status = () => {
    if (tooLong()) return `Enter at most ${MAX_SEARCH} characters to search for`;
    if (!found.data) return found.error ? 'We could not search your caseload just now: try again' : 'Finding children…';
    if (total() === 0) return search() ? `No child matches “${search()}”` : 'No children are on your caseload';
    if (total() > matches().length)
      return `Showing ${matches().length} of ${total()}: type more of the name or reference`;
    return `${total()} ${total() === 1 ? 'child matches' : 'children match'}`;
  };
  const itemId = (c: PickedChild) => `${p.id}-${c.reference}`;

  return (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={p.error ? `${p.id}-error` : undefined}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{p.label}</legend>
        <Show when={p.error}>
          <ReportedError />
          <p id={`${p.id}-error`} class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> {p.error}
          </p>
        </Show>
        <label class="govuk-label" for={p.id}>
          Find a child by name or reference
        </label>
        <input
          class={`govuk-input govuk-!-width-two-thirds${p.error ? ' govuk-input--error' : ''}`}
          id={p.id}
          type="text"
          autocomplete="off"
          spellcheck={false}
          value={typed()}
          aria-describedby={`${p.id}-status`}
          onInput={(e) => onInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter searches at once; it does not send the form around the picker.
            if (e.key === 'Enter') {
              e.preventDefault();
              searchNow();
            }
          }}
        />
        <p
          class="govuk-hint govuk-!-margin-top-2"
          id={`${p.id}-status`}
          role="status"
          data-testid="child-picker-status"
        >
          {status()}
        </p>
        <div class="govuk-radios govuk-radios--small" data-testid="child-picker">
          <For each={options()}>
            {(c) => (
              <div class="govuk-radios__item">
                <input
                  class="govuk-radios__input"
                  id={itemId(c)}
                  name={`${p.id}-choice`}
                  type="radio"
                  value={c.id}
                  checked={p.value === c.id}
                  aria-describedby={p.detail ? `${itemId(c)}-hint` : undefined}
                  onChange={() => choose(c)}
                />
                <label class="govuk-label govuk-radios__label" for={itemId(c)}>
                  {name(c)}
                </label>
                <Show when={p.detail}>
                  {(detail) => (
                    <div id={`${itemId(c)}-hint`} class="govuk-hint govuk-radios__hint">
                      {detail()(c)}
                    </div>
                  )}
                </Show>
              </div>
            )}
          </For>
        </div>
      </fieldset>
    </div>
  );
}

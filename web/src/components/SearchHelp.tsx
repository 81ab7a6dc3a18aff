import { A, useLocation } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { graphql } from '../lib/graphql';

/** The filters in a search address that can be taken away, in words. */
const REMOVABLE: [string, string][] = [
  ['q', 'the search words'],
  ['category', 'the category'],
  ['age', 'the age'],
  ['modes', 'where it happens'],
  ['free', 'free only'],
  ['maxPrice', 'the maximum price'],
  ['commissionable', 'can be commissioned'],
  ['capacity', 'has places free'],
  ['within', 'the distance'],
  ['days', 'the days open'],
  ['openAfter', 'the opening time'],
  ['lang', 'the language'],
  ['access', 'the venue access'],
];

/** No results: say which filters to take away, each a link to the same search without it. */
export function NoResults() {
  const location = useLocation();
  const without = (key: string) => {
    const params = new URLSearchParams(location.search);
    params.delete(key);
    params.delete('after');
    const s = params.toString();
    return `/${s ? `?${s}` : ''}`;
  };
  const present = () => REMOVABLE.filter(([key]) => new URLSearchParams(location.search).has(key));
  return (
    <div data-testid="no-results">
      <h2 class="govuk-heading-m">No services match all of these</h2>
      <Show when={present().length > 0} fallback={<p class="govuk-body">Try other words, or fewer of them.</p>}>
        <p class="govuk-body">Try removing a filter:</p>
        <ul class="govuk-list govuk-list--bullet">
          <For each={present()}>
            {([key, words]) => (
              <li>
                <A class="govuk-link" href={without(key)}>
                  Remove {words}
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

const ChildQuery = graphql(
  `query SearchForChild($id: ID!) { node(id: $id) { ... on Child { id firstName dateOfBirth } } }`,
);

/** Searching on a child's behalf (from their page): who for, and a way back to them. */
export function ForChild(props: { childId: string }) {
  const [result] = createQuery({ query: ChildQuery, variables: () => ({ id: props.childId }) });
  const child = () => (result.data?.node && 'firstName' in result.data.node ? result.data.node : null);
  return (
    <Show when={child()}>
      {(c) => (
        <div class="govuk-inset-text" data-testid="for-child">
          Finding a service for <strong>{c().firstName}</strong>. Choose one to commission it for them.{' '}
          <A class="govuk-link" href={`/children/${encodeURIComponent(c().id)}`}>
            Back to {c().firstName}’s page
          </A>
        </div>
      )}
    </Show>
  );
}

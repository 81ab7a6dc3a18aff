import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { graphql } from '../lib/graphql';

const PausedQuery = graphql(`
  query PausedCommissions { pausedCommissions { reference } }
`);

/** For providers: commissions paused because the family withdrew consent, by reference only. */
export function PausedCommissions() {
  const [result] = createQuery({ query: PausedQuery, requestPolicy: 'cache-and-network' });
  return (
    <Show when={(result.data?.pausedCommissions ?? []).length > 0}>
      <div class="govuk-inset-text">
        <h2 class="govuk-heading-s">Paused</h2>
        <p class="govuk-body">
          The family withdrew consent to share details, so these are paused and their details hidden. Please stop work
          on them; you will be told if they resume.
        </p>
        <ul class="govuk-list">
          <For each={result.data?.pausedCommissions ?? []}>
            {(p) => (
              <li>
                <strong class="app-reference">{p.reference}</strong>
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}

import { createQuery } from '@urql/solid';
import { Show } from 'solid-js';
import { month } from '../lib/format';
import { graphql } from '../lib/graphql';

const PostcodeQuery = graphql(`
  query PostcodeMatch($postcode: String!) { postcode(postcode: $postcode) { postcode outward precision endedOn } }
`);

type Match = { postcode: string; outward: string; precision: string; endedOn: string | null };

/** What the note says; null when the search measures from the postcode itself (or cannot measure). */
export function noteText(m: Match): string | null {
  const fromOutward = `distances are measured from the middle of the ${m.outward} area.`;
  if (m.endedOn)
    return `${m.postcode} is no longer in use (it ended in ${month(m.endedOn)})${m.precision === 'OUTWARD' ? `, so ${fromOutward}` : '.'}`;
  return m.precision === 'OUTWARD' ? `We do not have the exact location of ${m.postcode}, so ${fromOutward}` : null;
}

/**
 * Says when a search measures from the middle of the outward code, not the postcode itself, and
 * when that is because the postcode is no longer in use.
 */
export function PostcodeNote(props: { postcode: string }) {
  const [result] = createQuery({ query: PostcodeQuery, variables: () => ({ postcode: props.postcode }) });
  return (
    <Show when={result.data?.postcode && noteText(result.data.postcode)}>
      {(text) => (
        <div class="govuk-inset-text" data-testid="postcode-note">
          {text()}
        </div>
      )}
    </Show>
  );
}

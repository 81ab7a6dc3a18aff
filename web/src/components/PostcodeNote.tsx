import { createQuery } from '@urql/solid';
import { Show } from 'solid-js';
import { graphql } from '../lib/graphql';

const PostcodeQuery = graphql(`
  query PostcodeMatch($postcode: String!) { postcode(postcode: $postcode) { postcode outward precision } }
`);

/** Says when a search measures from the middle of the outward code, not the postcode itself. */
export function PostcodeNote(props: { postcode: string }) {
  const [result] = createQuery({ query: PostcodeQuery, variables: () => ({ postcode: props.postcode }) });
  return (
    <Show when={result.data?.postcode?.precision === 'OUTWARD' ? result.data.postcode : null}>
      {(m) => (
        <div class="govuk-inset-text" data-testid="postcode-note">
          We do not have the exact location of {m().postcode}, so distances are measured from the middle of the{' '}
          {m().outward} area.
        </div>
      )}
    </Show>
  );
}

import { createQuery } from '@urql/solid';
import { Show } from 'solid-js';
import { month } from '../lib/format';
import { graphql } from '../lib/graphql';

const PostcodeQuery = graphql(`
  query PostcodeMatch($postcode: String!) { postcode(postcode: $postcode) { postcode outward precision endedOn } }
`);

/**
 * Says when a search measures from the middle of the outward code, not the postcode itself, and
 * when that is because the postcode is no longer in use.
 */
export function PostcodeNote(props: { postcode: string }) {
  const [result] = createQuery({ query: PostcodeQuery, variables: () => ({ postcode: props.postcode }) });
  const match = () => {
    const m = result.data?.postcode;
    return m && (m.precision === 'OUTWARD' || m.endedOn) ? m : null;
  };
  return (
    <Show when={match()}>
      {(m) => (
        <div class="govuk-inset-text" data-testid="postcode-note">
          <Show
            when={m().endedOn}
            fallback={
              <>
                We do not have the exact location of {m().postcode}, so distances are measured from the middle of the{' '}
                {m().outward} area.
              </>
            }
          >
            {(ended) => (
              <>
                {m().postcode} is no longer in use (it ended in {month(ended())})
                {m().precision === 'OUTWARD' ? (
                  <>, so distances are measured from the middle of the {m().outward} area.</>
                ) : (
                  '.'
                )}
              </>
            )}
          </Show>
        </div>
      )}
    </Show>
  );
}

import { createQuery } from '@urql/solid';
import { graphql } from './graphql';

// Least data: a provider may see the child of a commission only while it is live (approved or
// accepted, not paused); asking for a closed one's child is refused, row by row. So provider pages
// leave `child` out of their main query and ask for it here, only for a live commission.
const CommissionChildQuery = graphql(`
  query CommissionChild($id: ID!) {
    node(id: $id) { ... on Commission { id child { id reference firstName school { name } } } }
  }
`);

export type ProviderChild = { id: string; reference: string; firstName: string | null; school: { name: string } };

/** Whether a provider may see this commission's child now. */
export const liveForProvider = (c: { status: string; pausedAt?: string | null }) =>
  (c.status === 'APPROVED' || c.status === 'ACCEPTED') && !c.pausedAt;

/** The child of a commission, asked for only while `ask()` holds (for a provider: while it is live). */
export function createProviderChild(id: () => string | undefined, ask: () => boolean) {
  const [result] = createQuery({
    query: CommissionChildQuery,
    variables: () => ({ id: id() ?? '' }),
    pause: () => !id() || !ask(),
  });
  return (): ProviderChild | null => {
    const node = ask() ? result.data?.node : null;
    return node && 'child' in node ? (node.child ?? null) : null;
  };
}

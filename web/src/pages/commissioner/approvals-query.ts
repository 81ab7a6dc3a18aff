import { CommissionFields } from '../../lib/fragments';
import { graphql } from '../../lib/graphql';

// The approval queue's query, with its own file so `npm run bench:money` times exactly what the page asks.
export const QueueQuery = graphql(
  `
  query ApprovalQueue($first: Int, $after: String, $last: Int, $before: String) {
    commissions(first: $first, after: $after, last: $last, before: $before, filter: { status: [REQUESTED] }) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { ...CommissionFields rationale approvalReason child { id reference yearGroup school { name } budget { allocatedPence reservedPence spentPence availablePence } } } }
    }
  }
`,
  [CommissionFields],
);

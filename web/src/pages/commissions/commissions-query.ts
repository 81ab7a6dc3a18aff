import { CommissionFields } from '../../lib/fragments';
import { graphql } from '../../lib/graphql';

// The commissions list's query, with its own file so `npm run bench:money` times exactly what the page asks.
// A provider's rows carry the child too: the server answers null for one no longer live.
export const CommissionsQuery = graphql(
  `
  query Commissions($filter: CommissionFilter, $orderBy: CommissionOrder, $after: String, $provider: Boolean!, $names: Boolean!) {
    commissions(first: 25, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...CommissionFields rationale @skip(if: $provider) child { id reference firstName @include(if: $names) school { name } } } }
    }
  }
`,
  [CommissionFields],
);

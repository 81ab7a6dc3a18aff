import { graphql } from '../../lib/graphql';

// The home page's dashboard query, with its own file so `npm run bench:money` times exactly what the page asks.
export const DashboardQuery = graphql(`
  query Dashboard {
    dashboard {
      commissionsByStatus { status count }
      approvalsWaiting listingsDueForReview staleListings listingChangesWaiting organisationRequestsWaiting
      outcomesDue outcomesOverdue
    }
  }
`);

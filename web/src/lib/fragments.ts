import { graphql } from './graphql';

// Unmasked, so pages read the fields directly; one definition keeps every list alike.
export const CommissionFields = graphql(`
  fragment CommissionFields on Commission @_unmask {
    id reference status units unitPricePence amountPence unitsDelivered requestToProvider createdAt respondBy pausedAt
    stretch contract { id reference pricePerPlacePence }
    service { id name unitName }
    organisation { name }
    events { at action note actor { name } }
  }
`);

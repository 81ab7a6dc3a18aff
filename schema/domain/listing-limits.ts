/**
 * A listing's longest name, description and eligibility: the same for a provider's form
 * (listing.ts) and an Open Referral import (openreferral/from-oruk.ts), so an imported listing
 * can be claimed and saved as it is.
 */
export const LISTING_TEXT_LIMITS = { name: 200, description: 8000, eligibility: 2000 } as const;

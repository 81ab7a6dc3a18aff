/**
 * A listing's longest name, description and eligibility: the same for a provider's form
 * (listing.ts) and an Open Referral import (openreferral/from-oruk.ts), so an imported listing
 * can be claimed and saved as it is.
 */
/**
 * The top age a listing holds: a listing to this age has no upper limit ("18 and over"; 0 to it:
 * all ages). An import that states no maximum gets it, and publishing leaves it out again
 * (openreferral/from-oruk.ts, to-oruk.ts), rather than inventing one.
 */
export const NO_UPPER_AGE = 120;

export const LISTING_TEXT_LIMITS = { name: 200, description: 8000, eligibility: 2000 } as const;

/**
 * A phone number as every form holds it (a listing's contacts, an organisation and its request)
 * and as an import keeps an organisation's (openreferral/from-oruk.ts), so an imported one can be
 * saved again as it is.
 */
export const PHONE_NUMBER = /^[0-9 +()-]{7,20}$/;
export const PHONE_EXAMPLE = '020 7946 0000';
export const PHONE_MESSAGE = `Enter a phone number like ${PHONE_EXAMPLE}`;
/** The same rule for a form whose phone may be left blank. */
export const PHONE_NUMBER_OR_BLANK = new RegExp(`^$|${PHONE_NUMBER.source}`);

import type { FormError } from './ErrorSummary';
import type { ListingValues } from './ListingForm';

// The listing form's problems, in the form's order. Values the form cannot send (a price or a number
// that is not one) are only found here; when there are any, the API's rules for the rest
// (schema/domain/listing.ts, the same wording) are checked here too, so the summary lists every
// problem at once instead of these first and the API's on the next submit. The API stays the judge:
// once everything can be sent it checks it all again, and what only it knows (a postcode it cannot place).

type Numbers = {
  minAge: number | null;
  maxAge: number | null;
  capacity: number | null;
  referralLeadTimeDays: number | null;
};

const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? *\d[A-Z]{2}$/;
const PHONE = /^[0-9 +()-]{7,20}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const WEBSITE = /^https?:\/\/[^\s/?#]+/i;

const range = (n: number | null, min: number, max: number, low: string, high: string) =>
  n === null || Number.isNaN(n) ? null : n < min ? low : n > max ? high : null;

/** Every problem with the form: `cannotSend` is true when one of them stops it going to the API. */
export function listingProblems(v: ListingValues, n: Numbers, pricePence: number | null) {
  const found: (FormError & { cannotSend?: boolean })[] = [];
  const add = (field: string, message: string | null | false, cannotSend = false) => {
    if (message) found.push({ field, message, cannotSend });
  };
  const whole = (field: keyof Numbers) => add(field, Number.isNaN(n[field]) && 'Enter a whole number', true);
  const blank = (s: string) => !/[\p{L}\p{N}]/u.test(s);

  add(
    'name',
    blank(v.name)
      ? 'Enter the service name'
      : v.name.trim().length > 200 && 'The service name must be 200 characters or fewer',
  );
  add(
    'description',
    blank(v.description)
      ? 'Enter the description'
      : v.description.trim().length > 8000 && 'The description must be 8000 characters or fewer',
  );
  add('categoryIds', v.categoryIds.length === 0 && 'Choose at least one category');
  whole('minAge');
  add('minAge', n.minAge === null && 'Enter the youngest age', true);
  add('minAge', range(n.minAge, 0, 120, 'Minimum age must be 0 or more', 'Minimum age must be 120 or less'));
  whole('maxAge');
  add('maxAge', n.maxAge === null && 'Enter the oldest age', true);
  add('maxAge', range(n.maxAge, 0, 120, 'Maximum age must be 0 or more', 'Maximum age must be 120 or less'));
  const ages = n.minAge !== null && n.maxAge !== null && !Number.isNaN(n.minAge) && !Number.isNaN(n.maxAge);
  add('maxAge', ages && n.minAge! > n.maxAge! && 'Maximum age must be the same as or more than the minimum age');
  add('deliveryModes', v.deliveryModes.length === 0 && 'Choose at least one way the service is delivered');
  if (!v.free) {
    const notPounds = 'Enter the price in pounds, like 45 or 42.50, or tick “This service is free”';
    add('price', pricePence === null && notPounds, true);
    add(
      'price',
      range(
        pricePence,
        1,
        1_000_000,
        'Price must be at least 1p, or leave it empty for a free service',
        'Price must be £10,000 or less',
      ),
    );
    add('unitName', blank(v.unitName) && 'Say what the price is for, like session or term');
  }
  whole('capacity');
  add('capacity', range(n.capacity, 0, 10_000, 'Capacity cannot be negative', 'Capacity must be 10,000 or less'));
  whole('referralLeadTimeDays');
  add(
    'referralLeadTimeDays',
    range(n.referralLeadTimeDays, 0, 365, 'Lead time cannot be negative', 'Lead time must be a year or less'),
  );
  const email = v.contactEmail.trim();
  add('contactEmail', email !== '' && !EMAIL.test(email) && 'Enter an email address like name@example.org');
  const phone = v.contactPhone.trim();
  add('contactPhone', phone !== '' && !PHONE.test(phone) && 'Enter a phone number like 020 7946 0000');
  const website = v.website.trim();
  add(
    'website',
    website !== '' && !WEBSITE.test(website) && 'Enter a web address starting https://, like https://example.org',
  );
  if (v.locationName || v.locationAddress || v.locationPostcode) {
    add('locationName', blank(v.locationName) && 'Enter the location name');
    add('locationAddress', blank(v.locationAddress) && 'Enter the address');
    add(
      'locationPostcode',
      !POSTCODE.test(v.locationPostcode.trim().toUpperCase()) && 'Enter a real UK postcode, like SE6 4RU',
    );
  } else if (!v.deliveryModes.some((m) => m === 'ONLINE' || m === 'HOME' || m === 'IN_SCHOOL')) {
    add('locationName', 'Add the address of the venue');
  }
  return {
    cannotSend: found.some((f) => f.cannotSend),
    errors: found.map(({ field, message }): FormError => ({ field, message })),
  };
}

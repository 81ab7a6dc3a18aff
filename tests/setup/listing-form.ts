// Everything the provider's listing form reads of a listing, as it reads it: sent back (with
// `categoryIds` for `categories`), it is the form's save.
export const LISTING_FORM_QUERY = `query($id: ID!) { node(id: $id) { ... on Service {
  name description eligibility minAge maxAge deliveryModes unitPricePence unitName commissionable capacity evidenceLevel
  referralLeadTimeDays selfReferral contactName contactEmail contactPhone website categories { id }
  locations { name address postcode accessibility accessibilityNotes }
  schedules { days opensAt closesAt validFrom validTo description freq interval dtstart byMonthDay byDayInMonth }
  languages { name code } costOptions { amountPence per conditions }
  contacts { name title email phones { number description } }
  serviceAreas { name description extent extentType uri serviceArea } } } }`;

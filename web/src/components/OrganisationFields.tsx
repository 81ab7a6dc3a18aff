import { createStore } from 'solid-js/store';
import { errorFor, type FormError } from './ErrorSummary';
import { SelectField, TextArea, TextField } from './Fields';

// An organisation's details, as the public "join the directory" form and administrators enter them.

export type OrganisationKindValue = 'VCSE' | 'SOCIAL_ENTERPRISE' | 'LOCAL_AUTHORITY' | 'NHS' | 'SCHOOL' | 'OTHER';

const KINDS: { value: OrganisationKindValue; label: string }[] = [
  { value: 'VCSE', label: 'Voluntary or community organisation, or charity' },
  { value: 'SOCIAL_ENTERPRISE', label: 'Social enterprise' },
  { value: 'LOCAL_AUTHORITY', label: 'Local authority' },
  { value: 'NHS', label: 'NHS' },
  { value: 'SCHOOL', label: 'School' },
  { value: 'OTHER', label: 'Other' },
];

export function organisationStore() {
  return createStore({
    kind: 'VCSE' as OrganisationKindValue,
    name: '',
    description: '',
    charityNumber: '',
    companyNumber: '',
    phone: '',
    website: '',
  });
}

type Details = ReturnType<typeof organisationStore>[0];

/** The details as the API's input wants them: empty optional fields left out. */
export const organisationInput = (d: Details) => ({
  kind: d.kind,
  name: d.name,
  description: d.description || undefined,
  charityNumber: d.charityNumber || undefined,
  companyNumber: d.companyNumber || undefined,
  phone: d.phone || undefined,
  website: d.website || undefined,
});

export function OrganisationFields(props: {
  details: Details;
  set: ReturnType<typeof organisationStore>[1];
  errors: FormError[];
}) {
  return (
    <>
      <TextField
        id="name"
        label="Organisation name"
        value={props.details.name}
        onInput={(v) => props.set('name', v)}
        error={errorFor(props.errors, 'name')}
      />
      <SelectField
        id="kind"
        label="Type of organisation"
        value={props.details.kind}
        onChange={(v) => props.set('kind', v as OrganisationKindValue)}
        options={KINDS}
        error={errorFor(props.errors, 'kind')}
      />
      <TextArea
        id="description"
        label="What the organisation does (optional)"
        value={props.details.description}
        onInput={(v) => props.set('description', v)}
        error={errorFor(props.errors, 'description')}
      />
      <TextField
        id="charityNumber"
        label="Registered charity number"
        hint="6 to 8 digits, like 1123456. Give a charity number or a company number."
        value={props.details.charityNumber}
        onInput={(v) => props.set('charityNumber', v)}
        inputmode="numeric"
        width="govuk-input--width-10"
        error={errorFor(props.errors, 'charityNumber')}
      />
      <TextField
        id="companyNumber"
        label="Company number"
        hint="8 characters, like 01234567 or SC123456"
        value={props.details.companyNumber}
        onInput={(v) => props.set('companyNumber', v)}
        width="govuk-input--width-10"
        error={errorFor(props.errors, 'companyNumber')}
      />
      <TextField
        id="phone"
        label="Phone (optional)"
        type="tel"
        autocomplete="tel"
        value={props.details.phone}
        onInput={(v) => props.set('phone', v)}
        width="govuk-input--width-20"
        error={errorFor(props.errors, 'phone')}
      />
      <TextField
        id="website"
        label="Website (optional)"
        type="url"
        hint="Starting https:// or http://, like https://example.org"
        value={props.details.website}
        onInput={(v) => props.set('website', v)}
        error={errorFor(props.errors, 'website')}
      />
    </>
  );
}

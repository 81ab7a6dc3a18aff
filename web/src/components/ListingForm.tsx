import { createEffect, createSignal, Show } from 'solid-js';
import { label } from '../lib/format';
import { ErrorSummary, errorFor, type FormError } from './ErrorSummary';
import { Checkbox, CheckboxGroup, type Option, SelectField, TextArea, TextField } from './Fields';
import { DETAIL_FIELD_IDS, type DetailsValues, EMPTY_DETAILS, ListingDetailsFields } from './ListingDetailsFields';

export type ListingValues = {
  name: string;
  description: string;
  eligibility: string;
  categoryIds: string[];
  minAge: string;
  maxAge: string;
  deliveryModes: string[];
  free: boolean;
  price: string;
  unitName: string;
  commissionable: boolean;
  capacity: string;
  evidenceLevel: string;
  referralLeadTimeDays: string;
  /** '' not stated, 'yes' or 'no'. */
  selfReferral: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  website: string;
  locationName: string;
  locationAddress: string;
  locationPostcode: string;
  details: DetailsValues;
};

export const EMPTY_LISTING: ListingValues = {
  name: '',
  description: '',
  eligibility: '',
  categoryIds: [],
  minAge: '0',
  maxAge: '18',
  deliveryModes: [],
  free: false,
  price: '',
  unitName: 'session',
  commissionable: true,
  capacity: '',
  evidenceLevel: 'NONE',
  referralLeadTimeDays: '',
  selfReferral: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  website: '',
  locationName: '',
  locationAddress: '',
  locationPostcode: '',
  details: EMPTY_DETAILS,
};

/** Maps the API's field paths to this form's field ids, so each error sits beside its field. */
export const LISTING_FIELD_IDS: Record<string, string> = {
  unitPricePence: 'price',
  name: 'name',
  address: 'locationAddress',
  postcode: 'locationPostcode',
  latitude: 'locationPostcode',
  longitude: 'locationPostcode',
  locations: 'locationName',
  ...DETAIL_FIELD_IDS,
};

const MODES = ['IN_SCHOOL', 'COMMUNITY_VENUE', 'HOME', 'ONLINE'];
const EVIDENCE = ['NONE', 'EMERGING', 'PROMISING', 'ESTABLISHED', 'PROVEN'];

/** A provider's listing: every field of the directory, with errors in a summary and beside each field. */
export function ListingForm(props: {
  initial: ListingValues;
  categories: Option[];
  errors: FormError[];
  submitLabel: string;
  busy?: boolean;
  onSubmit: (values: ListingValues) => void;
  /** Told the values as they are now, and after every change (to keep a draft: lib/draft.ts). */
  onChange?: (values: ListingValues) => void;
}) {
  const [v, setV] = createSignal<ListingValues>({ ...props.initial });
  createEffect(() => props.onChange?.(v()));
  const set =
    <K extends keyof ListingValues>(key: K) =>
    (value: ListingValues[K]) =>
      setV({ ...v(), [key]: value });
  const err = (field: string) => errorFor(props.errors, field);
  return (
    <form
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(v());
      }}
    >
      <ErrorSummary errors={props.errors} />
      <TextField id="name" label="Service name" value={v().name} onInput={set('name')} error={err('name')} />
      <TextArea
        id="description"
        label="Description"
        hint="What happens, how often, and who delivers it"
        value={v().description}
        onInput={set('description')}
        error={err('description')}
        rows={5}
      />
      <TextArea
        id="eligibility"
        label="Who it is for"
        value={v().eligibility}
        onInput={set('eligibility')}
        error={err('eligibility')}
        rows={2}
      />
      <CheckboxGroup
        id="categoryIds"
        label="Categories"
        values={v().categoryIds}
        options={props.categories}
        onChange={set('categoryIds')}
        error={err('categoryIds')}
        small
      />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <TextField
            id="minAge"
            label="Youngest age"
            value={v().minAge}
            onInput={set('minAge')}
            inputmode="numeric"
            width="govuk-input--width-3"
            error={err('minAge')}
          />
        </div>
        <div class="govuk-grid-column-one-half">
          <TextField
            id="maxAge"
            label="Oldest age"
            value={v().maxAge}
            onInput={set('maxAge')}
            inputmode="numeric"
            width="govuk-input--width-3"
            error={err('maxAge')}
          />
        </div>
      </div>
      <CheckboxGroup
        id="deliveryModes"
        label="How it is delivered"
        values={v().deliveryModes}
        options={MODES.map((m) => ({ value: m, label: label(m) }))}
        onChange={set('deliveryModes')}
        error={err('deliveryModes')}
        small
      />
      <div class="govuk-form-group">
        <Checkbox
          id="free"
          label="This service is free"
          checked={v().free}
          onChange={(on) => setV({ ...v(), free: on, commissionable: on ? false : v().commissionable })}
        />
      </div>
      <Show when={!v().free}>
        <TextField
          id="price"
          label="Price per unit"
          prefix="£"
          value={v().price}
          onInput={set('price')}
          inputmode="decimal"
          width="govuk-input--width-5"
          error={err('price')}
        />
        <TextField
          id="unitName"
          label="Unit"
          hint="For example session, term, course"
          value={v().unitName}
          onInput={set('unitName')}
          width="govuk-input--width-10"
          error={err('unitName')}
        />
        <div class="govuk-form-group">
          <Checkbox
            id="commissionable"
            label="Link workers can commission it through the portal"
            checked={v().commissionable}
            onChange={set('commissionable')}
          />
        </div>
      </Show>
      <TextField
        id="capacity"
        label="Places free now (optional)"
        hint="Leave empty if there is no limit"
        value={v().capacity}
        onInput={set('capacity')}
        inputmode="numeric"
        width="govuk-input--width-4"
        error={err('capacity')}
      />
      <SelectField
        id="evidenceLevel"
        label="Evidence that it works"
        value={v().evidenceLevel}
        options={EVIDENCE.map((e) => ({ value: e, label: label(e) }))}
        onChange={set('evidenceLevel')}
        error={err('evidenceLevel')}
      />
      <TextField
        id="referralLeadTimeDays"
        label="Days from referral to first session (optional)"
        value={v().referralLeadTimeDays}
        onInput={set('referralLeadTimeDays')}
        inputmode="numeric"
        width="govuk-input--width-3"
        error={err('referralLeadTimeDays')}
      />
      <SelectField
        id="selfReferral"
        label="Can families refer themselves?"
        value={v().selfReferral}
        options={[
          { value: '', label: 'Not stated' },
          { value: 'yes', label: 'Yes, families can self-refer' },
          { value: 'no', label: 'No, a professional must refer' },
        ]}
        onChange={set('selfReferral')}
        error={err('selfReferral')}
      />
      <h2 class="govuk-heading-m">Contact</h2>
      <TextField
        id="contactName"
        label="Name (optional)"
        value={v().contactName}
        onInput={set('contactName')}
        error={err('contactName')}
      />
      <TextField
        id="contactEmail"
        label="Email (optional)"
        hint="Like name@example.org"
        type="email"
        value={v().contactEmail}
        onInput={set('contactEmail')}
        error={err('contactEmail')}
      />
      <TextField
        id="contactPhone"
        label="Phone (optional)"
        type="tel"
        value={v().contactPhone}
        onInput={set('contactPhone')}
        error={err('contactPhone')}
      />
      <TextField
        id="website"
        label="Website (optional)"
        hint="Starting https:// or http://, like https://example.org"
        value={v().website}
        onInput={set('website')}
        error={err('website')}
      />
      <h2 class="govuk-heading-m">Venue</h2>
      <p class="govuk-body">Leave empty for services delivered only online, at home or in schools.</p>
      <TextField
        id="locationName"
        label="Venue name"
        value={v().locationName}
        onInput={set('locationName')}
        error={err('locationName')}
      />
      <TextField
        id="locationAddress"
        label="Address"
        value={v().locationAddress}
        onInput={set('locationAddress')}
        error={err('locationAddress')}
      />
      <TextField
        id="locationPostcode"
        label="Postcode"
        value={v().locationPostcode}
        onInput={set('locationPostcode')}
        width="govuk-input--width-10"
        error={err('locationPostcode')}
      />
      <ListingDetailsFields value={v().details} onChange={set('details')} error={err} />
      <button type="submit" class="govuk-button" disabled={props.busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}

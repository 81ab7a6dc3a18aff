import { For, Index } from 'solid-js';
import { parsePounds } from '../lib/format';
import { CheckboxGroup, TextArea, TextField } from './Fields';
import { type Area, areasToInput, type KeptSchedule, keptSchedules } from './KeptDetails';
import { OpeningTimesFields, type ScheduleRow } from './OpeningTimesFields';
import { AddButton, CommaList, RowFieldset } from './RepeatedRows';

// The Open Referral parts of a listing on the provider's form: opening times, languages, venue
// access, cost options, contacts and areas served.

export type CostRow = { amount: string; per: string; conditions: string };
export type ContactRow = { name: string; title: string; email: string; phones: string };
export type DetailsValues = {
  schedules: ScheduleRow[];
  languages: string;
  accessibility: string[];
  accessibilityNotes: string;
  costOptions: CostRow[];
  contacts: ContactRow[];
  serviceAreas: string;
  /** Imported rules the form cannot edit (monthly, fortnightly): shown, and sent back as they are. */
  keptSchedules: KeptSchedule[];
  /** The areas as read, so an area kept by name keeps its imported shape and link. */
  areasRead: Area[];
};

export const EMPTY_DETAILS: DetailsValues = {
  keptSchedules: [],
  areasRead: [],
  schedules: [],
  languages: '',
  accessibility: [],
  accessibilityNotes: '',
  costOptions: [],
  contacts: [],
  serviceAreas: '',
};

/** API field names whose errors belong to a group of this form (see LISTING_FIELD_IDS). */
export const DETAIL_FIELD_IDS: Record<string, string> = {
  days: 'schedule-0-days',
  opensAt: 'schedule-0-opensAt',
  closesAt: 'schedule-0-closesAt',
  code: 'languages',
  languages: 'languages',
  amountPence: 'cost-0-amount',
  number: 'contact-0-phones',
  email: 'contact-0-email',
  accessibility: 'accessibility',
};

export const ACCESSIBILITY: [string, string][] = [
  ['WHEELCHAIR', 'Wheelchair accessible'],
  ['STEP_FREE', 'Step-free access'],
  ['ACCESSIBLE_TOILET', 'Accessible toilet'],
  ['HEARING_LOOP', 'Hearing loop'],
  ['BSL', 'British Sign Language'],
  ['BRAILLE', 'Braille'],
  ['QUIET_SPACE', 'Quiet space'],
  ['ACCESSIBLE_PARKING', 'Accessible parking'],
];

type ServiceDetails = {
  schedules: readonly KeptSchedule[];
  languages: readonly { name: string }[];
  costOptions: readonly { amountPence: number | null; per: string; conditions: string }[];
  contacts: readonly { name: string; title: string; email: string | null; phones: readonly { number: string }[] }[];
  serviceAreas: readonly Area[];
  locations: readonly { accessibility: readonly string[]; accessibilityNotes: string }[];
};

export function detailsFromService(s: ServiceDetails): DetailsValues {
  const { weekly, kept } = keptSchedules(s.schedules);
  return {
    keptSchedules: kept,
    areasRead: [...s.serviceAreas],
    schedules: weekly.map((x) => ({
      days: [...x.days],
      opensAt: x.opensAt ?? '',
      closesAt: x.closesAt ?? '',
      description: x.description,
    })),
    languages: s.languages.map((l) => l.name).join(', '),
    accessibility: [...(s.locations[0]?.accessibility ?? [])],
    accessibilityNotes: s.locations[0]?.accessibilityNotes ?? '',
    costOptions: s.costOptions.map((c) => ({
      amount: c.amountPence == null ? '' : (c.amountPence / 100).toFixed(2),
      per: c.per,
      conditions: c.conditions,
    })),
    contacts: s.contacts.map((c) => ({
      name: c.name,
      title: c.title,
      email: c.email ?? '',
      phones: c.phones.map((p) => p.number).join(', '),
    })),
    serviceAreas: s.serviceAreas.map((a) => a.name).join(', '),
  };
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The API input for these parts (venue access goes on the form's one venue). */
export function detailsToInput(v: DetailsValues) {
  return {
    schedules: [
      ...v.keptSchedules,
      ...v.schedules.map((x) => ({
        days: x.days as ('MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU')[],
        opensAt: x.opensAt.trim() || null,
        closesAt: x.closesAt.trim() || null,
        description: x.description,
      })),
    ],
    languages: list(v.languages).map((name) => ({ name })),
    costOptions: v.costOptions.map((c) => ({
      amountPence: c.amount.trim() === '' ? null : (parsePounds(c.amount) ?? -1),
      per: c.per,
      conditions: c.conditions,
    })),
    contacts: v.contacts.map((c) => ({
      name: c.name,
      title: c.title,
      email: c.email.trim() || null,
      phones: list(c.phones).map((number) => ({ number })),
    })),
    serviceAreas: areasToInput(list(v.serviceAreas), v.areasRead),
  };
}

export function ListingDetailsFields(props: {
  value: DetailsValues;
  onChange: (value: DetailsValues) => void;
  error: (field: string) => string | undefined;
}) {
  const set = <K extends keyof DetailsValues>(key: K, value: DetailsValues[K]) =>
    props.onChange({ ...props.value, [key]: value });
  const setRow = <K extends 'costOptions' | 'contacts'>(key: K, i: number, patch: object) =>
    set(key, props.value[key].map((row, j) => (j === i ? { ...row, ...patch } : row)) as DetailsValues[K]);
  const remove = (key: 'costOptions' | 'contacts', i: number) =>
    set(key, props.value[key].filter((_, j) => j !== i) as never);
  const field = (key: 'languages' | 'serviceAreas') => ({
    value: props.value[key],
    onInput: (v: string) => set(key, v),
    error: props.error(key),
  });
  return (
    <>
      <OpeningTimesFields
        rows={props.value.schedules}
        kept={props.value.keptSchedules}
        onChange={(rows) => set('schedules', rows)}
        error={props.error}
      />

      <CommaList
        id="languages"
        label="Languages it is delivered in (optional)"
        example="English, Polish, British Sign Language"
        {...field('languages')}
      />
      <CommaList
        id="serviceAreas"
        label="Areas served (optional)"
        example="Lewisham, Catford"
        {...field('serviceAreas')}
      />
      <CheckboxGroup
        id="accessibility"
        label="Venue access"
        hint="Only for the venue given above"
        values={props.value.accessibility}
        options={ACCESSIBILITY.map(([value, label]) => ({ value, label }))}
        onChange={(v) => set('accessibility', v)}
        error={props.error('accessibility')}
        small
      />
      <TextArea
        id="accessibilityNotes"
        label="More about access (optional)"
        value={props.value.accessibilityNotes}
        onInput={(v) => set('accessibilityNotes', v)}
        error={props.error('accessibilityNotes')}
        rows={2}
      />

      <h2 class="govuk-heading-m">What families pay</h2>
      <p class="govuk-body">Beside the commissioning price: fees, concessions, free places.</p>
      <Index each={props.value.costOptions}>
        {(row, i) => (
          <RowFieldset name="Cost" n={i + 1} onRemove={() => remove('costOptions', i)}>
            <TextField
              id={`cost-${i}-amount`}
              label="Amount (empty if it states none)"
              prefix="£"
              inputmode="decimal"
              width="govuk-input--width-5"
              value={row().amount}
              onInput={(amount) => setRow('costOptions', i, { amount })}
              error={i === 0 ? props.error('cost-0-amount') : undefined}
            />
            <TextField
              id={`cost-${i}-per`}
              label="Per"
              hint="For example: per session"
              value={row().per}
              onInput={(per) => setRow('costOptions', i, { per })}
            />
            <TextField
              id={`cost-${i}-conditions`}
              label="Conditions (optional)"
              value={row().conditions}
              onInput={(conditions) => setRow('costOptions', i, { conditions })}
            />
          </RowFieldset>
        )}
      </Index>
      <AddButton
        onClick={() => set('costOptions', [...props.value.costOptions, { amount: '', per: '', conditions: '' }])}
      >
        Add a cost
      </AddButton>

      <h2 class="govuk-heading-m">More contacts</h2>
      <For each={props.value.contacts.map((_, i) => i)}>
        {(i) => (
          <RowFieldset name="Contact" n={i + 1} onRemove={() => remove('contacts', i)}>
            <TextField
              id={`contact-${i}-name`}
              label="Name"
              value={props.value.contacts[i]!.name}
              onInput={(name) => setRow('contacts', i, { name })}
            />
            <TextField
              id={`contact-${i}-title`}
              label="Role (optional)"
              value={props.value.contacts[i]!.title}
              onInput={(title) => setRow('contacts', i, { title })}
            />
            <TextField
              id={`contact-${i}-email`}
              label="Email (optional)"
              type="email"
              value={props.value.contacts[i]!.email}
              onInput={(email) => setRow('contacts', i, { email })}
              error={i === 0 ? props.error('contact-0-email') : undefined}
            />
            <TextField
              id={`contact-${i}-phones`}
              label="Phone numbers (optional)"
              hint="Separate them with commas"
              type="tel"
              value={props.value.contacts[i]!.phones}
              onInput={(phones) => setRow('contacts', i, { phones })}
              error={i === 0 ? props.error('contact-0-phones') : undefined}
            />
          </RowFieldset>
        )}
      </For>
      <AddButton
        onClick={() => set('contacts', [...props.value.contacts, { name: '', title: '', email: '', phones: '' }])}
      >
        Add a contact
      </AddButton>
    </>
  );
}

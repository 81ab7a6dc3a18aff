import { createEffect, createSignal, on, Show } from 'solid-js';
import { label } from '../lib/format';
import { createDateRange, DateRangeInputs, isoParts } from './DateRange';
import type { FormError } from './ErrorSummary';
import { CheckboxGroup, TextField } from './Fields';
import { OrganisationPicker } from './OrganisationPicker';
import { ServicePicker } from './ServicePicker';

export const STATUSES = [
  'REQUESTED',
  'APPROVED',
  'ACCEPTED',
  'COMPLETED',
  'REJECTED',
  'DECLINED',
  'CANCELLED',
  'EXPIRED',
] as const;
export type Status = (typeof STATUSES)[number];
// The shape of a commission reference (schema/domain/commission-reference.ts), as people type it.
export const REFERENCE = /^\s*(cr)?[\s-]*[2-9a-hjkmnp-tv-z]{5}\s*$/i;

// The server's limit for a child's reference; and the dates the date boxes' errors give as examples.
const MAX_CHILD = 40;
const LIKE = { from: '1 9 2026', to: '30 9 2026' };

/** The list's filters as they stand in the address (search params); blank means not filtered. */
export type ListParams = {
  status?: string;
  ref?: string;
  provider?: string;
  service?: string;
  child?: string;
  from?: string;
  to?: string;
  sort?: string;
};

/**
 * The commission list's controls. Checkboxes and selects apply at once; typed ones (references, dates)
 * when their form is sent, after checking them (errors go to the page's error summary via onErrors).
 */
export function CommissionFilters(props: {
  params: ListParams;
  set: (patch: ListParams) => void;
  statuses: Status[];
  /** Commissioners and link workers filter by provider; a provider sees only its own. */
  providerFilter: boolean;
  /** The services offered are this organisation's (the provider chosen, or a provider's own). */
  organisationId?: string | null;
  childFilter: boolean;
  onErrors: (errors: FormError[]) => void;
}) {
  const [typed, setTyped] = createSignal(props.params.ref ?? '');
  const [referenceError, setReferenceError] = createSignal('');
  const [child, setChild] = createSignal(props.params.child ?? '');
  const [childError, setChildError] = createSignal('');
  const range = createDateRange({ from: props.params.from, to: props.params.to });
  const report = () =>
    props.onErrors([
      ...(referenceError() ? [{ field: 'reference', message: referenceError() }] : []),
      ...(childError() ? [{ field: 'child', message: childError() }] : []),
      ...range.errors(),
    ]);
  const checkReference = (value: string) =>
    setReferenceError(value && !REFERENCE.test(value) ? 'Enter a reference like CR-7KQ2M' : '');
  const checkChild = (value: string) =>
    setChildError(value.length > MAX_CHILD ? `Enter a child’s reference of at most ${MAX_CHILD} characters` : '');
  // Back, forward and links change the address: the boxes follow it, and a value the list was not
  // filtered by (a link typed by hand: 2026-13-45, a reference too long) is pointed out at its box.
  createEffect(
    on(
      () => [props.params.ref, props.params.child, props.params.from, props.params.to],
      ([ref, childRef, from, to]) => {
        setTyped(ref ?? '');
        setChild(childRef ?? '');
        range.setFrom(isoParts(from));
        range.setTo(isoParts(to));
        checkReference(ref ?? '');
        checkChild(childRef ?? '');
        range.check(LIKE, true);
        report();
      },
    ),
  );
  const find = (e: Event) => {
    e.preventDefault();
    const value = typed().trim();
    checkReference(value);
    report();
    if (!referenceError()) props.set({ ref: value || undefined });
  };
  const apply = (e: Event) => {
    e.preventDefault();
    const dates = range.check(LIKE, true);
    checkChild(child().trim());
    report();
    if (!dates || childError()) return;
    props.set({ child: child().trim() || undefined, from: dates.from, to: dates.to });
  };
  // The provider and service pickers: the chosen id in the address, blank for any.
  const chosen = (key: 'provider' | 'service') => ({
    id: key,
    labelClass: 'govuk-label--s',
    blank: `Any ${key}`,
    get value() {
      return props.params[key] ?? '';
    },
    onChange: (id: string) => props.set({ [key]: id || undefined }),
  });
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-one-quarter">
        <form onSubmit={find} novalidate>
          <TextField
            id="reference"
            label="Find by reference"
            hint="For example, CR-7KQ2M"
            labelClass="govuk-label--s"
            width="govuk-input--width-10"
            value={typed()}
            onInput={setTyped}
            error={referenceError() || undefined}
            autocomplete="off"
          />
          <button type="submit" class="govuk-button govuk-button--secondary">
            Find
          </button>
        </form>
        <Show when={props.providerFilter}>
          <OrganisationPicker label="Provider" {...chosen('provider')} />
        </Show>
        <ServicePicker
          {...chosen('service')}
          organisationId={props.organisationId}
          hideOrganisation={!props.providerFilter}
        />
      </div>
      <div class="govuk-grid-column-one-quarter">
        <CheckboxGroup
          id="status"
          label="Status"
          values={props.statuses}
          options={STATUSES.map((s) => ({ value: s, label: label(s) }))}
          onChange={(v) => props.set({ status: v.length ? v.join(',') : undefined })}
          small
        />
      </div>
      <form class="govuk-grid-column-one-half" onSubmit={apply} novalidate>
        <Show when={props.childFilter}>
          <TextField
            id="child"
            label="Child’s reference"
            labelClass="govuk-label--s"
            width="govuk-input--width-10"
            value={child()}
            onInput={setChild}
            error={childError() || undefined}
            autocomplete="off"
          />
        </Show>
        <h2 class="govuk-heading-s">Date raised</h2>
        <DateRangeInputs range={range} hints={{ from: 'For example, 1 9 2026', to: 'For example, 30 9 2026' }} />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Apply filters
        </button>
      </form>
    </div>
  );
}

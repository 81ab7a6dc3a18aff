import { useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, createSignal, onCleanup, onMount, Show } from 'solid-js';
import type { FormError } from '../../components/ErrorSummary';
import { Checkbox, CheckboxGroup, type Option, SelectField, TextField } from '../../components/Fields';
import { clock, DAYS, label, parsePounds } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';
import { ACCESS, listParam, OPEN_AFTER } from './search-url';

const CategoriesQuery = graphql(`query Categories { categories { id slug name parent { id } } }`);
export const SchoolsQuery = graphql(`query SearchSchools { schools { id name } }`);
const PartnershipsQuery = graphql(`query Partnerships { partnerships { slug name } }`);

export const MODES = ['IN_SCHOOL', 'COMMUNITY_VENUE', 'HOME', 'ONLINE'] as const;

const optionsOf = (pairs: readonly (readonly [string, string])[]): Option[] =>
  pairs.map(([value, name]) => ({ value, label: name }));

/** A filter's list: first the choice that filters nothing ("Any category"), then the others. */
function FilterSelect(props: {
  id: string;
  label: string;
  any: string;
  value: string;
  onChange: (value: string) => void;
  options: Option[];
}) {
  return (
    <SelectField
      id={props.id}
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      labelClass="govuk-label--s"
      options={[{ value: '', label: props.any }, ...props.options]}
    />
  );
}

/** The filters: the form's own state, put into the address (which runs the search) when submitted. */
export function SearchFilters(props: {
  errorOn: (field: string) => string | undefined;
  setFormErrors: (errors: FormError[]) => void;
  onSearch: () => void;
}) {
  const [params, setParams] = useSearchParams<Record<string, string>>();
  const session = useSession();
  const [categories] = createQuery({ query: CategoriesQuery });
  const [text, setText] = createSignal(params.q ?? '');
  const [category, setCategory] = createSignal(params.category ?? '');
  const [age, setAge] = createSignal(params.age ?? '');
  const [modes, setModes] = createSignal<string[]>(params.modes ? params.modes.split(',') : []);
  const [freeOnly, setFreeOnly] = createSignal(params.free === '1');
  // The address holds pence; the form, pounds.
  const pounds = (pence?: string) => (pence && /^\d+$/.test(pence) ? String(Number(pence) / 100) : '');
  const [maxPrice, setMaxPrice] = createSignal(pounds(params.maxPrice));
  const [commissionable, setCommissionable] = createSignal(params.commissionable === '1');
  const [capacity, setCapacity] = createSignal(params.capacity === '1');
  const [postcode, setPostcode] = createSignal(params.postcode ?? '');
  const [zone, setZone] = createSignal(params.zone ?? '');
  // The public directory spans every partnership here; visitors can keep to theirs.
  const [partnerships] = createQuery({ query: PartnershipsQuery });
  const [school, setSchool] = createSignal(params.school ?? '');
  // Staff are based in schools: signed in, they can measure distance from one.
  const [schools] = createQuery({ query: SchoolsQuery, pause: () => !session.viewer() });
  const [within, setWithin] = createSignal(params.within ?? '');
  const [days, setDays] = createSignal<string[]>(listParam(params.days, DAYS));
  const [openAfter, setOpenAfter] = createSignal(params.openAfter ?? '');
  const [language, setLanguage] = createSignal(params.lang ?? '');
  const [access, setAccess] = createSignal<string[]>(listParam(params.access, ACCESS));
  const moreSet = () => !!(params.days || params.openAfter || params.lang || params.access);
  const [moreOpen, setMoreOpen] = createSignal(moreSet());
  // Back, forward and shared links change the address: the form shows what is searched.
  createEffect(() => {
    setText(params.q ?? '');
    setCategory(params.category ?? '');
    setAge(params.age ?? '');
    setModes(params.modes ? params.modes.split(',') : []);
    setFreeOnly(params.free === '1');
    setMaxPrice(pounds(params.maxPrice));
    setCommissionable(params.commissionable === '1');
    setCapacity(params.capacity === '1');
    setPostcode(params.postcode ?? '');
    setZone(params.zone ?? '');
    setSchool(params.school ?? '');
    setWithin(params.within ?? '');
    setDays(listParam(params.days, DAYS));
    setOpenAfter(params.openAfter ?? '');
    setLanguage(params.lang ?? '');
    setAccess(listParam(params.access, ACCESS));
    if (moreSet()) setMoreOpen(true);
  });

  const submit = (e: Event) => {
    e.preventDefault();
    const errors: FormError[] = [];
    const ageValue = age().trim();
    if (ageValue && !(/^\d+$/.test(ageValue) && Number(ageValue) <= 25))
      errors.push({ field: 'age', message: 'Enter an age from 0 to 25' });
    const maxPence = maxPrice().trim() ? parsePounds(maxPrice()) : null;
    if (maxPrice().trim() && maxPence === null)
      errors.push({ field: 'maxPrice', message: 'Enter a maximum price in pounds, like 40 or 42.50' });
    if (freeOnly() && maxPence !== null)
      errors.push({ field: 'maxPrice', message: 'Choose free only or a maximum price, not both' });
    if (within() && !postcode().trim() && !school())
      errors.push({ field: 'postcode', message: 'Enter a postcode (or choose a school) to search by distance' });
    props.setFormErrors(errors);
    if (errors.length) return;
    setParams({
      q: text().trim() || undefined,
      category: category() || undefined,
      age: ageValue || undefined,
      modes: modes().length ? modes().join(',') : undefined,
      free: freeOnly() ? '1' : undefined,
      maxPrice: maxPence !== null ? String(maxPence) : undefined,
      commissionable: commissionable() && session.viewer() ? '1' : undefined,
      capacity: capacity() ? '1' : undefined,
      zone: zone() || undefined,
      postcode: postcode().trim() || undefined,
      school: postcode().trim() ? undefined : school() || undefined,
      within: (postcode().trim() || school()) && within() ? within() : undefined,
      days: days().length ? days().join(',') : undefined,
      openAfter: openAfter() || undefined,
      lang: language().trim() || undefined,
      access: access().length ? access().join(',') : undefined,
      after: undefined,
    });
    props.onSearch();
  };

  // Each sub-category straight under its parent (the server lists every top-level one first).
  const categoryOptions = () => {
    const all = categories.data?.categories ?? [];
    return all
      .flatMap((top) => (top.parent ? [] : [top, ...all.filter((c) => c.parent?.id === top.id)]))
      .map((c) => ({ value: c.slug, label: c.parent ? `— ${c.name}` : c.name }));
  };

  // What a phone or desktop screen shows first (search, category, age, delivery, free) is drawn with
  // the page; the filters below the fold in the next task, so the page's first draw is one shorter
  // task (Lighthouse's blocking time). Added below everything on screen, they move nothing in view.
  const [restDrawn, setRestDrawn] = createSignal(false);
  let restTimer: ReturnType<typeof setTimeout> | undefined;
  onMount(() => {
    restTimer = setTimeout(() => setRestDrawn(true), 0);
  });
  onCleanup(() => clearTimeout(restTimer));

  const errorOn = props.errorOn;
  return (
    <form class="app-filters" onSubmit={submit} aria-label="Filter services" novalidate>
      <TextField
        id="q"
        label="Search"
        hint="Names, descriptions, organisations and categories"
        value={text()}
        onInput={setText}
        labelClass="govuk-label--s"
        error={errorOn('q')}
      />
      <button type="submit" class="govuk-button govuk-button--secondary app-search-now">
        Search
      </button>
      <FilterSelect
        id="category"
        label="Category"
        any="Any category"
        value={category()}
        options={categoryOptions()}
        onChange={setCategory}
      />
      <TextField
        id="age"
        label="Child’s age"
        value={age()}
        onInput={setAge}
        inputmode="numeric"
        width="govuk-input--width-3"
        error={errorOn('age')}
        labelClass="govuk-label--s"
      />
      <CheckboxGroup
        id="modes"
        label="Delivered"
        values={modes()}
        options={MODES.map((m) => ({ value: m, label: label(m) }))}
        onChange={setModes}
        small
      />
      <div class="govuk-form-group">
        <Checkbox id="free" label="Free services only" checked={freeOnly()} onChange={setFreeOnly} />
      </div>
      <Show when={restDrawn()}>
        <TextField
          id="maxPrice"
          label="Maximum price per unit"
          prefix="£"
          value={maxPrice()}
          onInput={setMaxPrice}
          inputmode="decimal"
          width="govuk-input--width-5"
          error={errorOn('maxPrice')}
          labelClass="govuk-label--s"
        />
        <div class="govuk-form-group">
          {/* Commissioning is for staff: signed out, the choice is not offered (audit W-F8). */}
          <Show when={session.viewer()}>
            <Checkbox
              id="commissionable"
              label="Can be commissioned here"
              checked={commissionable()}
              onChange={setCommissionable}
            />
          </Show>
          <Checkbox id="capacity" label="Has places free" checked={capacity()} onChange={setCapacity} />
        </div>
        <TextField
          id="postcode"
          label="Near postcode"
          hint="For example, SE6 4RU or SE6"
          value={postcode()}
          onInput={setPostcode}
          width="govuk-input--width-10"
          error={errorOn('postcode')}
          autocomplete="postal-code"
          labelClass="govuk-label--s"
        />
        <Show when={session.viewer() && (schools.data?.schools.length ?? 0) > 0}>
          <FilterSelect
            id="school"
            label="Or near a school"
            any="No school"
            value={school()}
            onChange={setSchool}
            options={(schools.data?.schools ?? []).map((sc) => ({ value: sc.id, label: sc.name }))}
          />
        </Show>
        <FilterSelect
          id="within"
          label="Within"
          any="Any distance"
          value={within()}
          onChange={setWithin}
          options={['1', '2', '5', '10'].map((m) => ({ value: m, label: `${m} ${m === '1' ? 'mile' : 'miles'}` }))}
        />
        {/* Rarely used filters: drawn only when opened (or set), so the first render is lighter. */}
        <details
          class="govuk-details app-more-filters"
          open={moreOpen()}
          onToggle={(e) => setMoreOpen(e.currentTarget.open)}
        >
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Opening times, language and venue access</span>
          </summary>
          <div class="govuk-details__text">
            <Show when={moreOpen()}>
              <CheckboxGroup
                id="days"
                label="Open on"
                values={days()}
                options={optionsOf(DAYS)}
                onChange={setDays}
                small
              />
              <FilterSelect
                id="openAfter"
                label="Open after"
                any="Any time"
                value={openAfter()}
                onChange={setOpenAfter}
                options={OPEN_AFTER.map((t) => ({ value: t, label: clock(t) }))}
              />
              <TextField
                id="lang"
                label="Language"
                hint="For example, Polish"
                value={language()}
                onInput={setLanguage}
                width="govuk-input--width-10"
                labelClass="govuk-label--s"
              />
              <CheckboxGroup
                id="access"
                label="Venue access"
                values={access()}
                options={optionsOf(ACCESS)}
                onChange={setAccess}
                small
              />
            </Show>
          </div>
        </details>
        {/* Last, so that it coming in once the partnerships are known moves nothing in view. */}
        <Show when={!session.viewer() && (partnerships.data?.partnerships.length ?? 0) > 1}>
          <FilterSelect
            id="zone"
            label="Partnership"
            any="All partnerships"
            value={zone()}
            onChange={setZone}
            options={(partnerships.data?.partnerships ?? []).map((p) => ({ value: p.slug, label: p.name }))}
          />
        </Show>
        <button type="submit" class="govuk-button" data-module="govuk-button">
          Search
        </button>
      </Show>
    </form>
  );
}

import { A, useLocation, useNavigate, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import { Tag } from '../../components/Bits';
import { ErrorSummary, type FormError } from '../../components/ErrorSummary';
import { Checkbox, CheckboxGroup, SelectField, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { PostcodeNote } from '../../components/PostcodeNote';
import { ForChild, NoResults } from '../../components/SearchHelp';
import { formatPostcode, label, miles, milesToKm, parsePounds, price } from '../../lib/format';
import { graphql, type VariablesOf } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const SearchQuery = graphql(`
  query Search($first: Int!, $after: String, $filter: ServiceFilter) {
    services(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        id name unitPricePence unitName capacity distanceKm stale commissionable deliveryModes minAge maxAge
        organisation { name } categories { id name }
      } }
    }
  }
`);

const CategoriesQuery = graphql(`query Categories { categories { id slug name parent { id } } }`);
const SchoolsQuery = graphql(`query SearchSchools { schools { id name } }`);
const PartnershipsQuery = graphql(`query Partnerships { partnerships { slug name } }`);

const MODES = ['IN_SCHOOL', 'COMMUNITY_VENUE', 'HOME', 'ONLINE'] as const;
type Mode = (typeof MODES)[number];
type Filter = NonNullable<VariablesOf<typeof SearchQuery>['filter']>;

/** The search lives in the URL, so a search can be bookmarked and shared. */
export default function SearchPage() {
  const [params, setParams] = useSearchParams<Record<string, string>>();
  const session = useSession();
  const navigate = useNavigate();
  const [categories] = createQuery({ query: CategoriesQuery });

  // The form's own state; the URL changes (and the search runs) when it is submitted.
  const [text, setText] = createSignal(params.q ?? '');
  const [category, setCategory] = createSignal(params.category ?? '');
  const [age, setAge] = createSignal(params.age ?? '');
  const [modes, setModes] = createSignal<string[]>(params.modes ? params.modes.split(',') : []);
  const [freeOnly, setFreeOnly] = createSignal(params.free === '1');
  const [maxPrice, setMaxPrice] = createSignal(params.maxPrice ?? '');
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
  const [formErrors, setFormErrors] = createSignal<FormError[]>([]);

  const filter = createMemo<Filter>(() => ({
    ...(params.q ? { text: params.q } : {}),
    ...(params.category ? { categorySlugs: [params.category] } : {}),
    ...(params.age ? { age: Number(params.age) } : {}),
    ...(params.modes
      ? { deliveryModes: params.modes.split(',').filter((m): m is Mode => (MODES as readonly string[]).includes(m)) }
      : {}),
    ...(params.free === '1' ? { freeOnly: true } : {}),
    ...(params.maxPrice ? { maxUnitPricePence: Number(params.maxPrice) } : {}),
    ...(params.commissionable === '1' ? { commissionableOnly: true } : {}),
    ...(params.capacity === '1' ? { hasCapacity: true } : {}),
    ...(params.zone && !session.viewer() ? { zoneSlug: params.zone } : {}),
    ...(params.postcode ? { nearPostcode: params.postcode } : params.school ? { nearSchoolId: params.school } : {}),
    ...((params.postcode || params.school) && params.within ? { withinKm: milesToKm(Number(params.within)) } : {}),
  }));
  const [result] = createQuery({
    query: SearchQuery,
    variables: () => ({ first: 20, after: params.after || null, filter: filter() }),
  });

  const location = useLocation();
  // After a search, the count of results takes focus (and so comes into view), once they are in.
  let count: HTMLParagraphElement | undefined;
  const [searched, setSearched] = createSignal(false);
  createEffect(() => {
    if (searched() && result.data && !result.fetching) {
      setSearched(false);
      count?.focus();
    }
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
    setFormErrors(errors);
    if (errors.length) return;
    setParams({
      q: text().trim() || undefined,
      category: category() || undefined,
      age: ageValue || undefined,
      modes: modes().length ? modes().join(',') : undefined,
      free: freeOnly() ? '1' : undefined,
      maxPrice: maxPence !== null ? String(maxPence) : undefined,
      commissionable: commissionable() ? '1' : undefined,
      capacity: capacity() ? '1' : undefined,
      zone: zone() || undefined,
      postcode: postcode().trim() || undefined,
      school: postcode().trim() ? undefined : school() || undefined,
      within: (postcode().trim() || school()) && within() ? within() : undefined,
      after: undefined,
    });
    setSearched(true);
  };

  // A postcode the server does not know comes back as a field error on nearPostcode.
  const serverErrors = (): FormError[] =>
    (result.error?.graphQLErrors ?? []).flatMap((e) => {
      const fieldErrors = (e.extensions?.fieldErrors ?? []) as { path: string[]; message: string }[];
      return fieldErrors.length
        ? fieldErrors.map((f) => ({
            field: f.path.at(-1) === 'nearPostcode' ? 'postcode' : f.path.at(-1),
            message: f.message,
          }))
        : [{ message: e.message }];
    });
  const errors = () => [...formErrors(), ...serverErrors()];
  const errorOn = (field: string) => errors().find((e) => e.field === field)?.message;

  const categoryOptions = () => [
    { value: '', label: 'Any category' },
    ...(categories.data?.categories ?? []).map((c) => ({ value: c.slug, label: c.parent ? `— ${c.name}` : c.name })),
  ];

  return (
    <>
      <Title>{params.q ? `${params.q} – Find services` : 'Find services'}</Title>
      <h1 class="govuk-heading-xl">Find local services</h1>
      <Show when={params.child && session.viewer()?.role === 'LINK_WORKER'}>
        <ForChild childId={params.child!} />
      </Show>
      <ErrorSummary errors={errors()} />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-third">
          <form class="app-filters" onSubmit={submit} aria-label="Filter services" novalidate>
            {/* Kept in place while the partnerships load, so the form does not move when they come (CLS). */}
            <Show when={!session.viewer() && (!partnerships.data || partnerships.data.partnerships.length > 1)}>
              <SelectField
                id="zone"
                label="Partnership"
                value={zone()}
                onChange={setZone}
                labelClass="govuk-label--s"
                options={[
                  { value: '', label: 'All partnerships' },
                  ...(partnerships.data?.partnerships ?? []).map((p) => ({ value: p.slug, label: p.name })),
                ]}
              />
            </Show>
            <TextField
              id="q"
              label="Search"
              hint="Names, descriptions, organisations and categories"
              value={text()}
              onInput={setText}
              labelClass="govuk-label--s"
            />
            <button type="submit" class="govuk-button govuk-button--secondary app-search-now">
              Search
            </button>
            <SelectField
              id="category"
              label="Category"
              value={category()}
              options={categoryOptions()}
              onChange={setCategory}
              labelClass="govuk-label--s"
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
              <Checkbox
                id="commissionable"
                label="Can be commissioned here"
                checked={commissionable()}
                onChange={setCommissionable}
              />
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
              <SelectField
                id="school"
                label="Or near a school"
                value={school()}
                onChange={setSchool}
                labelClass="govuk-label--s"
                options={[
                  { value: '', label: 'No school' },
                  ...(schools.data?.schools ?? []).map((sc) => ({ value: sc.id, label: sc.name })),
                ]}
              />
            </Show>
            <SelectField
              id="within"
              label="Within"
              value={within()}
              onChange={setWithin}
              labelClass="govuk-label--s"
              options={[
                { value: '', label: 'Any distance' },
                ...['1', '2', '5', '10'].map((m) => ({ value: m, label: `${m} ${m === '1' ? 'mile' : 'miles'}` })),
              ]}
            />
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Search
            </button>
          </form>
        </div>
        <div class="govuk-grid-column-two-thirds">
          <Show
            when={result.data}
            fallback={
              <Show when={!result.error}>
                <p class="govuk-body" role="status">
                  Searching…
                </p>
              </Show>
            }
          >
            {(data) => (
              <>
                <p class="govuk-body" role="status" aria-live="polite" tabindex="-1" ref={count}>
                  {data().services.totalCount} {data().services.totalCount === 1 ? 'service' : 'services'} found
                  {params.postcode
                    ? `, nearest to ${formatPostcode(params.postcode)} first`
                    : params.school
                      ? `, nearest to ${schools.data?.schools.find((sc) => sc.id === params.school)?.name ?? 'the school'} first`
                      : params.q
                        ? ', best match first'
                        : ''}
                </p>
                <Show when={data().services.totalCount === 0}>
                  <NoResults />
                </Show>
                <Show when={params.postcode}>{(p) => <PostcodeNote postcode={p()} />}</Show>
                <ul class="app-results" aria-busy={result.fetching} data-testid="results">
                  <For each={data().services.edges.map((e) => e.node)}>
                    {(node) => (
                      <li class="app-result">
                        <h2 class="govuk-heading-m govuk-!-margin-bottom-1">
                          <A href={`/services/${encodeURIComponent(node.id)}${location.search}`} class="govuk-link">
                            {node.name}
                          </A>
                        </h2>
                        <p class="govuk-body-s govuk-!-margin-bottom-1">
                          {node.organisation.name} · {node.categories.map((c) => c.name).join(', ')}
                        </p>
                        <p class="govuk-body-s govuk-!-margin-bottom-1">
                          <strong>{price(node.unitPricePence, node.unitName)}</strong>
                          {' · '}Ages {node.minAge} to {node.maxAge}
                          {' · '}
                          {node.capacity == null
                            ? 'No stated limit on places'
                            : node.capacity === 0
                              ? 'No places free'
                              : `${node.capacity} places free`}
                          <Show when={node.distanceKm != null}>{` · ${miles(node.distanceKm ?? 0)} away`}</Show>
                        </p>
                        <Show when={node.commissionable && session.viewer()}>
                          <Tag status="ACCEPTED" text="Commission here" />{' '}
                        </Show>
                        <Show when={node.stale}>
                          <Tag status="STALE" text="Not reviewed for 6 months" />
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
                <nav class="govuk-pagination govuk-pagination--block" aria-label="Results pages">
                  <Show when={params.after}>
                    <div class="govuk-pagination__prev">
                      <button type="button" class="govuk-pagination__link app-link-button" onClick={() => navigate(-1)}>
                        <span class="govuk-pagination__link-title">Previous page</span>
                      </button>
                    </div>
                  </Show>
                  <Show when={data().services.pageInfo.hasNextPage}>
                    <div class="govuk-pagination__next">
                      <button
                        type="button"
                        class="govuk-pagination__link app-link-button"
                        onClick={() => setParams({ after: data().services.pageInfo.endCursor ?? undefined })}
                      >
                        <span class="govuk-pagination__link-title">Next page</span>
                      </button>
                    </div>
                  </Show>
                </nav>
              </>
            )}
          </Show>
          <Show when={result.error && !serverErrors().some((e) => e.field)}>
            <p class="govuk-body">We could not search just now. Check your connection and try again.</p>
          </Show>
        </div>
      </div>
    </>
  );
}

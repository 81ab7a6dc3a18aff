import { useNavigate } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { BackLink, QueryView } from '../../components/Bits';
import { type FormError, formErrors } from '../../components/ErrorSummary';
import { Title } from '../../components/Layout';
import { detailsFromService, detailsToInput } from '../../components/ListingDetailsFields';
import { EMPTY_LISTING, LISTING_FIELD_IDS, ListingForm, type ListingValues } from '../../components/ListingForm';
import { listingProblems } from '../../components/listing-checks';
import { clearDraft, keepDraft, loadDraft } from '../../lib/draft';
import { DraftNotice, differsFrom } from '../../lib/draft-notice';
import { parsePounds } from '../../lib/format';
import { graphql, type ResultOf } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';

const FormQuery = graphql(`
  query ListingFormData($id: ID!, $editing: Boolean!) {
    categories { id name parent { name } }
    viewer { organisation { id } }
    node(id: $id) @include(if: $editing) {
      ... on Service {
        id organisation { id name } name description eligibility minAge maxAge deliveryModes unitPricePence unitName commissionable capacity evidenceLevel
        referralLeadTimeDays selfReferral contactName contactEmail contactPhone website categories { id } locations { name address postcode accessibility accessibilityNotes }
        schedules { days opensAt closesAt validFrom validTo description freq interval dtstart byMonthDay byDayInMonth }
        languages { name } costOptions { amountPence per conditions }
        contacts { name title email phones { number } } serviceAreas { name description extent extentType uri serviceArea }
        pendingRevision {
          id
          content {
            name description eligibility minAge maxAge deliveryModes unitPricePence unitName commissionable capacity evidenceLevel
            referralLeadTimeDays selfReferral contactName contactEmail contactPhone website categoryIds locations { name address postcode accessibility accessibilityNotes }
            schedules { days opensAt closesAt validFrom validTo description freq interval dtstart byMonthDay byDayInMonth }
            languages { name } costOptions { amountPence per conditions }
            contacts { name title email phones { number } } serviceAreas { name description extent extentType uri serviceArea }
          }
        }
      }
    }
  }
`);
const Create = graphql(
  `mutation CreateService($input: CreateServiceInput!) { createService(input: $input) { __typename ... on CreateServiceSuccess { service { id } } ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);
const Update = graphql(
  `mutation UpdateService($input: UpdateServiceInput!) { updateService(input: $input) { __typename ... on UpdateServiceSuccess { service { id pendingRevision { id } } } ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);

const intOrNull = (s: string) => (s.trim() === '' ? null : /^-?\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);

/** Errors in the order of their fields on the page (GOV.UK); one without a field keeps its place at the end. */
const inPageOrder = (errors: FormError[]) => {
  const at = (e: FormError) => (e.field ? document.getElementById(e.field) : null);
  return [...errors].sort((a, b) => {
    const [x, y] = [at(a), at(b)];
    if (!x || !y) return Number(!x) - Number(!y);
    return x === y ? 0 : x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
};

type Live = Extract<NonNullable<ResultOf<typeof FormQuery>['node']>, { pendingRevision: unknown }>;
type Source = NonNullable<Live['pendingRevision']>['content'];

/** The form's values from a listing: the live one, or the version waiting for approval. */
const valuesOf = (s: Source): ListingValues => ({
  ...EMPTY_LISTING,
  name: s.name,
  description: s.description,
  eligibility: s.eligibility,
  categoryIds: [...s.categoryIds],
  minAge: String(s.minAge),
  maxAge: String(s.maxAge),
  deliveryModes: [...s.deliveryModes],
  free: s.unitPricePence == null,
  price: s.unitPricePence == null ? '' : (s.unitPricePence / 100).toFixed(2),
  unitName: s.unitName ?? 'session',
  commissionable: s.commissionable,
  capacity: s.capacity == null ? '' : String(s.capacity),
  evidenceLevel: s.evidenceLevel,
  referralLeadTimeDays: s.referralLeadTimeDays == null ? '' : String(s.referralLeadTimeDays),
  selfReferral: s.selfReferral == null ? '' : s.selfReferral ? 'yes' : 'no',
  contactName: s.contactName ?? '',
  contactEmail: s.contactEmail ?? '',
  contactPhone: s.contactPhone ?? '',
  website: s.website ?? '',
  locationName: s.locations[0]?.name ?? '',
  locationAddress: s.locations[0]?.address ?? '',
  locationPostcode: s.locations[0]?.postcode ?? '',
  details: detailsFromService(s),
});

export default function ListingFormPage() {
  const routeId = useRouteId();
  const navigate = useNavigate();
  const editing = () => !!routeId();
  const [result, refetch] = createQuery({
    query: FormQuery,
    variables: () => ({ id: routeId() ?? '', editing: editing() }),
  });
  const [createState, create] = createMutation(Create);
  const [updateState, update] = createMutation(Update);
  const [errors, setErrors] = createSignal<FormError[]>([]);
  // What was typed, kept in this tab (lib/draft.ts): when the session ends before Save, signing in
  // again brings the person back to the form as they left it. One draft per listing, one for a new one.
  const draftKey = () => `listing-draft:${routeId() ?? 'new'}`;
  const startFrom = (initial: ListingValues): ListingValues => {
    const draft = loadDraft<ListingValues>(draftKey());
    return draft ? { ...initial, ...draft, details: { ...initial.details, ...draft.details } } : initial;
  };

  const submit = async (v: ListingValues) => {
    const pricePence = v.free ? null : parsePounds(v.price);
    const numbers = {
      minAge: intOrNull(v.minAge),
      maxAge: intOrNull(v.maxAge),
      capacity: intOrNull(v.capacity),
      referralLeadTimeDays: intOrNull(v.referralLeadTimeDays),
    };
    // What cannot be sent (a price that is not a number) is reported here, with the API's own rules
    // for the rest, so one submit shows every problem; otherwise the API checks it all.
    const problems = listingProblems(v, numbers, pricePence);
    setErrors(problems.cannotSend ? problems.errors : []);
    if (problems.cannotSend) return;
    const location = v.locationName || v.locationAddress || v.locationPostcode;
    const input = {
      name: v.name,
      description: v.description,
      eligibility: v.eligibility,
      categoryIds: v.categoryIds,
      minAge: numbers.minAge!,
      maxAge: numbers.maxAge!,
      deliveryModes: v.deliveryModes as ('IN_SCHOOL' | 'COMMUNITY_VENUE' | 'HOME' | 'ONLINE')[],
      unitPricePence: pricePence,
      unitName: v.free ? null : v.unitName,
      commissionable: !v.free && v.commissionable,
      capacity: numbers.capacity,
      evidenceLevel: v.evidenceLevel as 'NONE',
      referralLeadTimeDays: numbers.referralLeadTimeDays,
      selfReferral: v.selfReferral === '' ? null : v.selfReferral === 'yes',
      contactName: v.contactName || null,
      contactEmail: v.contactEmail || null,
      contactPhone: v.contactPhone || null,
      website: v.website || null,
      locations: location
        ? [
            {
              name: v.locationName,
              address: v.locationAddress,
              postcode: v.locationPostcode,
              accessibility: v.details.accessibility as 'WHEELCHAIR'[],
              accessibilityNotes: v.details.accessibilityNotes,
            },
          ]
        : [],
      ...detailsToInput(v.details),
    };
    const res = editing()
      ? (await update({ input: { serviceId: routeId()!, ...input } })).data?.updateService
      : (await create({ input })).data?.createService;
    if (!res) return setErrors([{ message: 'We could not save the listing just now. Try again.' }]);
    if (res.__typename === 'CreateServiceSuccess' || res.__typename === 'UpdateServiceSuccess') clearDraft(draftKey());
    if (res.__typename === 'UpdateServiceSuccess' && res.service.pendingRevision) {
      navigate('/provider/listings?pending=1');
      return;
    }
    if (res.__typename === 'CreateServiceSuccess' || res.__typename === 'UpdateServiceSuccess') {
      navigate(`/provider/listings?saved=1`);
      return;
    }
    setErrors(inPageOrder(formErrors(res, LISTING_FIELD_IDS)));
  };

  return (
    <>
      <BackLink href="/provider/listings">Back to listings</BackLink>
      <Title>{editing() ? 'Edit listing' : 'Add a listing'}</Title>
      <h1 class="govuk-heading-xl">{editing() ? 'Edit listing' : 'Add a listing'}</h1>
      <QueryView result={result} what="the form" retry={() => refetch()}>
        {(data) => {
          const s = data.node?.__typename === 'Service' ? data.node : null;
          // Changes still waiting for approval: the form starts from them, so saving again keeps them.
          const pending = s?.pendingRevision?.content ?? null;
          const initial = s ? valuesOf(pending ?? { ...s, categoryIds: s.categories.map((c) => c.id) }) : EMPTY_LISTING;
          const start = startFrom(initial);
          // The values the form is (re)made from: the saved ones again when the draft is discarded.
          const [from, setFrom] = createSignal(start);
          const [typed, setTyped] = createSignal(start);
          // Only what differs from the listing as saved is a draft: an untouched form keeps none.
          keepDraft(draftKey(), typed, () => initial);
          return (
            <Show when={!editing() || s} fallback={<p class="govuk-body">Listing not found.</p>}>
              <Show
                when={!s || s.organisation.id === data.viewer?.organisation?.id}
                fallback={
                  <p class="govuk-body" id="not-your-listing">
                    This listing is {s!.organisation.name}’s: only that organisation can change it.
                  </p>
                }
              >
                <Show when={pending}>
                  <p class="govuk-inset-text" data-testid="pending-notice">
                    Your earlier changes are waiting for approval; this form shows them.
                  </p>
                </Show>
                <DraftNotice
                  when={differsFrom(start, initial)}
                  draftKey={draftKey()}
                  onDiscard={() => {
                    setErrors([]);
                    setFrom(initial);
                  }}
                />
                <Show when={from()} keyed>
                  {(values) => (
                    <ListingForm
                      initial={values}
                      onChange={setTyped}
                      categories={data.categories
                        .filter((c) => c.parent)
                        .map((c) => ({ value: c.id, label: `${c.parent!.name}: ${c.name}` }))}
                      errors={errors()}
                      busy={createState.fetching || updateState.fetching}
                      submitLabel={editing() ? 'Save changes' : 'Save as draft'}
                      onSubmit={submit}
                    />
                  )}
                </Show>
              </Show>
            </Show>
          );
        }}
      </QueryView>
    </>
  );
}

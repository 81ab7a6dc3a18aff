import { A, useLocation } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { BackLink, Banner, QueryView, SummaryList, Tag } from '../../components/Bits';
import { ClosingTag } from '../../components/ClosingTag';
import { ConfirmButton } from '../../components/Confirm';
import { Title } from '../../components/Layout';
import { ResponseRecord } from '../../components/ResponseRecord';
import { SaveToShortlist } from '../../components/SaveToShortlist';
import { ServiceDetails } from '../../components/ServiceDetails';
import { ServiceReviews } from '../../components/ServiceReviews';
import { ages, date, importedFrom, label, price } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';
import { useSession } from '../../lib/session';
import { telHref } from './search-url';

const ServiceQuery = graphql(`
  query Service($id: ID!) {
    node(id: $id) {
      ... on Service {
        id name description eligibility status minAge maxAge deliveryModes unitPricePence unitName commissionable capacity
        evidenceLevel referralLeadTimeDays contactName contactEmail contactPhone website lastReviewedAt stale
        selfReferral importedFrom claimed decommissionedFrom closedToNewRequests
        organisation { id name description website phone email charityNumber responseRecord { requests enough expired acceptedShare medianWorkingDays windowMonths } }
        categories { name parent { name } }
        locations { name address postcode }
        districts { name }
        serviceAreas { name }
        costOptions { amountPence per }
      }
    }
  }
`);

const ClaimMutation = graphql(`
  mutation ClaimImportedService($input: ClaimImportedServiceInput!) {
    claimImportedService(input: $input) {
      __typename
      ... on ClaimImportedServiceSuccess { service { id claimed } }
      ... on Error { message }
    }
  }
`);

const names = (list: readonly { name: string }[]) => list.map((a) => a.name).join(', ');

/** Everything a worker needs to decide whether a service fits. */
export default function ServicePage() {
  const routeId = useRouteId();
  const session = useSession();
  const location = useLocation();
  const forChild = () => new URLSearchParams(location.search).get('child');
  const [result, refetch] = createQuery({ query: ServiceQuery, variables: () => ({ id: routeId()! }) });
  const [, claim] = createMutation(ClaimMutation);
  const [claimMessage, setClaimMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const isCommissioner = () => session.viewer()?.role === 'COMMISSIONER';
  const isProviderOf = (organisationId: string) =>
    session.viewer()?.role === 'PROVIDER' && session.viewer()?.organisation?.id === organisationId;
  const canClaim = () => session.viewer()?.role === 'ADMIN' || session.viewer()?.role === 'COMMISSIONER';
  return (
    <>
      {/* The search this page was opened from travels in its address: back keeps the filters. */}
      <BackLink href={`/${location.search}`}>Back to search</BackLink>
      <QueryView result={result} what="the service" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.node?.__typename === 'Service' ? data.node : null}
            fallback={
              <>
                <Title>Service not found</Title>
                <h1 class="govuk-heading-l">Service not found</h1>
                <p class="govuk-body">It may have been archived.</p>
              </>
            }
          >
            {(s) => (
              <>
                <Title>{s().name}</Title>
                <span class="govuk-caption-l">{s().organisation.name}</span>
                <h1 class="govuk-heading-xl">{s().name}</h1>
                <Show when={s().decommissionedFrom}>
                  <p class="govuk-body">
                    <ClosingTag decommissionedFrom={s().decommissionedFrom} closed={s().closedToNewRequests} />{' '}
                    {s().closedToNewRequests
                      ? 'The partnership no longer commissions this service; live commissions finish.'
                      : 'The partnership is decommissioning this service: no new commissions from that date.'}
                  </p>
                </Show>
                <Show when={s().stale}>
                  <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">
                      !
                    </span>
                    <strong class="govuk-warning-text__text">
                      <span class="govuk-visually-hidden">Warning</span>
                      The provider has not reviewed this listing since {date(s().lastReviewedAt)}. Check the details
                      with them before referring.
                    </strong>
                  </div>
                </Show>
                <Show when={s().status !== 'PUBLISHED'}>
                  <p class="govuk-body">
                    <Tag status={s().status} /> Only your organisation can see this listing.
                  </p>
                </Show>
                <div class="govuk-grid-row">
                  <div class="govuk-grid-column-two-thirds">
                    <p class="govuk-body-l">{s().description}</p>
                    <SummaryList
                      rows={[
                        { key: 'Price', value: price(s().unitPricePence, s().unitName, s().costOptions) },
                        { key: 'Who it is for', value: `${ages(s().minAge, s().maxAge)}. ${s().eligibility}` },
                        { key: 'How it is delivered', value: s().deliveryModes.map(label).join(', ') },
                        {
                          key: 'Categories',
                          // An imported listing may have none of ours (its feed's terms are listed below).
                          value:
                            s()
                              .categories.map((c) => (c.parent ? `${c.parent.name}: ${c.name}` : c.name))
                              .join('; ') || 'None',
                        },
                        {
                          key: 'Places',
                          value:
                            s().capacity == null
                              ? 'No stated limit'
                              : s().capacity === 0
                                ? 'No places free at the moment'
                                : `${s().capacity} free`,
                        },
                        {
                          key: 'Referral lead time',
                          value:
                            s().referralLeadTimeDays == null ? 'Not stated' : `About ${s().referralLeadTimeDays} days`,
                        },
                        {
                          key: 'Referral',
                          value:
                            s().selfReferral == null
                              ? 'Not stated'
                              : s().selfReferral
                                ? 'Families can self-refer'
                                : 'Needs a referral from a professional',
                        },
                        { key: 'Evidence', value: label(s().evidenceLevel) },
                        // Our districts; else the areas an imported feed (or the provider) names; else
                        // the whole borough. Both, when a listing has both, never one against the other.
                        { key: 'Areas', value: names(s().districts) || names(s().serviceAreas) || 'Whole borough' },
                        ...(s().districts.length && s().serviceAreas.length
                          ? [{ key: 'Areas served', value: names(s().serviceAreas) }]
                          : []),
                        { key: 'Last reviewed', value: date(s().lastReviewedAt) },
                      ]}
                    />
                    <ServiceDetails id={s().id} />
                    <h2 class="govuk-heading-m">Where</h2>
                    <Show
                      when={s().locations.length}
                      fallback={
                        <p class="govuk-body">
                          No fixed venue: {s().deliveryModes.map(label).join(', ').toLowerCase()}.
                        </p>
                      }
                    >
                      <ul class="govuk-list">
                        <For each={s().locations}>
                          {(l) => (
                            <li>
                              <strong>{l.name}</strong>
                              <br />
                              {l.address}, {l.postcode}
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </div>
                  <div class="govuk-grid-column-one-third">
                    <Show
                      when={
                        session.viewer()?.role === 'LINK_WORKER' &&
                        s().commissionable &&
                        s().status === 'PUBLISHED' &&
                        !s().closedToNewRequests
                      }
                    >
                      <A
                        href={`/services/${encodeURIComponent(s().id)}/commission${forChild() ? `?child=${encodeURIComponent(forChild()!)}` : ''}`}
                        class="govuk-button"
                        role="button"
                      >
                        Commission for a child
                      </A>
                    </Show>
                    <Show
                      when={
                        canClaim() ||
                        (session.viewer()?.role === 'PROVIDER' &&
                          session.viewer()?.organisation?.id === s().organisation.id)
                      }
                    >
                      <p class="govuk-body">
                        <A href={`/listings/${encodeURIComponent(s().id)}/history`} class="govuk-link">
                          Version history
                        </A>
                      </p>
                    </Show>
                    <Show when={session.viewer()?.role === 'LINK_WORKER' && s().status === 'PUBLISHED'}>
                      <SaveToShortlist serviceId={s().id} childId={forChild() ?? undefined} />
                    </Show>
                    <Show when={claimMessage()}>
                      {(m) => (
                        <div data-testid="claim-banner">
                          <Banner success={m().ok}>
                            <p class="govuk-notification-banner__heading">{m().text}</p>
                          </Banner>
                        </div>
                      )}
                    </Show>
                    <Show when={canClaim() && s().importedFrom && !s().claimed}>
                      <h2 class="govuk-heading-m">Imported listing</h2>
                      <p class="govuk-body">
                        Imported from {importedFrom(s().importedFrom ?? '')}. Its provider cannot edit it here until the
                        partnership claims it.
                      </p>
                      <ConfirmButton
                        look="secondary"
                        label="Claim this listing"
                        confirm="Yes, claim it"
                        warning="Its provider will edit it here, and imports from the other directory will no longer change or withdraw it. This cannot be undone."
                        onConfirm={async () => {
                          const r = await claim({ input: { serviceId: s().id } });
                          const out = r.data?.claimImportedService;
                          setClaimMessage(
                            out?.__typename === 'ClaimImportedServiceSuccess'
                              ? {
                                  ok: true,
                                  text: 'The partnership has claimed this listing. Its provider can now edit it.',
                                }
                              : {
                                  ok: false,
                                  text: out && 'message' in out ? out.message : 'We could not claim it just now.',
                                },
                          );
                        }}
                      />
                    </Show>
                    <h2 class="govuk-heading-m">Contact</h2>
                    <p class="govuk-body">
                      <Show when={s().contactName}>
                        {s().contactName}
                        <br />
                      </Show>
                      <Show when={s().contactPhone}>
                        {(phone) => (
                          <>
                            <a class="govuk-link" href={telHref(phone())}>
                              {phone()}
                            </a>
                            <br />
                          </>
                        )}
                      </Show>
                      <Show when={s().contactEmail}>
                        {(email) => (
                          <>
                            <a class="govuk-link" href={`mailto:${email()}`}>
                              {email()}
                            </a>
                            <br />
                          </>
                        )}
                      </Show>
                      <Show when={s().website}>
                        {(url) => (
                          <a class="govuk-link" href={url()} rel="noopener noreferrer">
                            Website
                          </a>
                        )}
                      </Show>
                    </p>
                    <h2 class="govuk-heading-s">{s().organisation.name}</h2>
                    <p class="govuk-body-s">{s().organisation.description}</p>
                    <ResponseRecord record={s().organisation.responseRecord} class="govuk-body-s" />
                    <Show when={s().organisation.charityNumber}>
                      {(n) => <p class="govuk-body-s">Registered charity {n()}</p>}
                    </Show>
                  </div>
                </div>
                <Show when={isCommissioner() || isProviderOf(s().organisation.id)}>
                  <ServiceReviews
                    serviceId={s().id}
                    commissioner={isCommissioner()}
                    provider={isProviderOf(s().organisation.id)}
                  />
                </Show>
              </>
            )}
          </Show>
        )}
      </QueryView>
    </>
  );
}

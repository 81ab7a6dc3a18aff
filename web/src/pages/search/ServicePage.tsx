import { A, useLocation } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { BackLink, QueryView, SummaryList, Tag } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { ServiceDetails } from '../../components/ServiceDetails';
import { date, label, price } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';
import { useSession } from '../../lib/session';

const ServiceQuery = graphql(`
  query Service($id: ID!) {
    node(id: $id) {
      ... on Service {
        id name description eligibility status minAge maxAge deliveryModes unitPricePence unitName commissionable capacity
        evidenceLevel referralLeadTimeDays contactName contactEmail contactPhone website lastReviewedAt stale
        organisation { name description website phone email charityNumber }
        categories { name parent { name } }
        locations { name address postcode }
        districts { name }
      }
    }
  }
`);

/** Everything a worker needs to decide whether a service fits. */
export default function ServicePage() {
  const routeId = useRouteId();
  const session = useSession();
  const location = useLocation();
  const forChild = () => new URLSearchParams(location.search).get('child');
  const [result, refetch] = createQuery({ query: ServiceQuery, variables: () => ({ id: routeId()! }) });
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
                        { key: 'Price', value: price(s().unitPricePence, s().unitName) },
                        { key: 'Who it is for', value: `Ages ${s().minAge} to ${s().maxAge}. ${s().eligibility}` },
                        { key: 'How it is delivered', value: s().deliveryModes.map(label).join(', ') },
                        {
                          key: 'Categories',
                          value: s()
                            .categories.map((c) => (c.parent ? `${c.parent.name}: ${c.name}` : c.name))
                            .join('; '),
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
                        { key: 'Evidence', value: label(s().evidenceLevel) },
                        {
                          key: 'Areas',
                          value: s().districts.length
                            ? s()
                                .districts.map((d) => d.name)
                                .join(', ')
                            : 'Whole borough',
                        },
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
                        session.viewer()?.role === 'LINK_WORKER' && s().commissionable && s().status === 'PUBLISHED'
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
                    <h2 class="govuk-heading-m">Contact</h2>
                    <p class="govuk-body">
                      <Show when={s().contactName}>
                        {s().contactName}
                        <br />
                      </Show>
                      <Show when={s().contactPhone}>
                        {s().contactPhone}
                        <br />
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
                    <Show when={s().organisation.charityNumber}>
                      {(n) => <p class="govuk-body-s">Registered charity {n()}</p>}
                    </Show>
                  </div>
                </div>
              </>
            )}
          </Show>
        )}
      </QueryView>
    </>
  );
}

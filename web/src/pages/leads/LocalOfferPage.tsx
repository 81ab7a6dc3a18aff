import { A, useParams, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { QueryView, Tag } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';

// The local offer digest, made to be printed: the print stylesheet hides the navigation, starts
// each category on a new page and prints each link's address.

const DistrictsQuery = graphql(`query LocalOfferDistricts { localOfferDistricts { districtId name } }`);
const OfferQuery = graphql(`
  query LocalOffer($districtId: Int!, $schoolId: Int) {
    localOffer(districtId: $districtId, schoolId: $schoolId) {
      districtId districtName schoolName generatedAt since pdfPath
      categories { name services { name organisation description path contact howToRefer change } }
      withdrawn { name }
    }
  }
`);

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

/** /local-offer: the districts whose digest the viewer may read. */
export function LocalOfferIndexPage() {
  const [result, refetch] = createQuery({ query: DistrictsQuery });
  return (
    <>
      <Title>Local offer</Title>
      <h1 class="govuk-heading-xl">Local offer</h1>
      <p class="govuk-body">The services serving each district, to print or download as a PDF.</p>
      <QueryView result={result} what="districts" retry={() => refetch()}>
        {(data) => (
          <ul class="govuk-list">
            <For each={data.localOfferDistricts} fallback={<li>There is no district for you to see.</li>}>
              {(d) => (
                <li>
                  <A class="govuk-link" href={`/local-offer/${d.districtId}`}>
                    {d.name}
                  </A>
                </li>
              )}
            </For>
          </ul>
        )}
      </QueryView>
    </>
  );
}

/** /local-offer/:district[?school=id]: the digest. */
export default function LocalOfferPage() {
  const params = useParams();
  const [search] = useSearchParams();
  const districtId = () => (/^\d{1,9}$/.test(params.district ?? '') ? Number(params.district) : -1);
  const schoolId = () => (/^\d{1,9}$/.test(String(search.school ?? '')) ? Number(search.school) : null);
  const [result, refetch] = createQuery({
    query: OfferQuery,
    variables: () => ({ districtId: districtId(), schoolId: schoolId() }),
  });
  const absolute = (path: string) => new URL(path, window.location.origin).toString();
  return (
    <QueryView result={result} what="the local offer" retry={() => refetch()}>
      {(data) => (
        <Show
          when={data.localOffer}
          fallback={
            <>
              <Title>Local offer not found</Title>
              <h1 class="govuk-heading-l">Local offer not found</h1>
              <p class="govuk-body">There is no district here that you can see.</p>
            </>
          }
        >
          {(offer) => {
            const all = () => offer().categories.flatMap((c) => c.services);
            const count = (change: string) => all().filter((s) => s.change === change).length;
            return (
              <div class="app-offer">
                <Title>{`Local offer: ${offer().schoolName ?? offer().districtName}`}</Title>
                <h1 class="govuk-heading-xl">Local offer: {offer().schoolName ?? offer().districtName}</h1>
                <Show when={offer().schoolName}>
                  <p class="govuk-body-l">The services serving {offer().districtName}</p>
                </Show>
                <p class="govuk-body">
                  {all().length} services in {offer().categories.length} categories, on {day(offer().generatedAt)}.{' '}
                  <Show
                    when={offer().since}
                    fallback={<>No digest has been sent before, so nothing is marked as new or changed.</>}
                  >
                    {(since) => (
                      <>
                        Since the last digest ({day(since())}): {count('NEW')} new, {count('CHANGED')} changed,{' '}
                        {offer().withdrawn.length} withdrawn.
                      </>
                    )}
                  </Show>
                </p>
                <p class="govuk-body">
                  To refer a child, a link worker opens the service’s page on the portal and raises a commission there.
                </p>
                <div class="app-no-print govuk-button-group">
                  <button type="button" class="govuk-button" onClick={() => window.print()}>
                    Print this page
                  </button>
                  <a class="govuk-button govuk-button--secondary" href={offer().pdfPath} download="">
                    Download as PDF
                  </a>
                </div>
                <For each={offer().categories}>
                  {(category) => (
                    <section class="app-offer-category">
                      <h2 class="govuk-heading-l">{category.name}</h2>
                      <For each={category.services}>
                        {(s) => (
                          <div class="app-offer-service">
                            <h3 class="govuk-heading-m">
                              {s.name}{' '}
                              <Show when={s.change}>
                                {(c) => (
                                  <Tag
                                    status={c() === 'NEW' ? 'ACCEPTED' : 'APPROVED'}
                                    text={c() === 'NEW' ? 'New' : 'Changed'}
                                  />
                                )}
                              </Show>
                            </h3>
                            <p class="govuk-body govuk-!-font-weight-bold">{s.organisation}</p>
                            <p class="govuk-body">{s.description}</p>
                            <p class="govuk-body">How to refer: {s.howToRefer}</p>
                            <Show when={s.contact.length}>
                              <p class="govuk-body">Contact: {s.contact.join(', ')}</p>
                            </Show>
                            <p class="govuk-body">
                              <a class="govuk-link" href={absolute(s.path)}>
                                {s.name} on the portal
                              </a>
                            </p>
                          </div>
                        )}
                      </For>
                    </section>
                  )}
                </For>
                <Show when={offer().withdrawn.length}>
                  <section class="app-offer-category">
                    <h2 class="govuk-heading-l">Withdrawn since the last digest</h2>
                    <ul class="govuk-list govuk-list--bullet">
                      <For each={offer().withdrawn}>{(w) => <li>{w.name}</li>}</For>
                    </ul>
                  </section>
                </Show>
              </div>
            );
          }}
        </Show>
      )}
    </QueryView>
  );
}

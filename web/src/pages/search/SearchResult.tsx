import { For, Show } from 'solid-js';
import { Tag } from '../../components/Bits';
import { ClosingTag } from '../../components/ClosingTag';
import { ResponseRecord, type ResponseRecordData } from '../../components/ResponseRecord';
import { SaveToShortlist } from '../../components/SaveToShortlist';
import { ages, type FamilyCost, miles, price } from '../../lib/format';
import { type Opening, openingLine, telHref } from './search-url';

export type ResultNode = {
  id: string;
  name: string;
  unitPricePence: number | null;
  unitName: string | null;
  capacity: number | null;
  distanceKm: number | null;
  stale: boolean;
  commissionable: boolean;
  decommissionedFrom: string | null;
  closedToNewRequests: boolean;
  minAge: number;
  maxAge: number;
  selfReferral: boolean | null;
  contactPhone: string | null;
  contacts: { phones: { number: string }[] }[];
  schedules: Opening[];
  /** What families pay: a card says so rather than "Free". */
  costOptions: FamilyCost[];
  organisation: { name: string; responseRecord?: ResponseRecordData };
  categories: { name: string }[];
};

/** One search result: what it is, what it costs, when it is open, how to call, who may refer. */
export function SearchResult(props: {
  node: ResultNode;
  search: string;
  /** Link workers and commissioners commission; other roles are not told where they could. */
  commissioning: boolean;
  /** Link workers save results to their shortlists. */
  linkWorker?: boolean;
  index?: number;
}) {
  const phone = () => props.node.contactPhone ?? props.node.contacts.flatMap((c) => c.phones)[0]?.number ?? null;
  return (
    <li class="app-result">
      <h2 class="govuk-heading-m govuk-!-margin-bottom-1">
        {/* A plain link (the router still follows it in the page): the router's <A> costs a few
            reactive computations per result, which add up over a page of results. */}
        <a href={`/services/${encodeURIComponent(props.node.id)}${props.search}`} class="govuk-link">
          {props.node.name}
        </a>
      </h2>
      <p class="govuk-body-s govuk-!-margin-bottom-1">
        {props.node.organisation.name} · {props.node.categories.map((c) => c.name).join(', ')}
      </p>
      <p class="govuk-body-s govuk-!-margin-bottom-1">
        <strong>{price(props.node.unitPricePence, props.node.unitName, props.node.costOptions)}</strong>
        {' · '}
        {ages(props.node.minAge, props.node.maxAge)}
        {' · '}
        {props.node.capacity == null
          ? 'No stated limit on places'
          : props.node.capacity === 0
            ? 'No places free'
            : `${props.node.capacity} places free`}
        <Show when={props.node.distanceKm != null}>{` · ${miles(props.node.distanceKm ?? 0)} away`}</Show>
      </p>
      <ResponseRecord record={props.node.organisation.responseRecord} />
      <Show when={props.node.schedules.length > 0}>
        <p class="govuk-body-s govuk-!-margin-bottom-1" data-testid="opening-times">
          Open <For each={props.node.schedules}>{(o, i) => `${i() ? '; ' : ''}${openingLine(o)}`}</For>
        </p>
      </Show>
      <Show when={phone()}>
        {(number) => (
          <p class="govuk-body-s govuk-!-margin-bottom-1">
            Telephone:{' '}
            <a class="govuk-link" href={telHref(number())}>
              {number()}
            </a>
          </p>
        )}
      </Show>
      <Show when={props.node.selfReferral != null}>
        <p class="govuk-body-s govuk-!-margin-bottom-1" data-testid="referral">
          <strong>
            {props.node.selfReferral ? 'Families can self-refer' : 'Needs a referral from a professional'}
          </strong>
        </p>
      </Show>
      <ClosingTag decommissionedFrom={props.node.decommissionedFrom} closed={props.node.closedToNewRequests} />{' '}
      <Show when={props.node.commissionable && !props.node.closedToNewRequests && props.commissioning}>
        <Tag status="ACCEPTED" text="Commission here" />{' '}
      </Show>
      <Show when={props.node.stale}>
        <Tag status="STALE" text="Not reviewed for 6 months" />
      </Show>
      <Show when={props.linkWorker}>
        <details class="govuk-details govuk-!-margin-top-2 govuk-!-margin-bottom-0">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">
              Save to shortlist<span class="govuk-visually-hidden"> {props.node.name}</span>
            </span>
          </summary>
          <div class="govuk-details__text">
            <SaveToShortlist
              serviceId={props.node.id}
              idSuffix={String(props.index ?? 0)}
              serviceName={props.node.name}
            />
          </div>
        </details>
      </Show>
    </li>
  );
}

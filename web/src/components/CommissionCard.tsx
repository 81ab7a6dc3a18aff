import { A } from '@solidjs/router';
import { type JSX, Show } from 'solid-js';
import { commissionAmount, date, dateTime, paidOnCompletion } from '../lib/format';
import { Tag } from './Bits';
import { closingReason, commissionHref, Timeline } from './Timeline';

export type CommissionView = {
  id: string;
  reference: string;
  status: string;
  units: number;
  unitPricePence: number;
  amountPence: number;
  unitsDelivered: number;
  /** Absent for providers: the link worker's reasons are for link workers and commissioners. */
  rationale?: string | null;
  requestToProvider: string;
  createdAt: string;
  /** While the provider has yet to accept or decline: the last day to answer. */
  respondBy?: string | null;
  /** Set while the family's consent is withdrawn. */
  pausedAt?: string | null;
  /** A place beyond the contract's block, charged to the child's budget. */
  stretch?: boolean;
  /** The block contract it was raised under: its places are paid by the contract. */
  contract?: { reference: string; pricePerPlacePence: number } | null;
  service: { name: string; unitName: string | null };
  organisation: { name: string };
  child?: { reference: string; firstName?: string | null; school?: { name: string } } | null;
  events: { at: string; action: string; note: string; actor: { name: string } | null }[];
};

/** One commission: what, for whom, how far along, and its timeline. */
export function CommissionCard(props: {
  c: CommissionView;
  children?: JSX.Element;
  headingLevel?: 'h2' | 'h3';
  /** The list's own address, for the commission's back link. */
  back?: string;
}) {
  const heading = () => (
    <A href={commissionHref(props.c.id, props.back)} class="govuk-link">
      {props.c.service.name} – {props.c.organisation.name}
    </A>
  );
  const raised = () => props.c.events[0];
  const reason = () => closingReason(props.c.status, props.c.events);
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <Show when={props.headingLevel === 'h3'} fallback={<h2 class="govuk-summary-card__title">{heading()}</h2>}>
          <h3 class="govuk-summary-card__title">{heading()}</h3>
        </Show>
        <div>
          <Tag status={props.c.status} />
          <Show when={props.c.pausedAt}>
            {' '}
            <Tag status="PAUSED" text="Paused: consent withdrawn" />
          </Show>
        </div>
      </div>
      <div class="govuk-summary-card__content">
        <dl class="govuk-summary-list">
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Reference</dt>
            <dd class="govuk-summary-list__value">
              <strong class="app-reference">{props.c.reference}</strong>
            </dd>
          </div>
          <Show when={props.c.child}>
            {(child) => (
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">Child</dt>
                <dd class="govuk-summary-list__value">
                  {child().reference}
                  {child().firstName ? ` (${child().firstName})` : ''}
                  {child().school ? `, ${child().school!.name}` : ''}
                </dd>
              </div>
            )}
          </Show>
          <Show when={props.c.respondBy}>
            {(by) => (
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">Provider to answer by</dt>
                <dd class="govuk-summary-list__value">{date(by())}</dd>
              </div>
            )}
          </Show>
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Amount</dt>
            <dd class="govuk-summary-list__value">{commissionAmount(props.c)}</dd>
          </div>
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Delivered</dt>
            <dd class="govuk-summary-list__value">
              {props.c.unitsDelivered} of {props.c.units}
            </dd>
          </div>
          {/* Places under a contract cost the child nothing: the contract's payment runs pay them. */}
          <Show when={props.c.status === 'COMPLETED' && props.c.unitPricePence > 0}>
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Paid</dt>
              <dd class="govuk-summary-list__value">{paidOnCompletion(props.c)}</dd>
            </div>
          </Show>
          <Show when={props.c.rationale}>
            {(why) => (
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">Why (not shown to the provider)</dt>
                <dd class="govuk-summary-list__value">{why()}</dd>
              </div>
            )}
          </Show>
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Asked of the provider</dt>
            <dd class="govuk-summary-list__value">{props.c.requestToProvider}</dd>
          </div>
          <Show when={raised()}>
            {(e) => (
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">Raised</dt>
                <dd class="govuk-summary-list__value">
                  by {e().actor?.name ?? 'the portal'}, {dateTime(e().at)}
                </dd>
              </div>
            )}
          </Show>
          <Show when={reason()}>
            {(r) => (
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">Reason</dt>
                <dd class="govuk-summary-list__value">{r()}</dd>
              </div>
            )}
          </Show>
        </dl>
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Timeline ({props.c.events.length})</span>
          </summary>
          <div class="govuk-details__text">
            <Timeline events={props.c.events} />
          </div>
        </details>
        {props.children}
      </div>
    </div>
  );
}

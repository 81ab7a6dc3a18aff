import { For, type JSX, Show } from 'solid-js';
import { dateTime, label, money } from '../lib/format';
import { Tag } from './Bits';

export type CommissionView = {
  id: string;
  status: string;
  units: number;
  unitPricePence: number;
  amountPence: number;
  unitsDelivered: number;
  /** Absent for providers: the link worker's reasons are for link workers and commissioners. */
  rationale?: string | null;
  requestToProvider: string;
  createdAt: string;
  service: { name: string; unitName: string | null };
  organisation: { name: string };
  child?: { reference: string; firstName?: string | null; school?: { name: string } } | null;
  events: { at: string; action: string; note: string; actor: { name: string } }[];
};

/** One commission: what, for whom, how far along, and its timeline. */
export function CommissionCard(props: { c: CommissionView; children?: JSX.Element; headingLevel?: 'h2' | 'h3' }) {
  const heading = () => `${props.c.service.name} – ${props.c.organisation.name}`;
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <Show when={props.headingLevel === 'h3'} fallback={<h2 class="govuk-summary-card__title">{heading()}</h2>}>
          <h3 class="govuk-summary-card__title">{heading()}</h3>
        </Show>
        <Tag status={props.c.status} />
      </div>
      <div class="govuk-summary-card__content">
        <dl class="govuk-summary-list">
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
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Amount</dt>
            <dd class="govuk-summary-list__value">
              {props.c.units} {props.c.service.unitName ?? 'unit'}s × {money(props.c.unitPricePence)} ={' '}
              <strong>{money(props.c.amountPence)}</strong>
            </dd>
          </div>
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Delivered</dt>
            <dd class="govuk-summary-list__value">
              {props.c.unitsDelivered} of {props.c.units}
            </dd>
          </div>
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
        </dl>
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Timeline ({props.c.events.length})</span>
          </summary>
          <div class="govuk-details__text">
            <ol class="app-timeline">
              <For each={props.c.events}>
                {(e) => (
                  <li>
                    <strong>{label(e.action)}</strong> by {e.actor.name}, {dateTime(e.at)}
                    <Show when={e.note}>
                      <br />
                      <span class="govuk-body-s">{e.note}</span>
                    </Show>
                  </li>
                )}
              </For>
            </ol>
          </div>
        </details>
        {props.children}
      </div>
    </div>
  );
}

import { Show } from 'solid-js';
import { money, placesFromContract, tooFewPlaces } from '../lib/format';
import { type Budget, SummaryList } from './Bits';

/** What a commission would cost and what the child's budget would have left, before confirming. */
export function BudgetPreview(props: {
  budget: Budget;
  unitPricePence: number;
  units: number;
  delegatedLimitPence: number;
  /** The family's consent is not in force: nothing is approved, straight away or otherwise, until it is. */
  consentMissing?: boolean;
  /** The block contract the places come from: they cost the child's budget nothing. */
  contract?: { reference: string; placesLeft: number } | null;
}) {
  const count = () => (Number.isInteger(props.units) && props.units > 0 ? props.units : 0);
  const amount = () => (props.contract ? 0 : count() * props.unitPricePence);
  // More places than the contract has left: the server refuses them, so say so before sending.
  const placesShort = () => (props.contract && count() > props.contract.placesLeft ? props.contract : null);
  const after = () => props.budget.availablePence - amount();
  return (
    <div aria-live="polite" data-testid="budget-preview">
      <SummaryList
        rows={[
          {
            key: 'Cost',
            value: props.contract
              ? placesFromContract(count(), props.contract.reference)
              : `${count()} × ${money(props.unitPricePence)} = ${money(amount())}`,
          },
          { key: 'Available now', value: money(props.budget.availablePence) },
          { key: 'Available after', value: <strong>{money(after())}</strong> },
        ]}
      />
      <Show when={after() < 0}>
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            This is {money(-after())} more than the child’s budget has available.
          </strong>
        </div>
      </Show>
      <Show when={placesShort()}>
        {(c) => (
          <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong class="govuk-warning-text__text">
              <span class="govuk-visually-hidden">Warning</span>
              {tooFewPlaces(c())}.
            </strong>
          </div>
        )}
      </Show>
      <Show when={props.consentMissing}>
        <p class="govuk-inset-text">It cannot be sent until the family’s consent to share details is recorded.</p>
      </Show>
      <Show when={!props.consentMissing && after() >= 0 && amount() > props.delegatedLimitPence}>
        <p class="govuk-inset-text">
          Over {money(props.delegatedLimitPence)}, so a commissioner must approve it before the provider sees it.
        </p>
      </Show>
      <Show when={!props.consentMissing && props.contract && count() > 0 && !placesShort()}>
        <p class="govuk-inset-text">Places under a contract are approved straight away.</p>
      </Show>
      <Show when={!props.consentMissing && after() >= 0 && amount() > 0 && amount() <= props.delegatedLimitPence}>
        <p class="govuk-inset-text">
          Within the {money(props.delegatedLimitPence)} limit, so it is approved straight away.
        </p>
      </Show>
    </div>
  );
}

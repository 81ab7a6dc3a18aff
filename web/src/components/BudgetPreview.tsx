import { Show } from 'solid-js';
import { money } from '../lib/format';
import { type Budget, SummaryList } from './Bits';

/** What a commission would cost and what the child's budget would have left, before confirming. */
export function BudgetPreview(props: {
  budget: Budget;
  unitPricePence: number;
  units: number;
  delegatedLimitPence: number;
  /** The family's consent is not in force: nothing is approved, straight away or otherwise, until it is. */
  consentMissing?: boolean;
}) {
  const amount = () => (Number.isInteger(props.units) && props.units > 0 ? props.units * props.unitPricePence : 0);
  const after = () => props.budget.availablePence - amount();
  return (
    <div aria-live="polite" data-testid="budget-preview">
      <SummaryList
        rows={[
          {
            key: 'Cost',
            value: `${Math.max(props.units, 0)} × ${money(props.unitPricePence)} = ${money(amount())}`,
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
      <Show when={props.consentMissing}>
        <p class="govuk-inset-text">It cannot be sent until the family’s consent to share details is recorded.</p>
      </Show>
      <Show when={!props.consentMissing && after() >= 0 && amount() > props.delegatedLimitPence}>
        <p class="govuk-inset-text">
          Over {money(props.delegatedLimitPence)}, so a commissioner must approve it before the provider sees it.
        </p>
      </Show>
      <Show when={!props.consentMissing && after() >= 0 && amount() > 0 && amount() <= props.delegatedLimitPence}>
        <p class="govuk-inset-text">
          Within the {money(props.delegatedLimitPence)} limit, so it is approved straight away.
        </p>
      </Show>
    </div>
  );
}

// @vitest-environment jsdom
import { cleanup, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import '../setup/no-console-errors';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetPreview } from '../../web/src/components/BudgetPreview';

const budget = { allocatedPence: 95000, reservedPence: 12000, spentPence: 3000, availablePence: 80000 };

afterEach(cleanup);

describe('BudgetPreview', () => {
  it('shows the cost and what the budget has left after it', () => {
    render(() => <BudgetPreview budget={budget} unitPricePence={4500} units={4} delegatedLimitPence={25000} />);
    const preview = screen.getByTestId('budget-preview');
    expect(preview.textContent).toContain('4 × £45.00 = £180.00');
    expect(preview.textContent).toContain('£800.00');
    expect(preview.textContent).toContain('£620.00');
    expect(preview.textContent).toMatch(/approved straight away/);
  });

  it('for a child without consent in force, promises no approval: it says consent comes first', () => {
    render(() => (
      <BudgetPreview budget={budget} unitPricePence={4500} units={4} delegatedLimitPence={25000} consentMissing />
    ));
    const text = screen.getByTestId('budget-preview').textContent;
    expect(text).toMatch(/cannot be sent until the family’s consent to share details is recorded/);
    expect(text).not.toMatch(/approved straight away|commissioner must approve/);
  });

  it('warns, with the shortfall, when the commission is more than is available', () => {
    render(() => <BudgetPreview budget={budget} unitPricePence={4500} units={20} delegatedLimitPence={25000} />);
    expect(screen.getByTestId('budget-preview').textContent).toMatch(
      /This is £100\.00 more than the child’s budget has available/,
    );
  });

  it('says a commissioner must approve amounts over the delegated limit', () => {
    render(() => <BudgetPreview budget={budget} unitPricePence={4500} units={8} delegatedLimitPence={25000} />);
    expect(screen.getByTestId('budget-preview').textContent).toMatch(
      /Over £250\.00, so a commissioner must approve it/,
    );
  });

  it('follows the units as they are typed, and treats nonsense as nothing', () => {
    const [units, setUnits] = createSignal(1);
    render(() => <BudgetPreview budget={budget} unitPricePence={4500} units={units()} delegatedLimitPence={25000} />);
    expect(screen.getByTestId('budget-preview').textContent).toContain('= £45.00');
    setUnits(3);
    expect(screen.getByTestId('budget-preview').textContent).toContain('= £135.00');
    setUnits(-2);
    expect(screen.getByTestId('budget-preview').textContent).toContain('0 × £45.00 = £0.00');
  });

  it('under a contract, says the places come from it and cost the budget nothing (not "0 × £45.00")', () => {
    const contract = { reference: 'BC-7', placesLeft: 8 };
    render(() => (
      <BudgetPreview budget={budget} unitPricePence={4500} units={8} delegatedLimitPence={25000} contract={contract} />
    ));
    const text = screen.getByTestId('budget-preview').textContent;
    expect(text).toContain('8 places under contract BC-7, nothing from the child’s budget');
    expect(text).not.toMatch(/× £|more than the contract|has only/);
    expect(text).toContain('Available after£800.00');
  });

  it('warns when more places are asked for than the contract has left', () => {
    const contract = { reference: 'BC-7', placesLeft: 8 };
    render(() => (
      <BudgetPreview budget={budget} unitPricePence={4500} units={9} delegatedLimitPence={25000} contract={contract} />
    ));
    expect(screen.getByTestId('budget-preview').textContent).toMatch(
      /Contract BC-7 has only 8 places left: ask for 8 or fewer, or pay from the child’s budget/,
    );
  });
});

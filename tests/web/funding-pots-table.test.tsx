// @vitest-environment jsdom
import { cleanup, render, screen } from '@solidjs/testing-library';
import '../setup/no-console-errors';
import { afterEach, describe, expect, it } from 'vitest';
import { FundingPotsTable } from '../../web/src/components/FundingPotsTable';

afterEach(cleanup);
// jsdom lays nothing out: TableBox's watch for a table wider than the screen has nothing to see.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

// After an early close the commissioner's Funding page showed a pots table with headers and no rows
// and no word why, while the children beside it showed hundreds of pounds allocated (audit, stop 52).
describe('FundingPotsTable', () => {
  it('says why a period has no pots, in the words the page gives, across every column', () => {
    const why = 'No pots this period yet. Money carried forward stays in children’s budgets.';
    render(() => <FundingPotsTable pots={[]} withHistory empty={why} />);
    const cell = screen.getByText(why);
    expect(cell.tagName).toBe('TD');
    expect(cell.getAttribute('colspan')).toBe('7');
  });

  it('says so plainly where the page gives no words (a district lead)', () => {
    render(() => <FundingPotsTable pots={[]} title="Your district’s pots" />);
    expect(screen.getByText('No pots this period yet.').getAttribute('colspan')).toBe('6');
  });

  it('shows no such row when there are pots', () => {
    const pot = { id: 'P1', name: 'Council fund', source: 'COUNCIL', totalPence: 100_000 };
    const row = { ...pot, allocatedPence: 0, contractCommittedPence: 0, remainingPence: 100_000 };
    render(() => <FundingPotsTable pots={[row]} />);
    expect(screen.queryByText('No pots this period yet.')).toBeNull();
    expect(screen.getByText('Council fund').tagName).toBe('TH');
  });
});

import { describe, expect, it } from 'vitest';
import { outcomesCsv, type Row } from '../../web/src/pages/commissioner/outcomes-csv';

// The outcomes download says "fewer than 10" where the page does: a withheld count is not a
// blank a spreadsheet would read as missing or zero.
const row = (over: Partial<Row>): Row => ({
  service: { id: 'S1', name: 'Family therapy', organisation: { name: 'Riverside' } },
  suppressed: false,
  children: 15,
  reliablyImproved: 9,
  shareImproved: 0.6,
  shareLower: 0.36,
  shareUpper: 0.8,
  spendPence: 270000,
  costPerImprovedChildPence: 30000,
  comparisonSuppressed: false,
  comparisonChildren: 40,
  comparisonShare: 0.4,
  comparisonLower: 0.26,
  comparisonUpper: 0.55,
  ...over,
});

describe('outcomesCsv', () => {
  it('writes "fewer than 10" for a withheld count and its comparison, and no figure', () => {
    const hidden = row({
      service: { id: 'S2', name: 'Circus club', organisation: { name: 'Catford Circus' } },
      suppressed: true,
      children: null,
      reliablyImproved: null,
      shareImproved: null,
      shareLower: null,
      shareUpper: null,
      spendPence: null,
      costPerImprovedChildPence: null,
      comparisonSuppressed: true,
      comparisonChildren: null,
      comparisonShare: null,
      comparisonLower: null,
      comparisonUpper: null,
    });
    const lines = outcomesCsv([row({}), hidden]).split('\r\n');
    expect(lines[1]).toBe('Family therapy,Riverside,no,15,9,0.6,0.36,0.8,no,40,0.4,0.26,0.55,270000,30000');
    expect(lines[2]).toBe('Circus club,Catford Circus,yes,fewer than 10,,,,,yes,fewer than 10,,,,,');
  });
});

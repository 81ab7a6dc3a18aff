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
    expect(lines[1]).toBe('Family therapy,Riverside,no,15,9,60.0,36.0,80.0,no,40,40.0,26.0,55.0,2700.00,300.00');
    expect(lines[2]).toBe('Circus club,Catford Circus,yes,fewer than 10,,,,,yes,fewer than 10,,,,,');
  });

  it('is in pounds and percentages, as the page and the other exports are, and opens in Excel as UTF-8', () => {
    const text = outcomesCsv([
      row({ shareImproved: 0.6363636363636364, spendPence: 84_000, costPerImprovedChildPence: 12_001 }),
    ]);
    // The byte-order mark first: without it Excel shows "Children’s" as "Childrenâ€™s".
    expect(text.startsWith('\uFEFFservice,provider,')).toBe(true);
    const [head, line] = text.slice(1).split('\r\n');
    const cells = Object.fromEntries(head!.split(',').map((k, i) => [k, line!.split(',')[i]]));
    expect(cells).toMatchObject({
      percentImproved: '63.6',
      spendPounds: '840.00',
      costPerImprovedChildPounds: '120.01',
    });
  });
});

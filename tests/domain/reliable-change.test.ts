import { describe, expect, it } from 'vitest';
import { SHIPPED_MEASURES } from '../../schema/domain/measures';
import { changeOf, costPerImproved, SUPPRESS_BELOW, shareOf } from '../../schema/domain/outcomes';
import {
  classifyChange,
  reliableChangeIndex,
  standardErrorOfDifference,
  wilsonInterval,
} from '../../schema/domain/reliable-change';

const measure = (code: string) => SHIPPED_MEASURES.find((m) => m.code === code)!;
const scores = (...xs: [string, number, string?][]) =>
  xs.map(([measuredOn, score, item = ''], id) => ({ id, measuredOn, score, item }));

describe('Jacobson-Truax reliable change (hand-computed)', () => {
  // SDQ total: SD 5.8, r 0.82. SE = 5.8 x sqrt(0.18); S_diff = sqrt(2 SE^2) = 5.8 x sqrt(0.36) = 3.48.
  it('S_diff and RCI for SDQ total', () => {
    expect(standardErrorOfDifference(5.8, 0.82)).toBeCloseTo(3.48, 10);
    expect(reliableChangeIndex(measure('SDQ_TOTAL'), 20, 12)).toBeCloseTo(-8 / 3.48, 10); // -2.2989
    expect(reliableChangeIndex(measure('SWEMWBS'), 15, 20)).toBeNull(); // threshold measure
  });

  it('classifies by direction: lower is better for SDQ, higher for SWEMWBS and GBO', () => {
    const sdq = measure('SDQ_TOTAL');
    expect(classifyChange(sdq, 20, 12)).toBe('RELIABLY_IMPROVED'); // -8 / 3.48 = -2.30
    expect(classifyChange(sdq, 20, 13)).toBe('RELIABLY_IMPROVED'); // -7 / 3.48 = -2.01
    expect(classifyChange(sdq, 20, 14)).toBe('NO_RELIABLE_CHANGE'); // -6 / 3.48 = -1.72
    expect(classifyChange(sdq, 20, 27)).toBe('RELIABLY_DETERIORATED'); // +7 / 3.48 = 2.01
    const swemwbs = measure('SWEMWBS'); // published threshold: 3 points
    expect(classifyChange(swemwbs, 15, 18)).toBe('RELIABLY_IMPROVED');
    expect(classifyChange(swemwbs, 15, 17)).toBe('NO_RELIABLE_CHANGE');
    expect(classifyChange(swemwbs, 20, 17)).toBe('RELIABLY_DETERIORATED');
  });

  it('SDQ baseline to latest, with the move from the clinical (17+) to the typical range', () => {
    const c = changeOf(measure('SDQ_TOTAL'), scores(['2025-09-15', 20], ['2026-03-01', 16], ['2026-09-15', 12]))!;
    expect(c).toMatchObject({ baseline: 20, latest: 12, change: -8, classification: 'RELIABLY_IMPROVED' });
    expect(c).toMatchObject({ baselineClinical: true, latestClinical: false, movedToTypical: true });
    expect(changeOf(measure('SDQ_TOTAL'), scores(['2025-09-15', 20]))).toBeNull();
    expect(changeOf(measure('SWEMWBS'), scores(['2025-09-15', 20], ['2026-09-15', 25]))!.movedToTypical).toBeNull();
  });

  it('GBO: the mean over goals scored at both ends, against the 2.45 threshold', () => {
    const gbo = measure('GBO');
    // Goal A 2 -> 6, goal B 3 -> 5, goal C only once: mean 2.5 -> 5.5, change 3 >= 2.45.
    const c = changeOf(
      gbo,
      scores(
        ['2026-01-01', 2, 'A'],
        ['2026-01-01', 3, 'B'],
        ['2026-01-01', 1, 'C'],
        ['2026-06-01', 6, 'A'],
        ['2026-06-01', 5, 'B'],
      ),
    )!;
    expect(c).toMatchObject({ baseline: 2.5, latest: 5.5, change: 3, classification: 'RELIABLY_IMPROVED' });
    // 2 -> 4 and 3 -> 5: change 2 < 2.45.
    expect(
      changeOf(
        gbo,
        scores(['2026-01-01', 2, 'A'], ['2026-01-01', 3, 'B'], ['2026-06-01', 4, 'A'], ['2026-06-01', 5, 'B']),
      )!.classification,
    ).toBe('NO_RELIABLE_CHANGE');
  });

  it('a window keeps the baseline on or before, and the follow-up on or after, a date', () => {
    const list = scores(['2026-01-01', 20], ['2026-02-01', 18], ['2026-06-01', 10]);
    expect(changeOf(measure('SDQ_TOTAL'), list, { baselineBy: '2026-01-15', followUpFrom: '2026-01-15' })!.latest).toBe(
      10,
    );
    expect(changeOf(measure('SDQ_TOTAL'), list, { baselineBy: '2025-12-31' })).toBeNull();
    expect(changeOf(measure('SDQ_TOTAL'), list, { followUpFrom: '2026-07-01' })).toBeNull();
  });
});

describe('Wilson 95% interval (hand-computed, z = 1.96)', () => {
  it('5 of 10: centre 0.5, half-width 1.96 x sqrt(0.025 + 0.009604) / 1.38416 = 0.26341', () => {
    const ci = wilsonInterval(5, 10)!;
    expect(ci.lower).toBeCloseTo(0.23659, 5);
    expect(ci.upper).toBeCloseTo(0.76341, 5);
  });
  it('0 of 10 and 10 of 10: 0 to 0.27754 and 0.72246 to 1', () => {
    expect(wilsonInterval(0, 10)!.lower).toBe(0);
    expect(wilsonInterval(0, 10)!.upper).toBeCloseTo(0.27754, 5);
    expect(wilsonInterval(10, 10)!.lower).toBeCloseTo(0.72246, 5);
    expect(wilsonInterval(10, 10)!.upper).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('suppression and cost per reliably improved child', () => {
  it('suppresses fewer than 10 children: 9 hidden, 10 shown', () => {
    expect(SUPPRESS_BELOW).toBe(10);
    expect(shareOf(9, 9)).toBeNull();
    expect(shareOf(3, 10)).toMatchObject({ children: 10, improved: 3, share: 0.3 });
  });
  it('zero improved: null; one improved: the whole spend; all improved: spend / n, rounded to the penny', () => {
    expect(costPerImproved(450_000, 0)).toBeNull();
    expect(costPerImproved(450_000, 1)).toBe(450_000);
    expect(costPerImproved(100_000, 3)).toBe(33_333);
    expect(costPerImproved(200_000, 3)).toBe(66_667);
  });
});

import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../schema/domain/openreferral/importer';
import { formatSummary } from '../../server/openreferral/summary';

// The end-of-run report lists skipped records and notes alike: 200 at most, the rest counted.

describe('the end-of-run report', () => {
  it('lists 200 problems and 200 notes, and counts the rest', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, reason: 'why' }));
    const summary = {
      ...{ read: 0, created: 0, updated: 0, unchanged: 0, withdrawn: 0, skipped: 201, waiting: 0, claimed: 0 },
      ...{
        full: true,
        keptOthers: false,
        kept: 0,
        resumedAtPage: null,
        droppedResume: false,
        diff: [],
        interrupted: null,
      },
      problems: many(201),
      notes: many(202),
    } satisfies ImportSummary;
    const lines = formatSummary(summary, { dryRun: false }).split('\n');
    expect(lines.filter((l) => l === '  r0: why')).toHaveLength(2);
    expect(lines.filter((l) => l === '  r199: why')).toHaveLength(2);
    expect(lines).not.toContain('  r200: why');
    expect(lines).toContain("  ... and 1 more (see the zone's import page)");
    expect(lines).toContain('  ... and 2 more');
  });
});

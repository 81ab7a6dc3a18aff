import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeMeasures } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { cohort } from '../setup/outcome-cohort';
import { startServer, type TestServer } from '../setup/server';

// Audit 55 money finding 1: a per-goal change is a difference of means, and every goal rising by
// exactly the threshold (1,2,2 -> 3,4,4 against 2) came out 1.9999999999999998 in floating point:
// "no reliable change" on the child page and in serviceOutcomes, so fewer children improved and a
// cost per improved child 2.3 times too high. At the threshold is reliable, in JavaScript and in SQL.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const MEASURE = {
  code: 'GOALS_AT_THRESHOLD',
  name: 'Goals at the threshold',
  minScore: 0,
  maxScore: 10,
  better: 'HIGHER',
  multipleItems: true,
  reliableChangeThreshold: 2,
  thresholdSource: 'Test manual, p. 1',
};

describe('a per-goal change exactly at the threshold', () => {
  it('is a reliable improvement on the child page and in serviceOutcomes', async () => {
    const admin = await s.signIn('admin@demo.test');
    const created = await s.gql(
      'mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { __typename ... on Error { message } } }',
      { input: MEASURE },
      admin,
    );
    expect(created.data.createMeasure.__typename).toBe('CreateMeasureSuccess');
    // Ten children (none suppressed), each with three goals: 1, 2, 2 then 3, 4, 4.
    const ids = await cohort(s, 'Family therapy sessions', Array(10).fill(0));
    const lw = await userId(s.db, 'linkworker2@demo.test');
    for (const childId of ids)
      await s.db.insert(outcomeMeasures).values(
        (
          [
            ['A', 1, 3],
            ['B', 2, 4],
            ['C', 2, 4],
          ] as const
        ).flatMap(([item, first, last]) => [
          { childId, measure: MEASURE.code, item, score: first, measuredOn: '2026-01-10', recordedById: lw },
          { childId, measure: MEASURE.code, item, score: last, measuredOn: '2026-07-10', recordedById: lw },
        ]),
      );

    const commissioner = await s.signIn('commissioner@demo.test');
    const report = await s.gql(
      'query($m: String!) { serviceOutcomes(measure: $m) { service { name } children reliablyImproved } }',
      { m: MEASURE.code },
      commissioner,
    );
    expect(report.errors).toBeUndefined();
    expect(report.data.serviceOutcomes).toContainEqual({
      service: { name: 'Family therapy sessions' },
      children: 10,
      reliablyImproved: 10,
    });

    const worker = await s.signIn('linkworker2@demo.test');
    const child = await s.gql(
      'query($id: ID!) { node(id: $id) { ... on Child { outcomeChanges { measure { code } classification } } } }',
      { id: Buffer.from(`Child:${ids[0]}`).toString('base64') },
      worker,
    );
    expect(child.errors).toBeUndefined();
    expect(child.data.node.outcomeChanges).toContainEqual({
      measure: { code: MEASURE.code },
      classification: 'RELIABLY_IMPROVED',
    });
  });
});

import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, outcomeMeasures } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Demo children on the first caseload started on 2025-09-01 with SDQ scores on 2025-09-15 and
// 2026-09-15; the test clock is 2026-11-30.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const SCHEDULE = `mutation($input: UpdateOutcomeScheduleInput!) { updateOutcomeSchedule(input: $input) { __typename
  ... on Error { message } ... on UpdateOutcomeScheduleSuccess { zone { outcomeBaselineWeeks outcomeFollowUpMonths } } } }`;
const CHILD = `query($id: ID!) { child(id: $id) { outcomeScheduleState outcomeSchedule { label opensOn dueBy status doneOn } } }`;
const RECORD = `mutation($input: RecordOutcomeMeasureInput!) { recordOutcomeMeasure(input: $input) { __typename
  ... on Error { message } ... on RecordOutcomeMeasureSuccess { child { outcomeMeasures { measuredOn late } } } } }`;

describe('outcome schedule', () => {
  it('shows due and overdue points on the caseload, follows the zone’s schedule, and marks late scores', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const mine = await s.db
      .select()
      .from(children)
      .where(eq(children.linkWorkerId, await userId(s.db, 'linkworker@demo.test')))
      .orderBy(asc(children.id));
    const id = globalId('Child', mine[3]!.id);
    const before = await s.gql(CHILD, { id }, lw);
    expect(before.data.child.outcomeScheduleState).toBe('UP_TO_DATE');
    expect(before.data.child.outcomeSchedule).toEqual([
      { label: 'Baseline', opensOn: '2025-08-04', dueBy: '2025-10-13', status: 'DONE', doneOn: '2025-09-15' },
      { label: '12 months', opensOn: '2026-08-04', dueBy: '2026-10-13', status: 'DONE', doneOn: '2026-09-15' },
      { label: '24 months', opensOn: '2027-08-04', dueBy: '2027-10-13', status: 'UPCOMING', doneOn: null },
    ]);

    // Only an administrator changes the schedule.
    const admin = await s.signIn('admin@demo.test');
    const refused = await s.gql(SCHEDULE, { input: { baselineWeeks: 6, followUpMonths: [6, 12] } }, lw);
    expect(refused.data.updateOutcomeSchedule.__typename).toBe('ForbiddenError');
    const bad = await s.gql(SCHEDULE, { input: { baselineWeeks: 6, followUpMonths: [0] } }, admin);
    expect(bad.data.updateOutcomeSchedule.__typename).toBe('ValidationError');
    const set = await s.gql(SCHEDULE, { input: { baselineWeeks: 6, followUpMonths: [12, 6] } }, admin);
    expect(set.data.updateOutcomeSchedule.zone).toEqual({ outcomeBaselineWeeks: 6, outcomeFollowUpMonths: [6, 12] });

    // Six months (2026-03-01, due by 2026-04-12) has no score: overdue.
    const after = await s.gql(CHILD, { id }, lw);
    expect(after.data.child.outcomeScheduleState).toBe('OVERDUE');
    expect(after.data.child.outcomeSchedule[1]).toMatchObject({ label: '6 months', status: 'OVERDUE', doneOn: null });
    const caseload = await s.gql(
      '{ viewer { caseload(first: 100) { edges { node { reference outcomeScheduleState } } } } }',
      {},
      lw,
    );
    expect(
      caseload.data.viewer.caseload.edges.map(
        (e: { node: { outcomeScheduleState: string } }) => e.node.outcomeScheduleState,
      ),
    ).toContain('OVERDUE');

    // A six-month score recorded on 2026-05-01 is accepted and marked late; an extra one is not.
    const late = await s.gql(
      RECORD,
      { input: { childId: id, measure: 'SDQ_TOTAL', score: 14, measuredOn: '2026-05-01' } },
      lw,
    );
    expect(late.data.recordOutcomeMeasure.child.outcomeMeasures).toContainEqual({
      measuredOn: '2026-05-01',
      late: true,
    });
    const extra = await s.gql(
      RECORD,
      { input: { childId: id, measure: 'SDQ_TOTAL', score: 13, measuredOn: '2026-11-20' } },
      lw,
    );
    expect(extra.data.recordOutcomeMeasure.child.outcomeMeasures).toContainEqual({
      measuredOn: '2026-11-20',
      late: false,
    });
    const rows = await s.db.select().from(outcomeMeasures).where(eq(outcomeMeasures.childId, mine[3]!.id));
    expect(rows.filter((r) => r.late).map((r) => r.measuredOn)).toEqual(['2026-05-01']);
    expect((await s.gql(CHILD, { id }, lw)).data.child.outcomeScheduleState).toBe('UP_TO_DATE');

    // Nobody else sees a child's schedule.
    const asCommissioner = await s.gql(CHILD, { id }, await s.signIn('commissioner@demo.test'));
    expect(asCommissioner.data.child.outcomeSchedule).toBeNull();
    expect(asCommissioner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

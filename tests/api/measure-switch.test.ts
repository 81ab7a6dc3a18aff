import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, children, outcomeMeasures } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// An administrator switches a shipped measure off for their zone and back on: no new scores while it
// is off, every score already recorded stays, other zones are untouched.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const SWITCH = `mutation($code: String!, $active: Boolean!) { setMeasureActive(code: $code, active: $active) { __typename
  ... on Error { message } ... on SetMeasureActiveSuccess { measure { code active } } } }`;
const MEASURES = '{ measures { code active } }';
const RECORD = `mutation($input: RecordOutcomeMeasureInput!) { recordOutcomeMeasure(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;

const activeOf = async (token: string) =>
  Object.fromEntries(
    (await s.gql(MEASURES, {}, token)).data.measures.map((m: { code: string; active: boolean }) => [m.code, m.active]),
  );

describe('switching a measure off for a zone', () => {
  it('stops new scores, keeps history, is audited, and touches no other zone', async () => {
    const admin = await s.signIn('admin@demo.test');
    const lw = await s.signIn('linkworker@demo.test');
    const [child] = await s.db
      .select()
      .from(children)
      .where(eq(children.linkWorkerId, await userId(s.db, 'linkworker@demo.test')))
      .orderBy(asc(children.id));
    const childId = globalId('Child', child!.id);
    const sdqBefore = await s.db.$count(outcomeMeasures, eq(outcomeMeasures.measure, 'SDQ_TOTAL'));
    expect(sdqBefore).toBeGreaterThan(0);
    expect(await activeOf(lw)).toMatchObject({ SDQ_TOTAL: true, SWEMWBS: true, GBO: true });

    // Only an administrator switches; a link worker or commissioner is refused before anything changes.
    for (const who of [lw, await s.signIn('commissioner@demo.test')]) {
      const refused = await s.gql(SWITCH, { code: 'SDQ_TOTAL', active: false }, who);
      expect(refused.data.setMeasureActive.__typename).toBe('ForbiddenError');
    }
    const unknown = await s.gql(SWITCH, { code: 'NO_SUCH', active: false }, admin);
    expect(unknown.data.setMeasureActive.__typename).toBe('NotFoundError');
    expect(await activeOf(lw)).toMatchObject({ SDQ_TOTAL: true });

    const off = await s.gql(SWITCH, { code: 'SDQ_TOTAL', active: false }, admin);
    expect(off.data.setMeasureActive.measure).toEqual({ code: 'SDQ_TOTAL', active: false });
    expect(await activeOf(lw)).toMatchObject({ SDQ_TOTAL: false, SWEMWBS: true, GBO: true });
    // Switching off again changes nothing and is not audited twice.
    await s.gql(SWITCH, { code: 'SDQ_TOTAL', active: false }, admin);
    const audits = await s.db.select().from(auditEvents).where(eq(auditEvents.action, 'SWITCH_OFF_MEASURE'));
    expect(audits.map((a) => a.detail)).toEqual([{ code: 'SDQ_TOTAL' }]);

    // Not offered for new scores: a typed error on the measure, and no row written.
    const record = { childId, measure: 'SDQ_TOTAL', score: 12, measuredOn: '2026-11-20' };
    const refused = await s.gql(RECORD, { input: record }, lw);
    expect(refused.data.recordOutcomeMeasure.__typename).toBe('ValidationError');
    expect(refused.data.recordOutcomeMeasure.fieldErrors).toEqual([
      {
        path: ['input', 'measure'],
        message:
          'Strengths and Difficulties Questionnaire: total difficulties (parent report) is switched off in your zone',
      },
    ]);
    // History stays: every SDQ score is still there, and still read by the child page.
    expect(await s.db.$count(outcomeMeasures, eq(outcomeMeasures.measure, 'SDQ_TOTAL'))).toBe(sdqBefore);
    const history = await s.gql(
      `query($id: ID!) { child(id: $id) { outcomeMeasures { measure } } }`,
      { id: childId },
      lw,
    );
    expect(history.data.child.outcomeMeasures.some((m: { measure: string }) => m.measure === 'SDQ_TOTAL')).toBe(true);
    // Another zone still offers it.
    expect(await activeOf(await s.signIn('commissioner@other.test'))).toMatchObject({ SDQ_TOTAL: true });

    // Back on: scores are accepted again.
    const on = await s.gql(SWITCH, { code: 'SDQ_TOTAL', active: true }, admin);
    expect(on.data.setMeasureActive.measure).toEqual({ code: 'SDQ_TOTAL', active: true });
    expect((await s.gql(RECORD, { input: record }, lw)).data.recordOutcomeMeasure.__typename).toBe(
      'RecordOutcomeMeasureSuccess',
    );
    expect(await s.db.$count(outcomeMeasures, eq(outcomeMeasures.measure, 'SDQ_TOTAL'))).toBe(sdqBefore + 1);
    expect(await s.db.$count(auditEvents, eq(auditEvents.action, 'SWITCH_ON_MEASURE'))).toBe(1);
  });
});

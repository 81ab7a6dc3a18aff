import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeMeasures } from '../../drizzle/schema';
import { cohort, TEST_MEASURE } from '../setup/outcome-cohort';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 43 (issue 12): a second score on the baseline's day is no follow-up. A double submission is
// refused (three at once store one); rows of the kind already stored are not paired, in the service
// figures or on the child page; and a goal is one goal however it is typed.

let s: TestServer;
let lw2: string;
let ten: number[];
beforeAll(async () => {
  s = await startServer();
  lw2 = await s.signIn('linkworker2@demo.test');
  const made = await s.gql(
    `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { __typename } }`,
    { input: TEST_MEASURE },
    await s.signIn('admin@demo.test'),
  );
  expect(made.data.createMeasure.__typename).toBe('CreateMeasureSuccess');
  ten = await cohort(s, 'Family therapy sessions', Array(10).fill(-20));
});
afterAll(() => s.close());

const RECORD = `mutation($input: RecordOutcomeMeasureInput!) { recordOutcomeMeasure(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const record = async (childId: number, input: Record<string, unknown>) =>
  (await s.gql(RECORD, { input: { childId: globalId('Child', childId), ...input } }, lw2)).data.recordOutcomeMeasure;
const CHANGES = `query($id: ID!) { child(id: $id) { outcomeChanges { measure { code } baseline latest } } }`;
const changes = async (childId: number) =>
  (await s.gql(CHANGES, { id: globalId('Child', childId) }, lw2)).data.child.outcomeChanges;
const scores = (childId: number) => s.db.$count(outcomeMeasures, eq(outcomeMeasures.childId, childId));

describe('scores on the same day', () => {
  it('two stored on one day are not a baseline and a follow-up', async () => {
    const [sameDay] = await cohort(s, 'Family therapy sessions', [-20], { baselineOn: '2026-07-10' });
    expect(await changes(sameDay!)).toEqual([]);
    const res = await s.gql(
      `{ serviceOutcomes(measure: "TEST_SCALE") { service { name } children reliablyImproved } }`,
      {},
      await s.signIn('commissioner@demo.test'),
    );
    const family = res.data.serviceOutcomes.find(
      (r: { service: { name: string } }) => r.service.name === 'Family therapy sessions',
    );
    expect(family).toEqual({ service: { name: 'Family therapy sessions' }, children: 10, reliablyImproved: 10 });
  });

  it('a second score of a measure on a day is refused, and three at once store one', async () => {
    const before = await scores(ten[0]!);
    expect(await record(ten[0]!, { measure: 'TEST_SCALE', score: 55, measuredOn: '2026-07-10' })).toEqual({
      __typename: 'ValidationError',
      message: 'A Test scale score is already recorded on 10 July 2026',
      fieldErrors: [
        { path: ['input', 'measuredOn'], message: 'A Test scale score is already recorded on 10 July 2026' },
      ],
    });
    expect(await scores(ten[0]!)).toBe(before);

    const racing = await Promise.all(
      [0, 1, 2].map(() => record(ten[1]!, { measure: 'TEST_SCALE', score: 50, measuredOn: '2026-08-01' })),
    );
    expect(racing.map((r) => r.__typename).sort()).toEqual([
      'RecordOutcomeMeasureSuccess',
      'ValidationError',
      'ValidationError',
    ]);
    expect(await scores(ten[1]!)).toBe(before + 1);
  });

  it('a goal is one goal however it is typed', async () => {
    const child = ten[2]!;
    expect(
      (await record(child, { measure: 'GBO', item: 'Goal C', score: 1, measuredOn: '2026-01-10' })).__typename,
    ).toBe('RecordOutcomeMeasureSuccess');
    expect(
      await record(child, { measure: 'GBO', item: ' goal   C ', score: 2, measuredOn: '2026-01-10' }),
    ).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'measuredOn'] }] });
    expect(
      (await record(child, { measure: 'GBO', item: ' goal  c ', score: 9, measuredOn: '2026-07-10' })).__typename,
    ).toBe('RecordOutcomeMeasureSuccess');
    const gbo = (await changes(child)).find((c: { measure: { code: string } }) => c.measure.code === 'GBO');
    expect(gbo).toEqual({ measure: { code: 'GBO' }, baseline: 1, latest: 9 });
  });

  it('GBO takes up to three goals: a fourth is refused, the three still take scores', async () => {
    const child = ten[3]!;
    for (const item of ['Sleep', 'School', 'Friends'])
      expect((await record(child, { measure: 'GBO', item, score: 3, measuredOn: '2026-02-01' })).__typename).toBe(
        'RecordOutcomeMeasureSuccess',
      );
    const before = await scores(child);
    const message =
      'Goal-Based Outcomes has up to 3 goals and this child has them: Sleep, School, Friends. Score one of those';
    expect(await record(child, { measure: 'GBO', item: 'Cooking', score: 3, measuredOn: '2026-03-01' })).toEqual({
      __typename: 'ValidationError',
      message,
      fieldErrors: [{ path: ['input', 'item'], message }],
    });
    expect(await scores(child)).toBe(before);
    expect(
      (await record(child, { measure: 'GBO', item: '  friends ', score: 7, measuredOn: '2026-03-01' })).__typename,
    ).toBe('RecordOutcomeMeasureSuccess');
  });
});

describe('goals in the service figures', () => {
  it('pair by the goal as typed, spaces and case aside: "Kiss" and "Kis" are two goals', async () => {
    const commissioner = await s.signIn('commissioner@demo.test');
    const playTherapy = async () => {
      const rows = await s.gql(
        `query { serviceOutcomes(measure: "GBO") { service { name } children suppressed } }`,
        {},
        commissioner,
      );
      return rows.data.serviceOutcomes.find(
        (r: { service: { name: string } }) => r.service.name === 'Child play therapy',
      );
    };
    const scored = async (child: number, first: string, later: string) => {
      for (const [item, score, measuredOn] of [
        [first, 2, '2026-01-10'],
        [later, 8, '2026-07-10'],
      ] as const)
        expect((await record(child, { measure: 'GBO', item, score, measuredOn })).__typename).toBe(
          'RecordOutcomeMeasureSuccess',
        );
    };
    // Ten children score one goal twice (typed two ways): enough to show the row, whatever the seed holds.
    const kids = await cohort(s, 'Child play therapy', Array(11).fill(-20));
    for (const child of kids.slice(0, 10)) await scored(child, 'Sleep  through', ' sleep through');
    const shown = await playTherapy();
    expect(shown.suppressed).toBe(false);
    expect(shown.children).toBeGreaterThanOrEqual(10);
    // One child scores two goals once each: no pair, so no child more (the SQL once read \s as "s").
    await scored(kids[10]!, 'Kiss', 'Kis');
    expect(await playTherapy()).toEqual(shown);
  });
});

import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, outcomeMeasures } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { cohort, TEST_MEASURE } from '../setup/outcome-cohort';
import { globalId, startServer, type TestServer } from '../setup/server';

// Hand-computed figures on a custom measure (so the demo seed's SDQ histories cannot move them):
// TEST_SCALE 0-100, lower is better, SD 10, reliability 0.5. SE = 10 x sqrt(0.5); S_diff = sqrt(2 SE^2) = 10,
// so a fall of 20 points (RCI -2.0) is a reliable improvement and a fall of 19 (RCI -1.9) is not.

let s: TestServer;
let admin: string;
beforeAll(async () => {
  s = await startServer();
  admin = await s.signIn('admin@demo.test');
});
afterAll(() => s.close());

const CREATE = `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on CreateMeasureSuccess { measure { code name shortName reliableChangePoints reliabilitySource shipped } } } }`;
const RECORD = `mutation($input: RecordOutcomeMeasureInput!) { recordOutcomeMeasure(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const OUTCOMES = `query($m: String!) { serviceOutcomes(measure: $m) { service { id name } children reliablyImproved
  shareImproved shareLower shareUpper spendPence costPerImprovedChildPence suppressed
  comparisonChildren comparisonImproved comparisonShare comparisonSuppressed } }`;

// biome-ignore lint/suspicious/noExplicitAny: test responses are read dynamically.
const rowFor = (rows: { service: { name: string } }[], name: string): any => rows.find((r) => r.service.name === name);

describe('measures as configuration', () => {
  it('every zone has the shipped measures with their sources; an admin adds one, with the constants checked', async () => {
    const listed = await s.gql(
      '{ measures { code minScore maxScore better reliability referenceSd reliableChangeThreshold clinicalCutoff multipleItems reliabilitySource notice shipped } }',
      {},
      await s.signIn('linkworker@demo.test'),
    );
    const sdq = listed.data.measures.find((m: { code: string }) => m.code === 'SDQ_TOTAL');
    expect(sdq).toMatchObject({
      minScore: 0,
      maxScore: 40,
      better: 'LOWER',
      reliability: 0.82,
      referenceSd: 5.8,
      clinicalCutoff: 17,
      shipped: true,
    });
    expect(sdq.reliabilitySource).toMatch(/Goodman/);
    expect(sdq.notice).toMatch(/electronic administration/i);
    expect(listed.data.measures.map((m: { code: string }) => m.code)).toEqual(['SDQ_TOTAL', 'SWEMWBS', 'GBO']);
    // What people read: a short name per shipped measure, from the data file, never the code.
    const short = await s.gql('{ measures { code shortName } }', {}, await s.signIn('provider@demo.test'));
    expect(short.data.measures.map((m: { shortName: string }) => m.shortName)).toEqual([
      'SDQ total difficulties',
      'Short Warwick-Edinburgh Mental Wellbeing Scale',
      'Goal-Based Outcomes',
    ]);
    const gbo = listed.data.measures.find((m: { code: string }) => m.code === 'GBO');
    expect(gbo).toMatchObject({
      minScore: 0,
      maxScore: 10,
      better: 'HIGHER',
      reliableChangeThreshold: 2.45,
      multipleItems: true,
    });

    const noSource = await s.gql(CREATE, { input: { ...TEST_MEASURE, reliabilitySource: '' } }, admin);
    expect(noSource.data.createMeasure.fieldErrors).toEqual([
      { path: ['input', 'reliabilitySource'], message: 'Say where the reliability comes from' },
    ]);
    const none = await s.gql(
      CREATE,
      { input: { code: 'NO_RC', name: 'No constants', minScore: 0, maxScore: 10, better: 'HIGHER' } },
      admin,
    );
    expect(none.data.createMeasure.__typename).toBe('ValidationError');
    // A threshold beside r and SD would never be used: refused, not stored.
    const both = await s.gql(
      CREATE,
      { input: { ...TEST_MEASURE, code: 'BOTH', reliableChangeThreshold: 5, thresholdSource: 'Manual, p. 3' } },
      admin,
    );
    expect(both.data.createMeasure.fieldErrors).toEqual([
      {
        path: ['input', 'reliableChangeThreshold'],
        message:
          'Give reliability and a standard deviation, or a published threshold, not both: reliable change uses one',
      },
    ]);
    const shipped = await s.gql(CREATE, { input: { ...TEST_MEASURE, code: 'SDQ_TOTAL' } }, admin);
    expect(shipped.data.createMeasure.fieldErrors[0].path).toEqual(['input', 'code']);
    const byCommissioner = await s.gql(CREATE, { input: TEST_MEASURE }, await s.signIn('commissioner@demo.test'));
    expect(byCommissioner.data.createMeasure.__typename).toBe('ForbiddenError');

    const created = await s.gql(CREATE, { input: TEST_MEASURE }, admin);
    expect(created.data.createMeasure.measure).toMatchObject({ code: 'TEST_SCALE', shipped: false });
    // A zone's own measure is read by the name its administrator gave it.
    expect(created.data.createMeasure.measure.shortName).toBe(created.data.createMeasure.measure.name);
    expect(created.data.createMeasure.measure.reliableChangePoints).toBeCloseTo(19.6, 10);
    const again = await s.gql(CREATE, { input: TEST_MEASURE }, admin);
    expect(again.data.createMeasure.fieldErrors[0].message).toBe('Your zone already has TEST_SCALE');
    // Another zone does not see it.
    const other = await s.gql('{ measures { code } }', {}, await s.signIn('commissioner@other.test'));
    expect(other.data.measures.map((m: { code: string }) => m.code)).not.toContain('TEST_SCALE');
  });

  it('recordOutcomeMeasure checks the score against its measure (typed errors, nothing stored)', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const lw = await userId(s.db, 'linkworker@demo.test');
    // A child with no commission, chosen by id: the scores stored here must not move the demo's
    // service figures checked below (an unordered pick chose a commissioned child on PostgreSQL).
    const [child] = await s.db
      .select()
      .from(children)
      .where(
        and(
          eq(children.linkWorkerId, lw),
          sql`not exists (select 1 from "commissions" c where c."childId" = ${children.id})`,
        ),
      )
      .orderBy(children.id)
      .limit(1);
    const childId = globalId('Child', child!.id);
    const count = () => s.db.$count(outcomeMeasures);
    const before = await count();
    const cases: [Record<string, unknown>, string[], RegExp][] = [
      [
        { measure: 'SDQ_TOTAL', score: 41 },
        ['input', 'score'],
        /^SDQ total difficulties is scored 0 to 40; 41 is outside that range$/,
      ],
      [
        { measure: 'SWEMWBS', score: 6 },
        ['input', 'score'],
        /^Short Warwick-Edinburgh Mental Wellbeing Scale is scored 7 to 35; 6 is outside that range$/,
      ],
      [{ measure: 'SWEMWBS', score: 36 }, ['input', 'score'], /7 to 35/],
      [
        { measure: 'GBO', score: 11, item: 'Go to school' },
        ['input', 'score'],
        /^Goal-Based Outcomes is scored 0 to 10; 11 is outside that range$/,
      ],
      [
        { measure: 'GBO', score: 5 },
        ['input', 'item'],
        /^Goal-Based Outcomes scores each goal: name the goal this score is for$/,
      ],
      [
        { measure: 'SDQ_TOTAL', score: 10, item: 'x' },
        ['input', 'item'],
        /^SDQ total difficulties has one score per child: leave the goal empty$/,
      ],
    ];
    for (const [input, path, message] of cases) {
      const res = await s.gql(RECORD, { input: { childId, measuredOn: '2026-11-01', ...input } }, token);
      expect(res.status).toBe(200);
      expect(res.data.recordOutcomeMeasure.__typename).toBe('ValidationError');
      expect(res.data.recordOutcomeMeasure.fieldErrors[0].path).toEqual(path);
      expect(res.data.recordOutcomeMeasure.message).toMatch(message);
      // Link workers read these as they are: never a measure's code.
      expect(res.data.recordOutcomeMeasure.message).not.toMatch(/SDQ_TOTAL|SWEMWBS|GBO/);
    }
    const unknown = await s.gql(
      RECORD,
      { input: { childId, measuredOn: '2026-11-01', measure: 'NOPE', score: 1 } },
      token,
    );
    expect(unknown.data.recordOutcomeMeasure.__typename).toBe('NotFoundError');
    expect(await count()).toBe(before);
    for (const input of [
      { measure: 'SWEMWBS', score: 35 },
      { measure: 'GBO', score: 0, item: 'Go to school' },
      { measure: 'SDQ_TOTAL', score: 40 },
    ]) {
      const ok = await s.gql(RECORD, { input: { childId, measuredOn: '2026-11-01', ...input } }, token);
      expect(ok.data.recordOutcomeMeasure.__typename).toBe('RecordOutcomeMeasureSuccess');
    }
    expect(await count()).toBe(before + 3);
  });
});

describe('serviceOutcomes (hand-computed)', () => {
  it('counts, shares with Wilson intervals, spend, cost per improved child, suppression at 9 and 10', async () => {
    const token = await s.signIn('commissioner@demo.test');
    // Family therapy: 10 children, 4 reliably improved (-20, -25, -30, -40), 6 not (-19, -10, 0, 0, +5, +25).
    // Two completed with 3 of 4 sessions delivered (13,500p each), eight accepted (18,000p reserved each).
    await cohort(s, 'Family therapy sessions', [-20, -25], { status: 'COMPLETED', delivered: 3 });
    await cohort(s, 'Family therapy sessions', [-30, -40, -19, -10, 0, 0, 5, 25]);
    // A child commissioned for it whose first score came after the commission: counted from its first score to
    // its latest, as its child page shows it (reliably improved).
    await cohort(s, 'Family therapy sessions', [-50], { baselineOn: '2026-02-01' });
    // Circus club: 9 children, all improved: suppressed.
    await cohort(s, 'After-school circus club', [-20, -20, -20, -20, -20, -20, -20, -20, -20]);
    // Play therapy: 10 children, none improved.
    await cohort(s, 'Child play therapy', [-19, -19, -19, -19, -19, 0, 0, 0, 0, 0]);
    // Three children not commissioned for anything: two improved.
    await cohort(s, '', [-20, -30, 0]);

    const res = await s.gql(OUTCOMES, { m: 'TEST_SCALE' }, token);
    expect(res.errors).toBeUndefined();
    const family = rowFor(res.data.serviceOutcomes, 'Family therapy sessions');
    // 11 children with the late-baseline one, 5 improved. Spend: 2 x 13,500 + 9 x 18,000 = 189,000p; cost per
    // improved child 189,000 / 5 = 37,800p.
    expect(family).toMatchObject({
      children: 11,
      reliablyImproved: 5,
      shareImproved: 5 / 11,
      spendPence: 189_000,
      costPerImprovedChildPence: 37_800,
      suppressed: false,
    });
    // Wilson 5/11: centre (0.454545 + 0.174618) / 1.349236 = 0.466311, half 1.96 x sqrt(0.030476) / 1.349236 = 0.253601.
    expect(family.shareLower).toBeCloseTo(0.2127, 4);
    expect(family.shareUpper).toBeCloseTo(0.71991, 4);
    // Comparison: everyone else with two scores: circus 9 (9 improved), play 10 (0), uncommissioned 3 (2) = 11 of 22.
    expect(family).toMatchObject({
      comparisonChildren: 22,
      comparisonImproved: 11,
      comparisonShare: 0.5,
      comparisonSuppressed: false,
    });

    const circus = rowFor(res.data.serviceOutcomes, 'After-school circus club');
    expect(circus).toEqual({
      service: circus.service,
      children: null,
      reliablyImproved: null,
      shareImproved: null,
      shareLower: null,
      shareUpper: null,
      spendPence: null,
      costPerImprovedChildPence: null,
      suppressed: true,
      // Its comparison (24 children, 7 improved) is hidden too: the zone's 33 and 16 minus it give the row back.
      comparisonChildren: null,
      comparisonImproved: null,
      comparisonShare: null,
      comparisonSuppressed: true,
    });
    // Zero improved: the cost per improved child is null, the rest shown.
    const play = rowFor(res.data.serviceOutcomes, 'Child play therapy');
    expect(play).toMatchObject({
      children: 10,
      reliablyImproved: 0,
      spendPence: 180_000,
      costPerImprovedChildPence: null,
    });
    expect(play.shareUpper).toBeCloseTo(0.27754, 4);

    // Per provider: Riverside runs family therapy (11 counted) and play therapy (10): 21 children, 5 improved,
    // spend 189,000 + 180,000 = 369,000p, 73,800p per improved child. Catford's circus club: 9, suppressed.
    const PROVIDERS = `query($m: String!) { providerOutcomes(measure: $m) { organisation { name } children reliablyImproved
      spendPence costPerImprovedChildPence suppressed } }`;
    const byProvider = await s.gql(PROVIDERS, { m: 'TEST_SCALE' }, token);
    expect(byProvider.data.providerOutcomes).toEqual(
      expect.arrayContaining([
        {
          organisation: { name: 'Riverside Family Therapy' },
          children: 21,
          reliablyImproved: 5,
          spendPence: 369_000,
          costPerImprovedChildPence: 73_800,
          suppressed: false,
        },
        {
          organisation: { name: 'Catford Circus Collective' },
          children: null,
          reliablyImproved: null,
          spendPence: null,
          costPerImprovedChildPence: null,
          suppressed: true,
        },
      ]),
    );
    const ownOnly = await s.gql(PROVIDERS, { m: 'TEST_SCALE' }, await s.signIn('provider@demo.test'));
    expect(ownOnly.data.providerOutcomes.map((r: { organisation: { name: string } }) => r.organisation.name)).toEqual([
      'Riverside Family Therapy',
    ]);
    const asLinkWorker = await s.gql(PROVIDERS, { m: 'TEST_SCALE' }, await s.signIn('linkworker@demo.test'));
    expect(asLinkWorker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The tenth circus child: now shown, all improved, cost = 10 x 18,000 / 10.
    await cohort(s, 'After-school circus club', [-20]);
    const after = await s.gql(OUTCOMES, { m: 'TEST_SCALE' }, token);
    expect(rowFor(after.data.serviceOutcomes, 'After-school circus club')).toMatchObject({
      children: 10,
      reliablyImproved: 10,
      shareImproved: 1,
      spendPence: 180_000,
      costPerImprovedChildPence: 18_000,
      suppressed: false,
    });
    // Statements per request do not grow with rows: session, measure, the figures (one aggregate), services.
    expect(after.statements).toBe(res.statements);
    expect(after.statements).toBe(5);
  });

  it('one child: suppressed, every figure null', async () => {
    await cohort(s, '1:1 maths tuition', [-40]);
    const res = await s.gql(OUTCOMES, { m: 'TEST_SCALE' }, await s.signIn('commissioner@demo.test'));
    const row = rowFor(res.data.serviceOutcomes, '1:1 maths tuition');
    expect(row).toMatchObject({
      suppressed: true,
      children: null,
      reliablyImproved: null,
      costPerImprovedChildPence: null,
    });
  });

  it('each role sees what it may: providers their own services, link workers and admins nothing, no other zone', async () => {
    const own = async (email: string) => {
      const res = await s.gql(OUTCOMES, { m: 'TEST_SCALE' }, await s.signIn(email));
      return res.data.serviceOutcomes.map((r: { service: { name: string } }) => r.service.name).sort();
    };
    const riverside =
      await s.db.execute(sql`select s."name" from "services" s join "organisations" o on o."id" = s."organisationId"
      where o."name" = 'Riverside Family Therapy'`);
    const riversideNames = new Set(
      (riverside as unknown as { rows?: { name: string }[] }).rows?.map((r) => r.name) ??
        (riverside as unknown as { name: string }[]).map((r) => r.name),
    );
    const provider = await own('provider@demo.test');
    expect(provider).toEqual(['Child play therapy', 'Family therapy sessions']);
    expect(provider.every((n: string) => riversideNames.has(n))).toBe(true);
    expect(await own('provider2@demo.test')).toEqual(['After-school circus club']);
    const commissioner = await own('commissioner@demo.test');
    expect(commissioner).toEqual(
      expect.arrayContaining(['After-school circus club', 'Child play therapy', 'Family therapy sessions']),
    );
    for (const email of ['linkworker@demo.test', 'admin@demo.test']) {
      const res = await s.gql(OUTCOMES, { m: 'SDQ_TOTAL' }, await s.signIn(email));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    }
    const signedOut = await s.gql(OUTCOMES, { m: 'SDQ_TOTAL' });
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Another zone's commissioner: the custom measure does not exist there; SDQ shows none of demo's services.
    const otherToken = await s.signIn('commissioner@other.test');
    const otherCustom = await s.gql(OUTCOMES, { m: 'TEST_SCALE' }, otherToken);
    expect(otherCustom.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const otherSdq = await s.gql(OUTCOMES, { m: 'SDQ_TOTAL' }, otherToken);
    expect(otherSdq.data.serviceOutcomes.map((r: { service: { name: string } }) => r.service.name)).not.toEqual(
      expect.arrayContaining(['Family therapy sessions']),
    );
  });

  it('the child page: change per measure for the link worker only', async () => {
    const lw2 = await userId(s.db, 'linkworker2@demo.test');
    const [child] = await s.db
      .select()
      .from(children)
      .where(and(eq(children.linkWorkerId, lw2), eq(children.reference, 'TST-00001')));
    const q = `query($id: ID!) { child(id: $id) { reference outcomeChanges { measure { code } baseline latest change rci classification movedToTypical } } }`;
    const res = await s.gql(q, { id: globalId('Child', child!.id) }, await s.signIn('linkworker2@demo.test'));
    expect(res.data.child.outcomeChanges).toEqual([
      {
        measure: { code: 'TEST_SCALE' },
        baseline: 60,
        latest: 40,
        change: -20,
        rci: -2,
        classification: 'RELIABLY_IMPROVED',
        movedToTypical: null,
      },
    ]);
    const asCommissioner = await s.gql(
      q,
      { id: globalId('Child', child!.id) },
      await s.signIn('commissioner@demo.test'),
    );
    expect(asCommissioner.data.child.outcomeChanges).toBeNull();
    expect(asCommissioner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the demo seed', () => {
  it('has outcome histories: family therapy and play therapy shown, the circus club suppressed', async () => {
    const res = await s.gql(OUTCOMES, { m: 'SDQ_TOTAL' }, await s.signIn('commissioner@demo.test'));
    const rows = res.data.serviceOutcomes;
    // demo-outcomes.json: 14 children at 5 x £45, 8 fell by 7 or more (RCI = -7 / 3.48 = -2.01 or beyond); and
    // the first caseload's first child, on a block contract place (demo-contracts.json, £360), who improved.
    expect(rowFor(rows, 'Family therapy sessions')).toMatchObject({
      children: 15,
      reliablyImproved: 9,
      spendPence: 14 * 5 * 4500 + 36_000,
      costPerImprovedChildPence: (14 * 5 * 4500 + 36_000) / 9,
      suppressed: false,
    });
    // 12 children at 6 x £40, 5 improved; and the first caseload's second child (4 sessions accepted, £160
    // reserved, no reliable change): 13 children, £3,040, £608 per improved child.
    expect(rowFor(rows, 'Child play therapy')).toMatchObject({
      children: 13,
      reliablyImproved: 5,
      spendPence: 288_000 + 16_000,
      costPerImprovedChildPence: 60_800,
    });
    expect(rowFor(rows, 'After-school circus club')).toMatchObject({ suppressed: true, children: null });
  });
});

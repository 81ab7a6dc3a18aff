import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtFormulas, districts, fundingPots, ledgerEntries, schools, users } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { freeChildren, raiseMutation, serviceId } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// District funding by formula, with hand-computed figures. The demo zone has eight districts, all
// with schools; a ninth with none is added here. By name: Brockley, Catford, Deptford, Forest Hill,
// Lee, Lewisham Central, New Cross, Sydenham, Zed (no schools).

let s: TestServer;
let zoneId: number;
let ids: Record<string, number>;
let commissioner: string;

const PREVIEW = `query($input: DistrictFundInput!) { previewDistrictFund(input: $input) {
  totalPence formula { name version } shares { district { name } schools sharePence } } }`;
const CREATE = `mutation($input: DistrictFundInput!) { createDistrictFund(input: $input) {
  __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on CreateDistrictFundSuccess { districtFund { id name totalPence formula { name version }
    shares { district { name } sharePence fundingPot { id totalPence district { name } } } } } } }`;
const UTILISATION = `{ districtUtilisation { district { name } fundedPence allocatedPence committedPence spentPence leftPence shareUsed } }`;

const formula = (
  w: Partial<Record<'pupilsWeight' | 'childrenWeight' | 'deprivationWeight' | 'baseWeight', number>>,
  name = 'Test formula',
) => ({
  name,
  pupilsWeight: 0,
  childrenWeight: 0,
  deprivationWeight: 0,
  baseWeight: 0,
  ...w,
});
const factor = (name: string, pupilsOnRoll: number, deprivationIndex = 0) => ({
  districtId: globalId('District', ids[name]!),
  pupilsOnRoll,
  deprivationIndex,
});
// A weighted split needs a row for every district with schools: the ones not named here as 0.
const WITH_SCHOOLS = [
  'Brockley',
  'Catford',
  'Deptford',
  'Forest Hill',
  'Lee',
  'Lewisham Central',
  'New Cross',
  'Sydenham',
];
const everyDistrict = (...given: ReturnType<typeof factor>[]) => [
  ...given,
  ...WITH_SCHOOLS.filter((n) => !given.some((g) => g.districtId === globalId('District', ids[n]!))).map((n) =>
    factor(n, 0),
  ),
];
const sharesOf = (shares: { district: { name: string }; sharePence: number }[]) =>
  Object.fromEntries(shares.map((x) => [x.district.name, x.sharePence]));

beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
  zoneId = (await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test')))[0]!.zoneId;
  await s.db.insert(districts).values({ zoneId, name: 'Zed' });
  ids = Object.fromEntries(
    (await s.db.select().from(districts).where(eq(districts.zoneId, zoneId))).map((d) => [d.name, d.id]),
  );
});
afterAll(() => s.close());

describe('the formula split, exact to the penny', () => {
  it('shares 100p over three equal districts as 34p, 33p, 33p (the tie to the first by name); zero weights and a district with no schools get nothing', async () => {
    const input = {
      name: 'Pupils only',
      source: 'SCHOOLS_DSG',
      totalPence: 100,
      formula: formula({ pupilsWeight: 1 }),
      factors: everyDistrict(factor('Brockley', 1), factor('Catford', 1), factor('Deptford', 1), factor('Zed', 5, 9.5)),
    };
    const res = await s.gql(PREVIEW, { input }, commissioner);
    expect(res.errors).toBeUndefined();
    const p = res.data.previewDistrictFund;
    expect(sharesOf(p.shares)).toEqual({
      Brockley: 34,
      Catford: 33,
      Deptford: 33,
      'Forest Hill': 0,
      Lee: 0,
      'Lewisham Central': 0,
      'New Cross': 0,
      Sydenham: 0,
      Zed: 0,
    });
    expect(p.shares.find((x: { district: { name: string } }) => x.district.name === 'Zed').schools).toBe(0);
    expect(p.formula).toEqual({ name: 'Test formula', version: 1 });
  });

  it('half by pupils, half a base share: £1,000.01 over 300 and 100 pupils and eight districts', async () => {
    // Weights per district: 50 × pupils/400 + 50 × 1/8, i.e. (×3200) 400·pupils + 20000:
    // Brockley 140000, Catford 60000, six others 20000 each; of 320000.
    // Exact: 43750.4375, 18750.1875, 6250.0625 × 6 = 100000 in floors; the penny left goes to Brockley.
    const res = await s.gql(
      PREVIEW,
      {
        input: {
          name: 'Mixed',
          source: 'COUNCIL',
          totalPence: 100_001,
          formula: formula({ pupilsWeight: 50, baseWeight: 50 }),
          factors: everyDistrict(factor('Brockley', 300), factor('Catford', 100)), // Zed (no schools) left out
        },
      },
      commissioner,
    );
    expect(sharesOf(res.data.previewDistrictFund.shares)).toEqual({
      Brockley: 43_751,
      Catford: 18_750,
      Deptford: 6250,
      'Forest Hill': 6250,
      Lee: 6250,
      'Lewisham Central': 6250,
      'New Cross': 6250,
      Sydenham: 6250,
      Zed: 0,
    });
  });

  it('reads the factors from CSV, decimals exactly (deprivation 0.1 and 0.2: 100p as 33p and 67p), and lists each bad row', async () => {
    const csv = [
      'district,pupilsOnRoll,deprivationIndex',
      'Brockley,10,0.1',
      'catford,10,0.2',
      ...WITH_SCHOOLS.slice(2).map((n) => `${n},0,0`),
    ].join('\n');
    const res = await s.gql(
      PREVIEW,
      {
        input: {
          name: 'CSV',
          source: 'OTHER',
          totalPence: 100,
          formula: formula({ deprivationWeight: 1 }),
          factorsCsv: csv,
        },
      },
      commissioner,
    );
    expect(res.errors).toBeUndefined();
    const shares = sharesOf(res.data.previewDistrictFund.shares);
    expect([shares.Brockley, shares.Catford, shares.Deptford]).toEqual([33, 67, 0]);

    const bad = 'district,pupilsOnRoll,deprivationIndex\nAtlantis,10,0.1\nBrockley,-3,x\n';
    const created = await s.gql(
      CREATE,
      {
        input: {
          name: 'CSV',
          source: 'OTHER',
          totalPence: 100,
          formula: formula({ deprivationWeight: 1 }),
          factorsCsv: bad,
        },
      },
      commissioner,
    );
    expect(created.data.createDistrictFund.__typename).toBe('ValidationError');
    expect(created.data.createDistrictFund.fieldErrors.map((e: { message: string }) => e.message)).toEqual([
      'Row 2: no district called “Atlantis”',
      'Row 3: pupilsOnRoll must be a whole number',
      'Row 3: deprivationIndex must be a number with at most 3 decimals',
    ]);
  });

  it('refuses a weighted factor no district has, all-zero weights, another zone’s district and £0, as bad input', async () => {
    const cases = [
      { formula: formula({ pupilsWeight: 1 }), factors: everyDistrict() },
      { formula: formula({ baseWeight: 1 }), factors: [factor('Brockley', 1)], totalPence: 0 },
      { formula: formula({}), factors: [factor('Brockley', 1)] },
      {
        formula: formula({ baseWeight: 1 }),
        factors: [{ districtId: globalId('District', 999_999), pupilsOnRoll: 1, deprivationIndex: 0 }],
      },
    ];
    for (const c of cases) {
      const res = await s.gql(
        PREVIEW,
        { input: { name: 'Bad', source: 'OTHER', totalPence: 100, ...c } },
        commissioner,
      );
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(c)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('creating a fund: district pots in the ledger, allocated to their own children', () => {
  it('a preview writes nothing; creating makes one pot per funded district, credited by FUND ledger entries, and reconciles', async () => {
    const input = {
      name: 'DSG top slice',
      source: 'SCHOOLS_DSG',
      totalPence: 100_001,
      formula: formula({ pupilsWeight: 50, baseWeight: 50 }, 'Schools forum'),
      factors: everyDistrict(factor('Brockley', 300), factor('Catford', 100)),
    };
    const counts = async () => ({
      pots: await s.db.$count(fundingPots),
      ledger: await s.db.$count(ledgerEntries),
      formulas: await s.db.$count(districtFormulas),
    });
    const before = await counts();
    await s.gql(PREVIEW, { input }, commissioner);
    expect(await counts()).toEqual(before);

    const res = await s.gql(CREATE, { input }, commissioner);
    const fund = res.data.createDistrictFund.districtFund;
    expect(fund.formula).toEqual({ name: 'Schools forum', version: 1 });
    expect(sharesOf(fund.shares).Brockley).toBe(43_751);
    const pots = fund.shares.filter((x: { fundingPot: unknown }) => x.fundingPot);
    expect(pots).toHaveLength(8); // Zed has no schools: no share, no pot
    expect(pots.reduce((t: number, x: { fundingPot: { totalPence: number } }) => t + x.fundingPot.totalPence, 0)).toBe(
      100_001,
    );
    expect(await counts()).toEqual({ pots: before.pots + 8, ledger: before.ledger + 8, formulas: before.formulas + 1 });
    expect((await reconcile(s.db)).differences).toEqual([]);

    // The same weights under the same name reuse the version; new weights make version 2.
    const again = await s.gql(CREATE, { input: { ...input, name: 'Second slice' } }, commissioner);
    expect(again.data.createDistrictFund.districtFund.formula.version).toBe(1);
    const changed = { ...input, name: 'Third', formula: { ...input.formula, baseWeight: 40 } };
    expect((await s.gql(PREVIEW, { input: changed }, commissioner)).data.previewDistrictFund.formula.version).toBe(2);

    // A district pot's total comes from the formula: it cannot be adjusted by hand.
    const adjust = await s.gql(
      `mutation($input: AdjustFundingPotInput!) { adjustFundingPot(input: $input) { __typename ... on Error { message } } }`,
      { input: { fundingPotId: pots[0].fundingPot.id, totalPence: 1, reason: 'Try it' } },
      commissioner,
    );
    expect(adjust.data.adjustFundingPot.__typename).toBe('ValidationError');
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('a district pot pays only for its own district’s children; utilisation shows funded, allocated, committed, spent and left', async () => {
    const funds = (
      await s.gql(
        '{ districtFunds { name shares { district { name } sharePence fundingPot { id } } } }',
        {},
        commissioner,
      )
    ).data.districtFunds;
    const fund = funds.find((f: { name: string }) => f.name === 'DSG top slice');
    const potOf = (name: string) =>
      fund.shares.find((x: { district: { name: string } }) => x.district.name === name).fundingPot.id;
    // A child of the link worker's caseload with no commissions, and their school's district.
    const [child] = await freeChildren(s.db, 'linkworker@demo.test');
    const [school] = await s.db.select().from(schools).where(eq(schools.id, child!.schoolId));
    const home = Object.entries(ids).find(([, id]) => id === school!.districtId)![0];
    const other = home === 'Brockley' ? 'Catford' : 'Brockley';
    const allocate = (pot: string, key: string) =>
      s.gql(
        `mutation($input: AllocateFundsInput!) { allocateFunds(input: $input) { __typename ... on Error { message } } }`,
        {
          input: {
            fundingPotId: pot,
            childIds: [globalId('Child', child!.id)],
            amountPence: 5000,
            idempotencyKey: key,
          },
        },
        commissioner,
      );
    expect((await allocate(potOf(other), 'district-wrong-1')).data.allocateFunds.__typename).toBe('ValidationError');
    expect((await allocate(potOf(home), 'district-right-1')).data.allocateFunds.__typename).toBe(
      'AllocateFundsSuccess',
    );

    // The child now holds £950 from the zone's pots and £50 from the district's: a 2 × £45 commission
    // (£90, approved at once) is 1/20 the district's: 450p committed.
    const raised = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', child!.id),
          serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')),
          units: 2,
          rationale: 'District money',
          idempotencyKey: 'district-raise-1',
        },
      },
      await s.signIn('linkworker@demo.test'),
    );
    expect(raised.data.raiseCommission.commission).toMatchObject({ amountPence: 9000, status: 'APPROVED' });
    const rows = (await s.gql(UTILISATION, {}, commissioner)).data.districtUtilisation;
    const mine = rows.find((r: { district: { name: string } }) => r.district.name === home);
    // Two funds were made here with the same formula and factors, besides the demo's own fund.
    const seeded = (await s.db.select().from(fundingPots).where(eq(fundingPots.districtId, ids[home]!))).filter(
      (p) => !p.name.startsWith('DSG top slice') && !p.name.startsWith('Second slice'),
    );
    const funded = sharesOf(fund.shares)[home]! * 2 + seeded.reduce((t, p) => t + p.totalPence, 0);
    expect(sharesOf(fund.shares)[home]).toBe(home === 'Brockley' ? 43_751 : home === 'Catford' ? 18_750 : 6250);
    expect(mine).toMatchObject({
      fundedPence: funded,
      allocatedPence: 5000,
      committedPence: 450,
      spentPence: 0,
      leftPence: funded - 450,
    });
    expect(mine.shareUsed).toBeCloseTo(450 / funded, 10);
    expect(rows.find((r: { district: { name: string } }) => r.district.name === 'Zed')).toMatchObject({
      fundedPence: 0,
      shareUsed: 0,
    });
    expect(localId(potOf(home))).toBeGreaterThan(0);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('only commissioners preview or create funds', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const input = { name: 'No', source: 'OTHER', totalPence: 1, formula: formula({ baseWeight: 1 }) };
    expect((await s.gql(PREVIEW, { input }, lw)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await s.gql(CREATE, { input }, lw)).data.createDistrictFund.__typename).toBe('ForbiddenError');
    const denied = await s.gql(UTILISATION, {}, lw);
    expect(denied.errors?.[0]?.extensions?.code, JSON.stringify(denied)).toBe('FORBIDDEN');
  });
});

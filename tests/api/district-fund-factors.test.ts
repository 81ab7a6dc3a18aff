import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtFormulas, districtFunds, districts, fundingPots, ledgerEntries, users } from '../../drizzle/schema';
import { globalId, startServer, type TestServer } from '../setup/server';

// Factors given both as a table and as CSV: one would be silently ignored, so neither is used.
// Factors that leave out a district with schools (audit 36b F4): it would silently count as 0 pupils
// and 0 deprivation and get only its base share, so the split is refused, naming it; an explicit 0 is fine.

let s: TestServer;
let commissioner: string;
beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

describe('district fund factors', () => {
  it('given both as a table and as CSV are refused, naming the CSV field, and make nothing', async () => {
    const [brockley] = await s.db.select().from(districts).where(eq(districts.name, 'Brockley'));
    const res = await s.gql(
      `mutation($input: DistrictFundInput!) { createDistrictFund(input: $input) {
        __typename ... on ValidationError { message fieldErrors { path message } } } }`,
      {
        input: {
          name: 'Both ways',
          source: 'OTHER',
          totalPence: 100,
          formula: { name: 'Pupils', pupilsWeight: 1, childrenWeight: 0, deprivationWeight: 0, baseWeight: 0 },
          factors: [{ districtId: globalId('District', brockley!.id), pupilsOnRoll: 10, deprivationIndex: 0 }],
          factorsCsv: 'district,pupilsOnRoll,deprivationIndex\nCatford,10,0\n',
        },
      },
      commissioner,
    );
    const message = 'Give the factors as a table or as CSV, not both';
    expect(res.data.createDistrictFund).toEqual({
      __typename: 'ValidationError',
      message,
      fieldErrors: [{ path: ['input', 'factorsCsv'], message }],
    });
    expect(await s.db.select().from(districtFunds).where(eq(districtFunds.name, 'Both ways'))).toEqual([]);
  });
});

const PREVIEW = `query($input: DistrictFundInput!) { previewDistrictFund(input: $input) { shares { district { name } sharePence } } }`;
const CREATE = `mutation($input: DistrictFundInput!) { createDistrictFund(input: $input) {
  __typename ... on ValidationError { message fieldErrors { path message } }
  ... on CreateDistrictFundSuccess { districtFund { name shares { district { name } sharePence } } } } }`;
// The demo zone's eight districts, all with schools, and the schools forum's weights.
const NAMES = ['Brockley', 'Catford', 'Deptford', 'Forest Hill', 'Lee', 'Lewisham Central', 'New Cross', 'Sydenham'];
const formula = { name: 'Forum', pupilsWeight: 40, childrenWeight: 20, deprivationWeight: 30, baseWeight: 10 };
const counts = async () => ({
  funds: await s.db.$count(districtFunds),
  pots: await s.db.$count(fundingPots),
  ledger: await s.db.$count(ledgerEntries),
  formulas: await s.db.$count(districtFormulas),
});
const tableWithout = async (...left: string[]) => {
  const [me] = await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test'));
  const rows = await s.db.select().from(districts).where(eq(districts.zoneId, me!.zoneId));
  return NAMES.filter((n) => !left.includes(n)).map((n, i) => ({
    districtId: globalId('District', rows.find((r) => r.name === n)!.id),
    // Lee is given, as an explicit 0: allowed.
    pupilsOnRoll: n === 'Lee' ? 0 : 100 + i,
    deprivationIndex: n === 'Lee' ? 0 : 20 + i,
  }));
};

describe('district fund factors that leave out a district with schools', () => {
  it('in the table: preview and create are refused naming the district, nothing is written, and with its row as 0 it goes through', async () => {
    const message = 'No factors for Brockley: give every district with schools a row (0 where it has none)';
    const input = {
      name: 'Missing Brockley',
      source: 'SCHOOLS_DSG',
      totalPence: 1_000_000,
      formula,
      factors: await tableWithout('Brockley'),
      idempotencyKey: 'missing-brockley-0001',
    };
    const before = await counts();
    const preview = await s.gql(PREVIEW, { input }, commissioner);
    expect(preview.data).toBeNull();
    expect(preview.errors?.[0]).toMatchObject({
      message,
      extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ path: ['input', 'factors'], message }] },
    });
    const created = await s.gql(CREATE, { input }, commissioner);
    expect(created.data.createDistrictFund).toEqual({
      __typename: 'ValidationError',
      message,
      fieldErrors: [{ path: ['input', 'factors'], message }],
    });
    expect(await counts()).toEqual(before);

    // Brockley given as 0 pupils and 0 deprivation is allowed (it gets its base and children shares),
    // and the refused attempt left its idempotency key unused.
    const [brockley] = await tableWithout(...NAMES.filter((n) => n !== 'Brockley'));
    const fixed = { ...input, factors: [...input.factors, { ...brockley!, pupilsOnRoll: 0, deprivationIndex: 0 }] };
    const ok = await s.gql(CREATE, { input: fixed }, commissioner);
    expect(ok.data.createDistrictFund.__typename).toBe('CreateDistrictFundSuccess');
    expect(ok.data.createDistrictFund.districtFund.shares).toHaveLength(8);
    expect(await counts()).toMatchObject({ funds: before.funds + 1 });
  });

  it('in the CSV: preview and create are refused naming both districts at the CSV box, and nothing is written', async () => {
    const message =
      'No factors for Brockley and Sydenham: give every district with schools a row (0 where it has none)';
    const csv = [
      'district,pupilsOnRoll,deprivationIndex',
      ...NAMES.filter((n) => n !== 'Brockley' && n !== 'Sydenham').map(
        (n) => `${n},${n === 'Lee' ? '0,0' : '120,25.5'}`,
      ),
    ].join('\n');
    const input = { name: 'Missing two', source: 'SCHOOLS_DSG', totalPence: 1_000_000, formula, factorsCsv: csv };
    const before = await counts();
    const preview = await s.gql(PREVIEW, { input }, commissioner);
    expect(preview.errors?.[0]).toMatchObject({
      message,
      extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ path: ['input', 'factorsCsv'], message }] },
    });
    const created = await s.gql(CREATE, { input }, commissioner);
    expect(created.data.createDistrictFund).toEqual({
      __typename: 'ValidationError',
      message,
      fieldErrors: [{ path: ['input', 'factorsCsv'], message }],
    });
    expect(await counts()).toEqual(before);
    expect(await s.db.select().from(districtFunds).where(eq(districtFunds.name, 'Missing two'))).toEqual([]);
  });
});

describe('district fund factors the split would read differently from what was typed (audit 42)', () => {
  const messagesOf = (res: { data: { createDistrictFund: { fieldErrors?: { message: string }[] } } }) =>
    res.data.createDistrictFund.fieldErrors?.map((e) => e.message);
  const rows = NAMES.map((n) => `${n},100,1`);

  it('a CSV column the split would ignore, twice over or missing is refused at the header row; nothing is written', async () => {
    const before = await counts();
    const create = (csv: string) =>
      s.gql(
        CREATE,
        { input: { name: 'Headers', source: 'OTHER', totalPence: 1_000, formula, factorsCsv: csv } },
        commissioner,
      );
    expect(
      messagesOf(
        await create(
          ['district,pupilsOnRoll,childrenInProgramme,deprivationIndex', ...NAMES.map((n) => `${n},100,50,1`)].join(
            '\n',
          ),
        ),
      ),
    ).toEqual(['Row 1: children in the programme are counted from the schools, not entered: remove that column']);
    expect(
      messagesOf(
        await create(['district,pupilsOnRoll,deprivationIndex,notes', ...rows.map((r) => `${r},x`)].join('\n')),
      ),
    ).toEqual(['Row 1: no column is called “notes”: the columns are district, pupilsOnRoll and deprivationIndex']);
    expect(
      messagesOf(
        await create(['district,district,pupilsOnRoll,deprivationIndex', ...rows.map((r) => `x,${r}`)].join('\n')),
      ),
    ).toEqual(['Row 1: the column “district” is there twice']);
    expect(messagesOf(await create(['district,pupilsOnRoll', ...NAMES.map((n) => `${n},100`)].join('\n')))).toEqual([
      'Row 1: the column “deprivationIndex” is missing: the columns are district, pupilsOnRoll and deprivationIndex',
    ]);
    // With a byte-order mark, as spreadsheets save it, the header still reads.
    const ok = await create(['\uFEFFdistrict,pupilsOnRoll,deprivationIndex', ...rows].join('\r\n'));
    expect(ok.data.createDistrictFund.__typename).toBe('CreateDistrictFundSuccess');
    expect(await counts()).toMatchObject({ funds: before.funds + 1 });
  });

  it('a district on two CSV rows is refused at its second row, by name', async () => {
    const csv = ['district,pupilsOnRoll,deprivationIndex', ...rows, 'brockley,5,0'].join('\n');
    const res = await s.gql(
      PREVIEW,
      { input: { name: 'Twice', source: 'OTHER', totalPence: 1_000, formula, factorsCsv: csv } },
      commissioner,
    );
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        {
          path: ['input', 'factorsCsv', '10'],
          message: 'Row 10: Brockley is on an earlier row too: give each district once',
        },
      ],
    });
  });

  it('a deprivation index finer than thousandths is refused in the table as in the CSV, not rounded', async () => {
    const table = (await tableWithout()).map((f, i) => (i === 0 ? { ...f, deprivationIndex: 0.0006 } : f));
    const res = await s.gql(
      PREVIEW,
      { input: { name: 'Fine', source: 'OTHER', totalPence: 1_000, formula, factors: table } },
      commissioner,
    );
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        {
          path: ['input', 'factors', '0', 'deprivationIndex'],
          message: 'The deprivation index has at most 3 decimals',
        },
      ],
    });
    const fine = (await tableWithout()).map((f, i) => (i === 0 ? { ...f, deprivationIndex: 0.125 } : f));
    expect(
      (
        await s.gql(
          PREVIEW,
          { input: { name: 'Fine', source: 'OTHER', totalPence: 1_000, formula, factors: fine } },
          commissioner,
        )
      ).errors,
    ).toBeUndefined();
  });

  it('a fund or a pot named only with spaces is refused, and nothing is written', async () => {
    const before = await counts();
    const fund = await s.gql(
      CREATE,
      {
        input: {
          name: '   ',
          source: 'OTHER',
          totalPence: 1_000,
          formula: { ...formula, pupilsWeight: 0, deprivationWeight: 0 },
        },
      },
      commissioner,
    );
    expect(fund.data.createDistrictFund).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'name'], message: 'Name the fund' }],
    });
    const pot = await s.gql(
      `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
      { input: { name: '    ', source: 'OTHER', totalPence: 1_000 } },
      commissioner,
    );
    expect(pot.data.createFundingPot).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'name'], message: 'Name the pot' }],
    });
    expect(await counts()).toEqual(before);
  });
});

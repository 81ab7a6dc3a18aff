import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, districts, schools } from '../../drizzle/schema';
import { globalId, startServer, type TestServer } from '../setup/server';

// F3: a school's name is unique in its zone (the cohort import finds schools by name), and an
// import row naming a school two schools share (databases from before the rule) is refused.

let s: TestServer;
let admin: string;
let rushey: typeof schools.$inferSelect | undefined;
let otherDistrict: number;
beforeAll(async () => {
  s = await startServer();
  admin = await s.signIn('admin@demo.test');
  [rushey] = await s.db.select().from(schools).where(eq(schools.name, 'Rushey Green Primary School'));
  const [other] = await s.db
    .select()
    .from(districts)
    .where(and(eq(districts.zoneId, rushey!.zoneId), ne(districts.id, rushey!.districtId)));
  otherDistrict = other!.id;
});
afterAll(() => s.close());

const CREATE = `mutation($input: CreateSchoolInput!) { createSchool(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const IMPORT = `mutation($input: ImportChildrenInput!) { importChildren(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on ImportChildrenSuccess { import { added errorCount rows { row errors } } } } }`;
const school = (name: string, districtId: number) => ({
  name,
  districtId: globalId('District', districtId),
  postcode: 'SE6 4RU',
  latitude: 51.44,
  longitude: -0.02,
});
const named = (name: string) => s.db.$count(schools, eq(schools.name, name));
const REFUSED = { path: ['input', 'name'], message: 'There is already a school with this name' };

describe('a school’s name is its own in the zone', () => {
  it('refuses a name the zone has, in another district or the same one, with spaces around it or in other case', async () => {
    for (const [name, districtId] of [
      ['Rushey Green Primary School', otherDistrict],
      ['  Rushey Green Primary School ', rushey!.districtId],
      ['RUSHEY GREEN primary school', otherDistrict],
    ] as const) {
      const res = await s.gql(CREATE, { input: school(name, districtId) }, admin);
      expect(res.data.createSchool.__typename).toBe('ValidationError');
      expect(res.data.createSchool.fieldErrors).toEqual([REFUSED]);
    }
    expect(await named('Rushey Green Primary School')).toBe(1);
  });

  it('refuses a school or district named with spaces alone (length was checked before trimming)', async () => {
    const [schoolsBefore, districtsBefore] = [await s.db.$count(schools), await s.db.$count(districts)];
    for (const name of ['   ', ' x  ', '\t\t\t']) {
      const made = (await s.gql(CREATE, { input: school(name, otherDistrict) }, admin)).data.createSchool;
      expect(made).toMatchObject({
        __typename: 'ValidationError',
        fieldErrors: [{ path: ['input', 'name'], message: 'Enter the school’s name' }],
      });
      const district = (
        await s.gql(
          `mutation($input: CreateDistrictInput!) { createDistrict(input: $input) { __typename
            ... on ValidationError { fieldErrors { path message } } } }`,
          { input: { name } },
          admin,
        )
      ).data.createDistrict;
      expect(district).toEqual({
        __typename: 'ValidationError',
        fieldErrors: [{ path: ['input', 'name'], message: 'Enter the district’s name' }],
      });
    }
    expect([await s.db.$count(schools), await s.db.$count(districts)]).toEqual([schoolsBefore, districtsBefore]);
  });

  it('ten identical additions at once: exactly one is made', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => s.gql(CREATE, { input: school('Hither Green Academy', otherDistrict) }, admin)),
    );
    const types = results.map((r) => r.data.createSchool.__typename);
    expect(types.filter((t) => t === 'CreateSchoolSuccess')).toHaveLength(1);
    expect(types.filter((t) => t === 'ValidationError')).toHaveLength(9);
    expect(await named('Hither Green Academy')).toBe(1);
  });
});

describe('importing a cohort when two schools share a name', () => {
  const HEADER = 'firstName,lastName,dateOfBirth,school,yearGroup,needs,programmeStart,programmeEnd,linkWorkerEmail';
  const ROW = 'Mo,Farah,2016-05-02,Rushey Green Primary School,5,anxiety,2027-01-04,,linkworker@demo.test';
  const csv = [HEADER, ROW].join('\n');
  const AMBIGUOUS = 'More than one school is called “Rushey Green Primary School”: rename one in Schools first';

  it('refuses the row in the preview and in the commit, and adds no one', async () => {
    // As a database from before the rule might hold: inserted past the mutation.
    const { id: _id, ...copy } = rushey!;
    await s.db.insert(schools).values({ ...copy, districtId: otherDistrict });
    const before = await s.db.$count(children);

    const preview = await s.gql(IMPORT, { input: { csv, dryRun: true } }, admin);
    expect(preview.data.importChildren.import).toEqual({
      added: 0,
      errorCount: 1,
      rows: [{ row: 2, errors: [AMBIGUOUS] }],
    });
    const commit = await s.gql(IMPORT, { input: { csv, dryRun: false } }, admin);
    expect(commit.data.importChildren.__typename).toBe('ValidationError');
    expect(commit.data.importChildren.fieldErrors).toEqual([
      { path: ['input', 'csv', '2'], message: `Row 2: ${AMBIGUOUS}` },
    ]);
    expect(await s.db.$count(children)).toBe(before);
  });
});

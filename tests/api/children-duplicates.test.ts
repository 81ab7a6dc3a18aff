import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, children, schools } from '../../drizzle/schema';
import { globalId, startServer, type TestServer } from '../setup/server';

// The same child is not added twice: addChild checks as the cohort import does (names in any case,
// date of birth and school); a withdrawn child may join again with a new reference, a completed one
// may not; and two adds or imports of one child at the same moment add it once (a per-zone lock).

let s: TestServer;
let lw: string;
let admin: string;
let school: number;
beforeAll(async () => {
  s = await startServer();
  lw = await s.signIn('linkworker@demo.test');
  admin = await s.signIn('admin@demo.test');
  await s.db.update(schools).set({ phase: 'PRIMARY' }).where(eq(schools.name, 'Rushey Green Primary School'));
  school = (await s.db.select().from(schools).where(eq(schools.name, 'Rushey Green Primary School')))[0]!.id;
});
afterAll(() => s.close());

const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const ADD = `mutation($input: AddChildInput!) { addChild(input: $input) { ${RESULT}
  ... on AddChildSuccess { child { id reference } } } }`;
const IMPORT = `mutation($input: ImportChildrenInput!) { importChildren(input: $input) { ${RESULT}
  ... on ImportChildrenSuccess { import { added rows { row errors reference } } } } }`;
const END = (name: string) => `mutation($input: EndProgrammeInput!) { ${name}(input: $input) { ${RESULT} } }`;
const HEADER = 'firstName,lastName,dateOfBirth,school,yearGroup,needs,programmeStart,programmeEnd,linkWorkerEmail';
const row = (first: string, last: string, dob: string) =>
  `${first},${last},${dob},Rushey Green Primary School,4,anxiety,2027-01-04,,linkworker@demo.test`;
const child = (firstName: string, lastName: string, dateOfBirth: string) => ({
  firstName,
  lastName,
  dateOfBirth,
  schoolId: globalId('School', school),
  yearGroup: 4,
  needs: ['anxiety'],
  programmeStart: '2026-12-01',
});
const add = async (input: Record<string, unknown>) => (await s.gql(ADD, { input }, lw)).data.addChild;
const written = async () => ({ children: await s.db.$count(children), audit: await s.db.$count(auditEvents) });

describe('the same child twice', () => {
  it('addChild refuses a child already in the zone, naming its reference, and writes nothing', async () => {
    const first = await add(child('Mary', 'Seacole', '2017-02-11'));
    expect(first.__typename).toBe('AddChildSuccess');
    const before = await written();
    const again = await add(child(' mary ', 'SEACOLE', '2017-02-11'));
    expect(again).toEqual({
      __typename: 'ValidationError',
      message: `This child is already in your partnership as ${first.child.reference}`,
      fieldErrors: [],
    });
    expect(await written()).toEqual(before);
    // Another link worker is told it is on another caseload, not its reference (audit 57).
    const other = await s.signIn('linkworker2@demo.test');
    const signedIn = await written();
    const theirs = (await s.gql(ADD, { input: child('Mary', 'Seacole', '2017-02-11') }, other)).data.addChild;
    expect(theirs).toEqual({
      __typename: 'ValidationError',
      message:
        'This child is already in your partnership, on another link worker’s caseload: an administrator can move them to yours',
      fieldErrors: [],
    });
    expect(JSON.stringify(theirs)).not.toContain(first.child.reference);
    expect(await written()).toEqual(signedIn);
    // Another date of birth is another child.
    expect((await add(child('Mary', 'Seacole', '2017-02-12'))).__typename).toBe('AddChildSuccess');
  });

  it('a withdrawn child may join again with a new reference; a completed one may not', async () => {
    const gone = await add(child('Alan', 'Turing', '2016-06-23'));
    const done = await add(child('Rosalind', 'Franklin', '2016-07-25'));
    for (const [name, id] of [
      ['withdrawChild', gone.child.id],
      ['completeChildProgramme', done.child.id],
    ]) {
      const ended = await s.gql(END(name), { input: { childId: id, reason: 'Moved away from the area' } }, lw);
      expect(ended.data[name].__typename, name).toBe(`${name[0]!.toUpperCase()}${name.slice(1)}Success`);
    }
    const back = await add(child('Alan', 'Turing', '2016-06-23'));
    expect(back.__typename).toBe('AddChildSuccess');
    expect(back.child.reference).not.toBe(gone.child.reference);
    const csv = [HEADER, row('Rosalind', 'Franklin', '2016-07-25')].join('\n');
    const preview = await s.gql(IMPORT, { input: { csv, dryRun: true } }, admin);
    expect(preview.data.importChildren.import.rows[0].errors).toEqual([
      `This child is already in your partnership as ${done.child.reference}`,
    ]);
    expect((await add(child('Rosalind', 'Franklin', '2016-07-25'))).message).toBe(
      `This child is already in your partnership as ${done.child.reference}`,
    );
  });

  it('four adds and two imports of one child at the same moment add it once', async () => {
    const before = await s.db.$count(children);
    const adds = await Promise.all([0, 1, 2, 3].map(() => add(child('Noor', 'Inayat', '2015-01-02'))));
    expect(adds.filter((a) => a.__typename === 'AddChildSuccess')).toHaveLength(1);
    expect(adds.filter((a) => a.__typename === 'ValidationError')).toHaveLength(3);

    const csv = [HEADER, row('Ellen', 'Ochoa', '2016-05-10'), row('Chien', 'Wu', '2016-05-31')].join('\n');
    const imports = await Promise.all(
      [0, 1].map(async () => (await s.gql(IMPORT, { input: { csv, dryRun: false } }, admin)).data.importChildren),
    );
    expect(imports.map((i) => i.__typename).sort()).toEqual(['ImportChildrenSuccess', 'ValidationError']);
    expect(await s.db.$count(children)).toBe(before + 3);
  });
});

import { readFileSync } from 'node:fs';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categories,
  children,
  districts,
  fundingPots,
  organisationRequests,
  organisations,
  schools,
  services,
  shortlists,
  users,
} from '../../drizzle/schema';
import { checkNewZone } from '../../schema/domain/zones';
import { joinInput } from '../setup/join-requests';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 66 D: a name is one line. A line break or tab in an organisation's, a person's, a list's or
// a fund's name reached the Open Referral feed ("Riverside\r\nBcc: x@y"), CSV cells and emails; it is
// refused as a field error naming the input, and nothing is written.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const RESULT = `__typename ... on ValidationError { message fieldErrors { path message } }`;
const call = async (email: string | null, mutation: string, type: string, input: object) => {
  const token = email ? await s.signIn(email) : undefined;
  const res = await s.gql(`mutation($input: ${type}!) { ${mutation}(input: $input) { ${RESULT} } }`, { input }, token);
  expect(res.errors).toBeUndefined();
  return res.data[mutation];
};
const refusal = (path: string[], message: string) => ({
  __typename: 'ValidationError',
  message,
  fieldErrors: [{ path, message }],
});

const BCC = 'Riverside\r\nBcc: x@y';

describe('organisation names', () => {
  it('a provider renaming their organisation across two lines: refused, the name unchanged', async () => {
    const [before] = await s.db.select().from(organisations).where(eq(organisations.name, 'Riverside Family Therapy'));
    const result = await call('provider@demo.test', 'updateOrganisation', 'UpdateOrganisationInput', { name: BCC });
    expect(result).toEqual(refusal(['input', 'name'], 'The organisation’s name must be on one line'));
    const [after] = await s.db.select().from(organisations).where(eq(organisations.id, before!.id));
    expect(after!.name).toBe('Riverside Family Therapy');
  });

  it('a tab inside the name is refused too; a line break only at the end is trimmed away', async () => {
    const tab = await call('provider@demo.test', 'updateOrganisation', 'UpdateOrganisationInput', {
      name: 'Riverside\tFamily Therapy',
    });
    expect(tab).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'name'] }] });
    const trailing = await call('provider@demo.test', 'updateOrganisation', 'UpdateOrganisationInput', {
      name: 'Riverside Family Therapy\r\n',
    });
    expect(trailing.__typename).toBe('UpdateOrganisationSuccess');
  });

  it('a request to join with a two-line name or contact name: refused, no request kept', async () => {
    const before = await s.db.$count(organisationRequests);
    const name = await call(
      null,
      'requestToJoin',
      'RequestToJoinInput',
      joinInput({ name: 'Evil Org\r\nBcc: e@x.test' }),
    );
    expect(name).toEqual(refusal(['input', 'name'], 'The organisation’s name must be on one line'));
    const contact = await call(null, 'requestToJoin', 'RequestToJoinInput', joinInput({ contactName: 'Mal\nBcc: e' }));
    expect(contact).toEqual(refusal(['input', 'contactName'], 'The contact’s name must be on one line'));
    expect(await s.db.$count(organisationRequests)).toBe(before);
  });

  it('an administrator adding an organisation with a two-line name: refused, none added', async () => {
    const before = await s.db.$count(organisations);
    const result = await call('admin@demo.test', 'createOrganisation', 'CreateOrganisationInput', {
      kind: 'VCSE',
      name: 'New\nTrust',
      charityNumber: '1199887',
    });
    expect(result).toEqual(refusal(['input', 'name'], 'The organisation’s name must be on one line'));
    expect(await s.db.$count(organisations)).toBe(before);
  });
});

describe('people’s names', () => {
  it('inviting a user or a colleague with a two-line name: refused, no account made', async () => {
    const before = await s.db.$count(users);
    const user = await call('admin@demo.test', 'inviteUser', 'InviteUserInput', {
      name: 'Mal\r\nBcc: evil@x.test',
      email: 'mal@x.test',
      role: 'COMMISSIONER',
    });
    expect(user).toEqual(refusal(['input', 'name'], 'The person’s name must be on one line'));
    const colleague = await call('provider@demo.test', 'inviteColleague', 'InviteColleagueInput', {
      name: 'Mal\nBcc',
      email: 'mal2@x.test',
    });
    expect(colleague).toEqual(refusal(['input', 'name'], 'The person’s name must be on one line'));
    expect(await s.db.$count(users)).toBe(before);
  });

  it('a child’s first or last name across two lines: refused, no child added', async () => {
    const [school] = await s.db.select().from(schools).limit(1);
    const before = await s.db.$count(children);
    const result = await call('linkworker@demo.test', 'addChild', 'AddChildInput', {
      firstName: 'Amara\nBcc',
      lastName: 'Okafor\r\nX',
      needs: [],
      schoolId: globalId('School', school!.id),
      yearGroup: 5,
    });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: expect.arrayContaining([
        { path: ['input', 'firstName'], message: 'The child’s first name must be on one line' },
        { path: ['input', 'lastName'], message: 'The child’s last name must be on one line' },
      ]),
    });
    expect(await s.db.$count(children)).toBe(before);
  });

  it('a listing’s contact name across two lines: refused, as its name already was', async () => {
    const [cat] = await s.db.select().from(categories).where(eq(categories.slug, 'counselling'));
    const before = await s.db.$count(services);
    const result = await call('provider@demo.test', 'createService', 'CreateServiceInput', {
      name: 'Teen talk sessions',
      description: 'Counselling for teenagers in Catford.',
      categoryIds: [globalId('Category', cat!.id)],
      minAge: 12,
      maxAge: 18,
      deliveryModes: ['ONLINE'],
      commissionable: false,
      contactName: 'Sam\r\nBcc: x@y',
    });
    expect(result).toEqual(refusal(['input', 'contactName'], 'The contact name must be on one line'));
    expect(await s.db.$count(services)).toBe(before);
  });
});

describe('the zone’s own names', () => {
  it('districts, schools, pots, funds, measures and shortlists: each refused, none written', async () => {
    const counts = async () => [
      await s.db.$count(districts),
      await s.db.$count(schools),
      await s.db.$count(fundingPots),
      await s.db.$count(shortlists),
    ];
    const before = await counts();
    const [district] = await s.db.select().from(districts).limit(1);
    const cases: [string | null, string, string, object, string[], string][] = [
      [
        'admin@demo.test',
        'createDistrict',
        'CreateDistrictInput',
        { name: 'North\nSide' },
        ['input', 'name'],
        'The district’s name must be on one line',
      ],
      [
        'admin@demo.test',
        'createSchool',
        'CreateSchoolInput',
        {
          name: 'Hill\r\nPrimary',
          districtId: globalId('District', district!.id),
          postcode: 'SE6 4RU',
          latitude: 51.44,
          longitude: -0.02,
        },
        ['input', 'name'],
        'The school’s name must be on one line',
      ],
      [
        'commissioner@demo.test',
        'createFundingPot',
        'CreateFundingPotInput',
        { name: 'Pot\nTwo', source: 'COUNCIL', totalPence: 100 },
        ['input', 'name'],
        'The pot’s name must be on one line',
      ],
      [
        'commissioner@demo.test',
        'createDistrictFund',
        'DistrictFundInput',
        {
          name: 'Fund\nA',
          source: 'COUNCIL',
          totalPence: 100,
          formula: { name: 'Even', baseWeight: 1, childrenWeight: 0, deprivationWeight: 0, pupilsWeight: 0 },
        },
        ['input', 'name'],
        'The fund’s name must be on one line',
      ],
      [
        'admin@demo.test',
        'createMeasure',
        'CreateMeasureInput',
        { name: 'Mood\nscale', code: 'MOODX', minScore: 0, maxScore: 10, better: 'HIGHER' },
        ['input', 'name'],
        'The measure’s name must be on one line',
      ],
      [
        'linkworker@demo.test',
        'saveToShortlist',
        'SaveToShortlistInput',
        { serviceId: globalId('Service', 1), name: 'Ideas\nfor the Patels' },
        ['input', 'name'],
        'The list’s name must be on one line',
      ],
    ];
    for (const [email, mutation, type, input, path, message] of cases) {
      const result = await call(email, mutation, type, input);
      expect(result, mutation).toMatchObject({
        __typename: 'ValidationError',
        fieldErrors: expect.arrayContaining([{ path, message }]),
      });
    }
    expect(await counts()).toEqual(before);
  });
});

describe('a new zone’s names (zone:create)', () => {
  it('a zone or administrator name across two lines is refused', () => {
    const zone = {
      slug: 'wigan',
      name: 'Wigan\nBcc',
      period: '2026-27',
      adminEmail: 'a@wigan.example',
      adminName: 'Al\r\nX',
    };
    expect(() => checkNewZone(zone)).toThrow(
      expect.objectContaining({
        fieldErrors: [
          { path: ['name'], message: 'The name must be on one line' },
          { path: ['adminName'], message: 'The administrator’s name must be on one line' },
        ],
      }),
    );
  });
});

describe('names stored before the rule', () => {
  it('the migration puts each on one line; a district whose cleaned name is taken keeps its own', async () => {
    const [org] = await s.db.select().from(organisations).where(eq(organisations.name, 'Riverside Family Therapy'));
    const [admin] = await s.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
    await s.db
      .update(organisations)
      .set({ name: 'Riverside \r\n\tFamily Therapy\n' })
      .where(eq(organisations.id, org!.id));
    await s.db.update(users).set({ name: 'Ada\r\nBcc: x@y' }).where(eq(users.id, admin!.id));
    const made = await s.db
      .insert(districts)
      .values(['Old\nQuay', 'Old\rQuay', 'Far Hill', 'Far\nHill'].map((name) => ({ zoneId: org!.zoneId, name })))
      .returning();
    const file = new URL('../../drizzle/migrations/20261207150821_names_on_one_line/migration.sql', import.meta.url);
    for (const statement of readFileSync(file, 'utf8').split('--> statement-breakpoint'))
      await s.db.execute(sql.raw(statement));

    const [orgAfter] = await s.db.select().from(organisations).where(eq(organisations.id, org!.id));
    expect(orgAfter!.name).toBe('Riverside Family Therapy');
    const [adminAfter] = await s.db.select().from(users).where(eq(users.id, admin!.id));
    expect(adminAfter!.name).toBe('Ada Bcc: x@y');
    const after = await s.db
      .select({ name: districts.name })
      .from(districts)
      .where(
        inArray(
          districts.id,
          made.map((d) => d.id),
        ),
      )
      .orderBy(districts.id);
    expect(after.map((d) => d.name)).toEqual(['Old Quay', 'Old\rQuay', 'Far Hill', 'Far\nHill']);
  });
});

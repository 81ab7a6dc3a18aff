import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  categories,
  children,
  emailOutbox,
  fundingPots,
  schools,
  services,
  signInThrottles,
} from '../../drizzle/schema';
import { RESET_LIMITS } from '../../schema/domain/account-requests';
import { freeChildren, serviceId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Values that are well formed but not what anyone means: names of invisible characters, text in
// another Unicode spelling, dates a century out, page sizes past the limit, quoted email local
// parts, and anonymous forms asked for without end. Each is refused (or made canonical) with the
// portal's own words, and changes nothing.

let s: TestServer;
let provider: string;
let lw: string;
let commissioner: string;
let counselling: string;
beforeAll(async () => {
  s = await startServer();
  provider = await s.signIn('provider@demo.test');
  lw = await s.signIn('linkworker@demo.test');
  commissioner = await s.signIn('commissioner@demo.test');
  const [cat] = await s.db.select().from(categories).where(eq(categories.slug, 'counselling'));
  counselling = globalId('Category', cat!.id);
});
afterAll(() => s.close());

const ZERO_WIDTH = '\u200b\u200c\u2060';
const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const CREATE = `mutation($input: CreateServiceInput!) { createService(input: $input) { ${RESULT}
  ... on CreateServiceSuccess { service { id name locations { postcode } } } } }`;
const listing = (over: Record<string, unknown> = {}) => ({
  name: 'Teen talk sessions',
  description: 'Counselling for teenagers.',
  categoryIds: [counselling],
  minAge: 12,
  maxAge: 18,
  deliveryModes: ['COMMUNITY_VENUE'],
  commissionable: false,
  locations: [{ name: 'Hub', address: '1 High Street', postcode: 'SE6 4JD', latitude: 51.445, longitude: -0.02 }],
  ...over,
});

describe('listings', () => {
  it('a name of zero-width characters, or of punctuation alone, is refused as no name at all; nothing is written', async () => {
    const before = await s.db.$count(services);
    // Invisible-only text is refused for every argument of every operation, before anything runs.
    const invisible = await s.gql(CREATE, { input: listing({ name: ` ${ZERO_WIDTH} ` }) }, provider);
    expect(invisible.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['BAD_USER_INPUT', 'Variable input.name is made only of invisible characters'],
    ]);
    // Which argument and why, for a form to say so beside its box.
    expect(invisible.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'INVISIBLE_ONLY',
      argument: 'input.name',
    });
    const literal = await s.gql(
      `mutation { saveToShortlist(input: { serviceId: "x", name: "${ZERO_WIDTH}" }) { __typename } }`,
      {},
      lw,
    );
    expect(literal.errors?.[0]?.message).toBe('An argument is made only of invisible characters');
    // A name with something visible but no letter or digit is the form's own error, at the field.
    const res = await s.gql(CREATE, { input: listing({ name: '— · —' }) }, provider);
    expect(res.data.createService.fieldErrors).toEqual([
      { path: ['input', 'name'], message: 'Enter the service name' },
    ]);
    const venue = await s.gql(
      CREATE,
      { input: listing({ locations: [{ ...listing().locations[0], name: '...' }] }) },
      provider,
    );
    expect(venue.data.createService.fieldErrors.map((e: { path: string[] }) => e.path.join('.'))).toEqual([
      'input.locations.0.name',
    ]);
    expect(await s.db.$count(services)).toBe(before);
  });

  it('text is stored composed (NFC), so "Cafe" + a combining accent is found by "Café" and the other way round', async () => {
    const res = await s.gql(CREATE, { input: listing({ name: 'Crepe\u0301 cafe\u0301 club' }) }, provider);
    const service = res.data.createService.service;
    expect(service.name).toBe('Crep\u00e9 caf\u00e9 club');
    const SEARCH = `query($text: String) { services(filter: { text: $text }) { totalCount edges { node { id } } } }`;
    for (const text of ['caf\u00e9', 'cafe\u0301']) {
      const found = await s.gql(SEARCH, { text }, provider);
      expect(
        found.data.services.edges.map((e: { node: { id: string } }) => e.node.id),
        text,
      ).toContain(service.id);
      expect(found.data.services.totalCount, text).toBe(found.data.services.edges.length);
    }
  });

  it('a name with a line break (a header in an email subject, a broken CSV cell) is refused', async () => {
    const res = await s.gql(CREATE, { input: listing({ name: 'Family drop-in\r\nBcc: evil@example.org' }) }, provider);
    expect(res.data.createService.fieldErrors).toEqual([
      { path: ['input', 'name'], message: 'The service name must be on one line' },
    ]);
  });

  it('a postcode typed without its space (or with two) is stored as written on letters', async () => {
    const at = (postcode: string) => ({ locations: [{ ...listing().locations[0], postcode }] });
    const tight = await s.gql(CREATE, { input: listing(at('se64jd')) }, provider);
    expect(tight.data.createService.service.locations).toEqual([{ postcode: 'SE6 4JD' }]);
    const loose = await s.gql(CREATE, { input: listing(at('ec1a  1bb')) }, provider);
    expect(loose.data.createService.service.locations).toEqual([{ postcode: 'EC1A 1BB' }]);
  });
});

describe('children', () => {
  const ADD = `mutation($input: AddChildInput!) { addChild(input: $input) { ${RESULT} } }`;
  const child = async (over: Record<string, unknown>) => {
    const [school] = await s.db.select().from(schools).where(eq(schools.name, 'Catford Park Secondary School'));
    return {
      firstName: 'Ada',
      lastName: 'Lovelace',
      dateOfBirth: '2013-03-14',
      schoolId: globalId('School', school!.id),
      yearGroup: 8,
      needs: [],
      programmeStart: '2026-12-01',
      ...over,
    };
  };
  const fieldErrors = async (over: Record<string, unknown>) => {
    const before = await s.db.$count(children);
    const res = await s.gql(ADD, { input: await child(over) }, lw);
    expect(res.data.addChild.__typename).toBe('ValidationError');
    expect(await s.db.$count(children)).toBe(before);
    return res.data.addChild.fieldErrors;
  };

  it('names without a letter or digit are refused (invisible-only ones never reach the form: see listings)', async () => {
    expect(await fieldErrors({ firstName: '\u200b.', lastName: '-\u2060-' })).toEqual([
      { path: ['input', 'firstName'], message: 'Enter the child’s first name (up to 80 characters)' },
      { path: ['input', 'lastName'], message: 'Enter the child’s last name (up to 80 characters)' },
    ]);
  });

  it('a missing start date or birth date asks for it; a start a century out is refused', async () => {
    expect(await fieldErrors({ programmeStart: null, dateOfBirth: null })).toEqual([
      { path: ['input', 'programmeStart'], message: 'Enter the programme start date' },
      { path: ['input', 'dateOfBirth'], message: 'Enter the date of birth' },
    ]);
    for (const programmeStart of ['1900-01-01', '2090-09-01']) {
      expect(await fieldErrors({ programmeStart, dateOfBirth: `${programmeStart.slice(0, 4)}-01-01` })).toContainEqual({
        path: ['input', 'programmeStart'],
        message: 'The programme must start within the last 5 years or the next year',
      });
    }
  });

  it('an outcome score dated long before the programme is refused', async () => {
    const [kid] = await freeChildren(s.db, 'linkworker@demo.test');
    const RECORD = `mutation($input: RecordOutcomeMeasureInput!) { recordOutcomeMeasure(input: $input) { ${RESULT} } }`;
    const record = (measuredOn: string) =>
      s.gql(
        RECORD,
        { input: { childId: globalId('Child', kid!.id), measure: 'SDQ_TOTAL', score: 12, measuredOn } },
        lw,
      );
    const old = (await record('1900-01-01')).data.recordOutcomeMeasure;
    expect(old.__typename).toBe('ValidationError');
    expect(old.fieldErrors[0].path).toEqual(['input', 'measuredOn']);
    expect(old.fieldErrors[0].message).toMatch(
      /^A score cannot be dated more than a year before the programme started/,
    );
    expect((await record('2026-11-20')).data.recordOutcomeMeasure.__typename).toBe('RecordOutcomeMeasureSuccess');
  });

  it('the children, caseload and audit lists refuse more than 100 a page, as every other list does', async () => {
    for (const [query, token] of [
      ['{ children(first: 101) { totalCount } }', lw],
      ['{ auditEvents(first: 101) { totalCount } }', commissioner],
      ['{ viewer { caseload(first: 101) { totalCount } } }', lw],
    ] as const) {
      const res = await s.gql(query, {}, token);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message, query).toBe('Ask for between 0 and 100 items a page');
    }
    expect((await s.gql('{ children(first: 100) { totalCount } }', {}, lw)).errors).toBeUndefined();
  });
});

describe('contracts and shortlists', () => {
  it('a contract ending in 9999, or starting decades out, is refused', async () => {
    const [pot] = await s.db.select().from(fundingPots).where(eq(fundingPots.zoneId, 1)).limit(1);
    const CREATE_CONTRACT = `mutation($input: CreateContractInput!) { createContract(input: $input) { ${RESULT} } }`;
    const contract = async (startDate: string, endDate: string) =>
      s.gql(
        CREATE_CONTRACT,
        {
          input: {
            serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')),
            fundingPotId: globalId('FundingPot', pot!.id),
            places: 2,
            pricePerPlacePence: 10_000,
            startDate,
            endDate,
          },
        },
        commissioner,
      );
    const forever = (await contract('2026-12-01', '9999-12-31')).data.createContract;
    expect(forever.fieldErrors).toEqual([
      { path: ['input', 'endDate'], message: 'A contract can last at most five years' },
    ]);
    const far = (await contract('2090-01-01', '2091-01-01')).data.createContract;
    expect(far.fieldErrors).toEqual([
      { path: ['input', 'startDate'], message: 'Enter a start date between 30 November 2024 and 30 November 2028' },
    ]);
  });

  it('a shortlist is not emailed to a quoted local part such as "<script>"@example.org', async () => {
    const SAVE = `mutation($input: SaveToShortlistInput!) { saveToShortlist(input: $input) { ${RESULT}
      ... on SaveToShortlistSuccess { shortlist { id } } } }`;
    const EMAIL = `mutation($input: EmailShortlistInput!) { emailShortlist(input: $input) { ${RESULT} } }`;
    const svc = globalId('Service', await serviceId(s.db, 'Family therapy sessions'));
    const list = (await s.gql(SAVE, { input: { serviceId: svc, name: 'For the family' } }, lw)).data.saveToShortlist
      .shortlist.id;
    const before = await s.db.$count(emailOutbox);
    for (const email of ['"<script>"@example.org', 'name@localhost', 'a@b@example.org']) {
      const res = (await s.gql(EMAIL, { input: { shortlistId: list, email } }, lw)).data.emailShortlist;
      expect(res.fieldErrors, email).toEqual([
        { path: ['input', 'email'], message: 'Enter an email address like name@example.org' },
      ]);
    }
    expect(await s.db.$count(emailOutbox)).toBe(before);
  });
});

describe('password reset requests, asked for without end', () => {
  const REQUEST = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ${RESULT}
    ... on TooManyAttemptsError { retryAfterSeconds } } }`;
  const queued = (address: string) =>
    s.db.$count(emailOutbox, and(eq(emailOutbox.toAddress, address), eq(emailOutbox.kind, 'PASSWORD_RESET_REQUEST')));
  beforeEach(() => s.db.delete(signInThrottles));

  it('one address is queued at most a few times an hour, known or not, with the same answer each time', async () => {
    for (const address of ['nobody-at-all@example.org', 'provider2@demo.test']) {
      for (let i = 0; i < RESET_LIMITS.perAddress + 3; i++) {
        const res = await s.gql(REQUEST, { input: { email: address } });
        expect(res.data.requestPasswordReset.__typename).toBe('RequestPasswordResetSuccess');
      }
      expect(await queued(address)).toBe(RESET_LIMITS.perAddress);
    }
  });

  it('one connection asking for many addresses is told to wait, and nothing more is queued', async () => {
    const before = await s.db.$count(emailOutbox);
    for (let i = 0; i < RESET_LIMITS.perConnection; i++)
      expect(
        (await s.gql(REQUEST, { input: { email: `made-up-${i}@example.org` } })).data.requestPasswordReset.__typename,
      ).toBe('RequestPasswordResetSuccess');
    const res = (await s.gql(REQUEST, { input: { email: 'one-more@example.org' } })).data.requestPasswordReset;
    expect(res.__typename).toBe('TooManyAttemptsError');
    expect(res.retryAfterSeconds).toBeGreaterThan(0);
    expect(await s.db.$count(emailOutbox)).toBe(before + RESET_LIMITS.perConnection);
  });
});

describe('a variable graphql-js cannot read', () => {
  // Audit 58: a form showed 'Variable "$input" got invalid value 9999999900 at "input.amountPence";
  // Int cannot represent non 32-bit signed integer value' with no box to fix. The error now names
  // the argument and, for a whole number past Int's range, why.
  const DELIVER = `mutation($input: RecordDeliveryInput!) { recordDelivery(input: $input) { __typename } }`;
  it('names the argument, and NUMBER_TOO_LARGE for a number past Int, nested or not', async () => {
    const nested = await s.gql(
      DELIVER,
      { input: { commissionId: 'Q29tbWlzc2lvbjox', units: 99_999_999_999 } },
      provider,
    );
    expect(nested.errors?.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', reason: 'NUMBER_TOO_LARGE', argument: 'input.units' },
    ]);
    const top = await s.gql(`query($first: Int) { services(first: $first) { totalCount } }`, { first: -3e9 }, lw);
    expect(top.errors?.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', reason: 'NUMBER_TOO_LARGE', argument: 'first' },
    ]);
    // Another reason to refuse a value: which argument, without a reason of ours.
    const word = await s.gql(DELIVER, { input: { commissionId: 'Q29tbWlzc2lvbjox', units: 'two' } }, provider);
    expect(word.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'input.units' }]);
    // A refused text that itself holds "; " is still its field's, not the variable's.
    const semicolon = await s.gql(
      DELIVER,
      { input: { commissionId: 'Q29tbWlzc2lvbjox', units: 'two; three' } },
      provider,
    );
    expect(semicolon.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'input.units' }]);
  });
});

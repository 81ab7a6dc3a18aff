import { readFileSync } from 'node:fs';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, searchLogs, unmetNeeds } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 59: evidence of unmet need kept a parent's name, a telephone number, an email address, a
// street address and a full postcode, typed into what a link worker tried or into a search; the
// commissioner's report and its CSV showed them. They are kept as [name], [phone], [email],
// [address], and a postcode as its district and [postcode].

let s: TestServer;
let childId = '';
let childName = '';
beforeAll(async () => {
  s = await startServer();
  await s.db.delete(searchLogs);
  await s.db.delete(unmetNeeds);
  const [first] = await s.db
    .select({ id: children.id, firstName: children.firstName, lastName: children.lastName })
    .from(children)
    .where(eq(children.linkWorkerId, await userId(s.db, 'linkworker@demo.test')))
    .orderBy(asc(children.id))
    .limit(1);
  childId = globalId('Child', first!.id);
  childName = `${first!.firstName} ${first!.lastName}`;
});
afterAll(() => s.close());

const SEARCH = `query($filter: ServiceFilter) { services(filter: $filter, first: 5) { edges { node { id } } } }`;
const REPORT = `{ unmetNeedReport { noResultSearches { queryText count } unmetNeeds { needTag triedExamples } } }`;
const RECORD = `mutation($input: RecordUnmetNeedInput!) { recordUnmetNeed(input: $input) { __typename
  ... on RecordUnmetNeedSuccess { unmetNeed { tried } } } }`;
const CONTACTS = [
  'Jane',
  'Acacia',
  'Larch',
  'Hazel',
  '07700',
  '900123',
  '7946',
  'jane@example.com',
  '4RU',
  'O’Neill',
  'Betty',
];

const record = async (tried: string, needTag = 'anxiety') =>
  (await s.gql(RECORD, { input: { childId, needTag, tried } }, await s.signIn('linkworker@demo.test'))).data
    .recordUnmetNeed;

describe('evidence of unmet need keeps no contact details', () => {
  it('what a link worker tried: a parent’s name, phone, email, street address and postcode are taken out', async () => {
    const tried =
      'Called mum Jane Wright on 07700 900123, jane@example.com, lives at 12 Acacia Road SE6 4RU. ' +
      'Mrs O’Neill (Nan Betty) on (020) 7946-0958 or +44 (0)20 7946 0958, was at 4 Larch Close.';
    const kept =
      'Called mum [name] on [phone], [email], lives at [address] SE6 [postcode]. ' +
      'Mrs [name] (Nan [name]) on [phone] or [phone], was at [address].';
    expect(await record(tried)).toEqual({ __typename: 'RecordUnmetNeedSuccess', unmetNeed: { tried: kept } });

    const commissioner = await s.signIn('commissioner@demo.test');
    const report = await s.gql(REPORT, {}, commissioner);
    expect(report.data.unmetNeedReport.unmetNeeds).toEqual([{ needTag: 'anxiety', triedExamples: [kept] }]);
    const csv = await (
      await fetch(`${s.url}/exports/unmet-need.csv`, { headers: { authorization: `Bearer ${commissioner}` } })
    ).text();
    expect(csv).toContain('lives at [address] SE6 [postcode]');
    for (const word of CONTACTS) expect(csv).not.toContain(word);
  });

  it('a search’s words: phone, email, postcode and a name after a title are taken out', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const text = 'zqxv mrs wright 07700900123 jane@example.com se6 4ru';
    expect((await s.gql(SEARCH, { filter: { text } }, lw)).data.services.edges).toEqual([]);
    await expect.poll(() => s.db.$count(searchLogs), { timeout: 10_000 }).toBe(1);
    const report = await s.gql(REPORT, {}, await s.signIn('commissioner@demo.test'));
    expect(report.data.unmetNeedReport.noResultSearches).toEqual([
      { queryText: 'zqxv mrs [name] [phone] [email] se6 [postcode]', count: 1 },
    ]);
  });

  it('a child’s name in full-width letters is known as the name it reads as', async () => {
    // "Ａｍａｒａ Ｏｋａｆｏｒ": each printable ASCII letter's full-width form.
    const wide = childName.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(wide).not.toBe(childName);
    expect((await record(`Asked about respite for ${wide}.`)).unmetNeed.tried).toBe(
      'Asked about respite for [name] [name]', // a whole word that is a name goes with its punctuation
    );
  });

  it('a child’s name run together with another word is known as a name', async () => {
    const [first, last] = childName.split(' ') as [string, string];
    expect(
      (await record(`Rang about ${first}${last}, ${first}${last}’s respite, for${first} on YouTube.`)).unmetNeed.tried,
    ).toBe('Rang about [name], [name] respite, for[name] on YouTube.');
  });

  it('keeps what is not a contact: key stages, numbers of sessions, charity and company numbers, a need', async () => {
    const tried =
      'KS2 5th year, ks3 2nd; a 2 week holiday park; mum and dad support group; Mum and Dad support; ' +
      'charity 1234567, company 01234567; ages 0 to 5; 8 sessions at £45; Childline 0800 1111; ' +
      'a 40 minute drive, 5 day holiday place, a 10 week course close to school.';
    expect(await record(tried, 'young carer')).toEqual({
      __typename: 'RecordUnmetNeedSuccess',
      unmetNeed: { tried },
    });
  });

  it('the migration cleans rows written so far the same way', async () => {
    const [row] = await s.db.select().from(unmetNeeds).limit(1);
    await s.db.insert(searchLogs).values({
      zoneId: row!.zoneId,
      queryText: 'old ms betty 020 7946 0958 jane@example.com',
      categorySlugs: [],
      resultCount: 0,
      signedIn: true,
    });
    const [first, last] = childName.split(' ') as [string, string];
    await s.db.insert(searchLogs).values({
      zoneId: row!.zoneId,
      queryText: `old ${first}${last} respite on YouTube`,
      categorySlugs: [],
      resultCount: 0,
      signedIn: true,
    });
    const { id: _id, ...copy } = row!;
    await s.db.insert(unmetNeeds).values({
      ...copy,
      tried: 'old: Dad, Jane Wright at 3a Hill Crescent, B1 1AA, then 9 Hazel Court',
    });
    for (const migration of [
      '20261206140632_contacts_out_of_evidence',
      '20261206172157_addresses_told_from_distances',
      '20261206210355_names_run_together_out_of_evidence',
    ]) {
      const file = new URL(`../../drizzle/migrations/${migration}/migration.sql`, import.meta.url);
      for (const statement of readFileSync(file, 'utf8').split('--> statement-breakpoint'))
        await s.db.execute(sql.raw(statement));
    }
    const logs = (await s.db.select().from(searchLogs)).map((r) => r.queryText);
    expect(logs).toContain('old ms [name] [phone] [email]');
    expect(logs).toContain('old [name] respite on YouTube');
    const tried = (await s.db.select().from(unmetNeeds)).map((r) => r.tried);
    expect(tried).toContain('old: Dad, [name] at [address], B1 [postcode], then [address]');
    for (const word of CONTACTS) expect(JSON.stringify([logs, tried])).not.toContain(word);
    // The later migration's rule is the one in place after both ran, as on a database migrated in order.
    expect((await record('a 20 minute drive to 9 Hazel Court')).unmetNeed.tried).toBe('a 20 minute drive to [address]');
  });
});

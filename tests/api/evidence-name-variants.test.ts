import { readFileSync } from 'node:fs';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, searchLogs, unmetNeeds } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 65: evidence of unmet need kept a child's name or reference written another way: run
// together in lower case ("amaraokafor"), with digits ("amara1", "patel2016"), as a plural with no
// apostrophe ("okafors"), with an accent ("amára"), and a reference without its hyphen or with a
// space ("rvb7vnu5", "rvb 7vnu5"). They are kept as [name] and [reference]; ordinary words are not.

let s: TestServer;
let child: { id: number; zoneId: number; firstName: string; lastName: string; reference: string };
let otherLast = '';
beforeAll(async () => {
  s = await startServer();
  await s.db.delete(searchLogs);
  await s.db.delete(unmetNeeds);
  const [first] = await s.db
    .select()
    .from(children)
    .where(eq(children.linkWorkerId, await userId(s.db, 'linkworker@demo.test')))
    .orderBy(asc(children.id))
    .limit(1);
  child = {
    id: first!.id,
    zoneId: first!.zoneId,
    firstName: first!.firstName!,
    lastName: first!.lastName!,
    reference: first!.reference,
  };
  // Another child's last name ("Patel"), and a child with accents and one with names of two letters.
  const [other] = await s.db
    .select({ lastName: children.lastName })
    .from(children)
    .where(and(eq(children.zoneId, child.zoneId), ne(children.lastName, child.lastName)))
    .limit(1);
  otherLast = other!.lastName!;
  const { id: _id, ...copy } = first!;
  await s.db.insert(children).values([
    { ...copy, reference: 'ACC-TS2X3', firstName: 'Siobhán', lastName: 'Nuñez' },
    { ...copy, reference: 'TWO-TS2X4', firstName: 'Al', lastName: 'Li' },
  ]);
});
afterAll(() => s.close());

const SEARCH = `query($filter: ServiceFilter) { services(filter: $filter, first: 5) { edges { node { id } } } }`;
const REPORT = `{ unmetNeedReport { noResultSearches { queryText count } unmetNeeds { needTag triedExamples } } }`;
const RECORD = `mutation($input: RecordUnmetNeedInput!) { recordUnmetNeed(input: $input) { __typename
  ... on RecordUnmetNeedSuccess { unmetNeed { tried } } } }`;

const record = async (tried: string, needTag = 'anxiety') =>
  (
    await s.gql(
      RECORD,
      { input: { childId: globalId('Child', child.id), needTag, tried } },
      await s.signIn('linkworker@demo.test'),
    )
  ).data.recordUnmetNeed.unmetNeed.tried as string;

const lower = (text: string) => text.toLowerCase();
const accented = (name: string) => name.replace(/[aeiou](?=[^aeiou]*$)/, (v) => `${v}\u0301`.normalize('NFC'));
const unhyphened = () => child.reference.replace('-', '');
const spaced = () => child.reference.replace('-', ' ');

describe('evidence of unmet need keeps no child’s name or reference written another way', () => {
  it('a whole name run together in lower case, either way round, and with an apostrophe-less s', async () => {
    const [first, last] = [child.firstName, child.lastName];
    expect(
      await record(`Rang about ${lower(first + last)}, ${first}${lower(last)}s respite, ${lower(last + first)} too`),
    ).toBe('Rang about [name], [name] respite, [name] too');
  });

  it('a name with digits, and a plural or possessive without an apostrophe', async () => {
    const [first, last] = [child.firstName, child.lastName];
    expect(
      await record(`${lower(first)}1 and ${first}2 met ${lower(otherLast)}2016; the ${lower(last)}s and ${last}s came`),
    ).toBe('[name] and [name] met [name]; the [name] and [name] came');
  });

  it('a name with an accent it lacks, or without one it has', async () => {
    expect(accented(child.firstName)).not.toBe(child.firstName);
    expect(
      await record(`Asked ${accented(child.firstName)} and ${lower(accented(child.lastName))}, then siobhan nunez`),
    ).toBe('Asked [name] and [name], then [name] [name]');
  });

  it('a reference without its hyphen, or with a space for it', async () => {
    expect(
      await record(`Refs ${lower(unhyphened())}, ${unhyphened()} and (${lower(spaced())}) or ${spaced()} again`),
    ).toBe('Refs [reference], [reference] and [reference] or [reference] again');
  });

  it('a search’s words written so are logged and reported as [name] and [reference]', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const text = `zqxj ${lower(child.firstName + child.lastName)} ${lower(child.lastName)}s ${lower(spaced())} ${lower(otherLast)}2016`;
    expect((await s.gql(SEARCH, { filter: { text } }, lw)).data.services.edges).toEqual([]);
    await expect.poll(() => s.db.$count(searchLogs), { timeout: 10_000 }).toBe(1);
    const report = await s.gql(REPORT, {}, await s.signIn('commissioner@demo.test'));
    expect(report.data.unmetNeedReport.noResultSearches).toEqual([
      { queryText: 'zqxj [name] [name] [reference] [name]', count: 1 },
    ]);
  });

  it('keeps ordinary words: ones starting with a name, digits and plurals of other words, names of two letters', async () => {
    const amaranth = `${lower(child.firstName)}nth`;
    const tried =
      `${amaranth}, YouTube on an iPad, KS2 and ks3, year7, covid19, mp3s; sessions in groups; ` +
      'al2 als lis alive; the house; Silvan; a da capo choir';
    expect(await record(tried, 'young carer')).toBe(tried);
    expect(await record('Al and Li, Al’s mum')).toBe('[name] and [name] [name] mum');
  });

  it('the migration cleans rows written so far the same way', async () => {
    const [row] = await s.db.select().from(unmetNeeds).limit(1);
    await s.db.insert(searchLogs).values({
      zoneId: child.zoneId,
      queryText: `old ${lower(child.firstName + child.lastName)} ${lower(unhyphened())}`,
      categorySlugs: [],
      resultCount: 0,
      signedIn: true,
    });
    const { id: _id, ...copy } = row!;
    await s.db
      .insert(unmetNeeds)
      .values({ ...copy, tried: `old: ${child.lastName}s, ${lower(child.firstName)}1 (${spaced()})` });
    const file = new URL(
      '../../drizzle/migrations/20261207111502_names_variants_out_of_evidence/migration.sql',
      import.meta.url,
    );
    for (const statement of readFileSync(file, 'utf8').split('--> statement-breakpoint'))
      await s.db.execute(sql.raw(statement));
    const logs = (await s.db.select().from(searchLogs)).map((r) => r.queryText);
    expect(logs).toContain('old [name] [reference]');
    const tried = (await s.db.select().from(unmetNeeds)).map((r) => r.tried);
    expect(tried).toContain('old: [name], [name] [reference]');
  });
});

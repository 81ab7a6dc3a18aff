import { readFileSync } from 'node:fs';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, searchLogs, unmetNeeds } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Evidence of unmet need is recorded "without personal data" (PRODUCT.md), yet link workers type a
// child's name or reference into a search, or into what they tried (audit 37 F1). Those words are
// kept as "[name]" and "[reference]"; the commissioner's report and its CSV show only that.

let s: TestServer;
let child: {
  id: number;
  firstName: string | null;
  lastName: string | null;
  reference: string;
  dateOfBirth: string | null;
};
beforeAll(async () => {
  s = await startServer();
  await s.db.delete(searchLogs);
  await s.db.delete(unmetNeeds);
  const [first] = await s.db
    .select({
      id: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      reference: children.reference,
      dateOfBirth: children.dateOfBirth,
    })
    .from(children)
    .where(eq(children.linkWorkerId, await userId(s.db, 'linkworker@demo.test')))
    .orderBy(asc(children.id))
    .limit(1);
  child = first!;
});
afterAll(() => s.close());

const SEARCH = `query($filter: ServiceFilter) { services(filter: $filter, first: 5) { edges { node { id } } } }`;
const REPORT = `{ unmetNeedReport { noResultSearches { queryText count } unmetNeeds { needTag triedExamples } } }`;
const RECORD = `mutation($input: RecordUnmetNeedInput!) { recordUnmetNeed(input: $input) { __typename
  ... on Error { message } ... on RecordUnmetNeedSuccess { unmetNeed { tried } } } }`;

describe('evidence of unmet need keeps no child’s name or reference', () => {
  it('a search for a child by name and reference is logged and reported as [name] and [reference]', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const text = `${child.firstName} ${child.lastName} ${child.reference} needs zqxj help`;
    const res = await s.gql(SEARCH, { filter: { text } }, lw);
    expect(res.data.services.edges).toEqual([]);
    await expect.poll(() => s.db.$count(searchLogs), { timeout: 10_000 }).toBe(1);
    const [logged] = await s.db.select().from(searchLogs);
    expect(logged!.queryText).toBe('[name] [name] [reference] needs zqxj help');

    const report = await s.gql(REPORT, {}, await s.signIn('commissioner@demo.test'));
    expect(report.data.unmetNeedReport.noResultSearches).toEqual([
      { queryText: '[name] [name] [reference] needs zqxj help', count: 1 },
    ]);
  });

  it('what a link worker tried is kept without the child’s name or reference, and the CSV shows only that', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const tried = `Searched for ${child.firstName} ${child.lastName} (${child.reference}) after a bereavement; ${child.firstName}'s school has nothing.`;
    const res = await s.gql(
      RECORD,
      { input: { childId: globalId('Child', child.id), needTag: 'bereavement', tried } },
      lw,
    );
    const kept = 'Searched for [name] [name] [reference] after a bereavement; [name] school has nothing.';
    expect(res.data.recordUnmetNeed).toEqual({ __typename: 'RecordUnmetNeedSuccess', unmetNeed: { tried: kept } });
    const commissioner = await s.signIn('commissioner@demo.test');
    const report = await s.gql(REPORT, {}, commissioner);
    expect(report.data.unmetNeedReport.unmetNeeds).toEqual([{ needTag: 'bereavement', triedExamples: [kept] }]);
    const csv = await (
      await fetch(`${s.url}/exports/unmet-need.csv`, { headers: { authorization: `Bearer ${commissioner}` } })
    ).text();
    expect(csv).toContain('[name] school has nothing');
    for (const word of [child.firstName!, child.lastName!, child.reference])
      expect(csv.toLowerCase()).not.toContain(word.toLowerCase());
  });

  // Audit 57: "Sofia/Silva", "sofia.silva" and a date of birth were kept, as only whole words between
  // spaces were looked at.
  const dates = () => {
    const [y, m, d] = child.dateOfBirth!.split('-');
    const month = new Date(`${child.dateOfBirth}T12:00:00Z`).toLocaleString('en-GB', {
      month: 'long',
      timeZone: 'UTC',
    });
    return [
      child.dateOfBirth!,
      `${d}/${m}/${y}`,
      `${Number(d)}.${Number(m)}.${y!.slice(2)}`,
      `${Number(d)} ${month} ${y}`,
    ];
  };
  const joined = () => {
    const [first, last] = [child.firstName!, child.lastName!];
    return `${first}/${last}, ${first}.${last}, ${first}_${last}, ${first}-${last}`;
  };
  const expectNothingPersonal = (text: string) => {
    for (const word of [child.firstName!, child.lastName!, child.reference, ...dates()])
      expect(text.toLowerCase()).not.toContain(word.toLowerCase());
  };

  it('names joined by punctuation and dates of birth are kept as [name] and [date], in report and CSV', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const [iso, slashed, dotted, spelt] = dates();
    const tried = `Rang 3 carers groups for ${joined()} (born ${iso}); born ${slashed}, ${dotted} or ${spelt} too`;
    const res = await s.gql(
      RECORD,
      { input: { childId: globalId('Child', child.id), needTag: 'young carer', tried } },
      lw,
    );
    const kept =
      'Rang 3 carers groups for [name]/[name], [name].[name], [name]_[name], [name]-[name] (born [date]); born [date], [date] or [date] too';
    expect(res.data.recordUnmetNeed).toEqual({ __typename: 'RecordUnmetNeedSuccess', unmetNeed: { tried: kept } });
    const search = await s.gql(
      SEARCH,
      { filter: { text: `qqzzx ${child.firstName}.${child.lastName} ${slashed}` } },
      lw,
    );
    expect(search.data.services.edges).toEqual([]);
    await expect.poll(() => s.db.$count(searchLogs), { timeout: 10_000 }).toBe(2);

    const commissioner = await s.signIn('commissioner@demo.test');
    const report = await s.gql(REPORT, {}, commissioner);
    expect(report.data.unmetNeedReport.noResultSearches).toContainEqual({
      queryText: 'qqzzx [name].[name] [date]',
      count: 1,
    });
    expect(report.data.unmetNeedReport.unmetNeeds).toContainEqual({ needTag: 'young carer', triedExamples: [kept] });
    expectNothingPersonal(JSON.stringify(report.data));
    const csv = await (
      await fetch(`${s.url}/exports/unmet-need.csv`, { headers: { authorization: `Bearer ${commissioner}` } })
    ).text();
    expect(csv).toContain('[name]/[name], [name].[name]');
    expectNothingPersonal(csv);
  });

  // A name of more than one part was looked for whole: "Silva" alone was kept for a "Da Silva".
  it('each part of a name of more than one part is a name too, in new rows and in rows written before', async () => {
    const [row] = await s.db.select().from(children).where(eq(children.id, child.id));
    const { id: _id, ...copy } = row!;
    await s.db
      .insert(children)
      .values({ ...copy, reference: 'PRT-TS2X3', firstName: 'Mary Ann', lastName: 'Da Silva-Okafor' });
    const tried = 'Asked Ann and nurse Silva, the Okafor family (Mary), a da capo choir; Silvan refused';
    const kept = 'Asked [name] and nurse [name] the [name] family [name] a [name] capo choir; Silvan refused';
    const res = await s.gql(
      RECORD,
      { input: { childId: globalId('Child', child.id), needTag: 'young carer', tried } },
      await s.signIn('linkworker@demo.test'),
    );
    expect(res.data.recordUnmetNeed).toEqual({ __typename: 'RecordUnmetNeedSuccess', unmetNeed: { tried: kept } });

    const [need] = await s.db.select().from(unmetNeeds).limit(1);
    const { id: _needId, ...needCopy } = need!;
    await s.db.insert(unmetNeeds).values({ ...needCopy, tried: `before: the Silva-Okafor case, Okafor's mum` });
    const file = new URL(
      '../../drizzle/migrations/20261206102755_names_in_parts_out_of_evidence/migration.sql',
      import.meta.url,
    );
    for (const statement of readFileSync(file, 'utf8').split('--> statement-breakpoint'))
      if (!statement.includes('CREATE INDEX')) await s.db.execute(sql.raw(statement));
    const tried2 = (await s.db.select().from(unmetNeeds)).map((r) => r.tried);
    expect(tried2).toContain('before: the [name]-[name] case, [name] mum');
    expect(tried2).toContain(kept);
  });

  it('the migration cleans rows written so far the same way', async () => {
    const [row] = await s.db.select().from(unmetNeeds).limit(1);
    const [first, last] = [child.firstName!, child.lastName!];
    await s.db.insert(searchLogs).values({
      zoneId: row!.zoneId,
      queryText: `old ${first.toLowerCase()}.${last.toLowerCase()} ${dates()[1]}`,
      categorySlugs: [],
      resultCount: 0,
      signedIn: true,
    });
    const { id: _id, ...copy } = row!;
    await s.db.insert(unmetNeeds).values({ ...copy, tried: `old: ${first}/${last} born ${dates()[3]}` });
    const file = new URL(
      '../../drizzle/migrations/20261206071222_names_and_dates_out_of_evidence/migration.sql',
      import.meta.url,
    );
    for (const statement of readFileSync(file, 'utf8').split('--> statement-breakpoint'))
      await s.db.execute(sql.raw(statement));
    const logs = (await s.db.select().from(searchLogs)).map((r) => r.queryText);
    expect(logs).toContain('old [name].[name] [date]');
    const tried = (await s.db.select().from(unmetNeeds)).map((r) => r.tried);
    expect(tried).toContain('old: [name]/[name] born [date]');
    expectNothingPersonal(JSON.stringify([logs, tried]));
  });
});

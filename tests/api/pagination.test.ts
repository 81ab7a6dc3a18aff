import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, paymentRuns, shortlists, users } from '../../drizzle/schema';
import { startServer, type TestServer } from '../setup/server';

// Every list the web app shows is a page read on the server with a hard cap: asking for more than
// the cap is either refused with a typed input error (BAD_USER_INPUT, nothing read) or answered with
// the cap, never the whole table; the number of SQL statements a page costs does not grow with
// the page (no statement per row: X-SQL-Statements).

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: responses are read dynamically.
type Data = any;
type List = { name: string; as: string; query: (first: number) => string; edges: (data: Data) => unknown[] | null };
const conn = (field: string, selection: string, args = '') => ({
  query: (first: number) => `{ ${field}(first: ${first}${args}) { edges { node { ${selection} } } } }`,
  edges: (data: Data) => data?.[field]?.edges ?? null,
});
const viewerConn = (field: string, selection: string) => ({
  query: (first: number) => `{ viewer { ${field}(first: ${first}) { edges { node { ${selection} } } } } }`,
  edges: (data: Data) => data?.viewer?.[field]?.edges ?? null,
});

const LISTS: List[] = [
  {
    name: 'commissions',
    as: 'commissioner@demo.test',
    ...conn('commissions', 'id reference status amountPence service { name organisation { name } }'),
  },
  {
    name: 'approvals',
    as: 'commissioner@demo.test',
    ...conn('commissions', 'id reference', ', filter: { status: [REQUESTED] }'),
  },
  { name: 'audit', as: 'admin@demo.test', ...conn('auditEvents', 'id action actor { name }') },
  { name: 'children', as: 'commissioner@demo.test', ...conn('children', 'id reference') },
  { name: 'contracts', as: 'commissioner@demo.test', ...conn('contracts', 'id') },
  { name: 'payment runs', as: 'commissioner@demo.test', ...conn('paymentRuns', 'id') },
  { name: 'listings', as: '', ...conn('services', 'id name organisation { name } categories { name }') },
  { name: 'caseload', as: 'linkworker@demo.test', ...viewerConn('caseload', 'id reference') },
  { name: 'notifications', as: 'linkworker@demo.test', ...viewerConn('notifications', 'id message') },
  {
    name: "an organisation's listings",
    as: 'provider@demo.test',
    query: (first) => `{ viewer { organisation { services(first: ${first}) { edges { node { id name } } } } } }`,
    edges: (data) => data?.viewer?.organisation?.services?.edges ?? null,
  },
];
const CAP = 100;

describe('lists are pages with a hard cap', () => {
  beforeAll(async () => {
    // More notifications than the cap, so a full page has a next one.
    const [lw] = await s.db.select({ id: users.id }).from(users).where(eq(users.email, 'linkworker@demo.test'));
    await s.db
      .insert(notifications)
      .values(Array.from({ length: CAP + 30 }, (_, i) => ({ userId: lw!.id, kind: 'TEST', message: `note ${i}` })));
  });

  for (const list of LISTS) {
    it(`${list.name}: more than ${CAP} is refused with a typed error, as every list does`, async () => {
      const token = list.as ? await s.signIn(list.as) : undefined;
      const res = await s.gql(list.query(CAP * 10), undefined, token);
      // A typed input error (200 to an application/json client, as GraphQL over HTTP advises;
      // 400 for application/graphql-response+json): the page size rule, or the cost limit first.
      const code = res.errors?.[0]?.extensions?.code;
      expect(['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']).toContain(code);
      if (code === 'BAD_USER_INPUT') expect(res.errors![0]!.message).toBe('Ask for between 0 and 100 items a page');
      expect(list.edges(res.data)).toBeNull();
    });
  }

  it('a full page is real: 130 notifications, first: 100 gives 100 and a next page', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const res = await s.gql(
      '{ viewer { notifications(first: 100) { edges { node { id } } pageInfo { hasNextPage } } } }',
      undefined,
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.viewer.notifications.edges).toHaveLength(CAP);
    expect(res.data.viewer.notifications.pageInfo.hasNextPage).toBe(true);
  });

  it('every connection has a totalCount (the contract), and it counts the whole list, not the page', async () => {
    const types = await s.gql(`{ __schema { types { name fields { name } } } }`);
    const connections = (types.data.__schema.types as { name: string; fields: { name: string }[] | null }[]).filter(
      (t) => t.fields?.some((f) => f.name === 'edges') && t.fields.some((f) => f.name === 'pageInfo'),
    );
    expect(connections.length).toBeGreaterThan(5);
    expect(connections.filter((t) => !t.fields!.some((f) => f.name === 'totalCount')).map((t) => t.name)).toEqual([]);

    const [lw] = await s.db.select({ id: users.id }).from(users).where(eq(users.email, 'linkworker@demo.test'));
    const notes = await s.gql(
      '{ viewer { notifications(first: 2) { totalCount edges { node { id } } } } }',
      undefined,
      await s.signIn('linkworker@demo.test'),
    );
    expect(notes.data.viewer.notifications.edges).toHaveLength(2);
    expect(notes.data.viewer.notifications.totalCount).toBe(
      await s.db.$count(notifications, eq(notifications.userId, lw!.id)),
    );
    expect(notes.data.viewer.notifications.totalCount).toBeGreaterThanOrEqual(CAP + 30);
    const runs = await s.gql(
      '{ paymentRuns(first: 1) { totalCount } }',
      undefined,
      await s.signIn('commissioner@demo.test'),
    );
    const [demo] = await s.db
      .select({ zoneId: users.zoneId })
      .from(users)
      .where(eq(users.email, 'commissioner@demo.test'));
    expect(runs.data.paymentRuns.totalCount).toBe(await s.db.$count(paymentRuns, eq(paymentRuns.zoneId, demo!.zoneId)));
  });
});

describe('a bad page size is an error on the list, naming the argument', () => {
  const PAGE_SIZE = 'Ask for between 0 and 100 items a page';
  // A nested list's page is planned into its parent's statement: a negative size used to fail the
  // viewer (viewer: null, the error on its path, in Pothos's words); and last was reported as first.
  for (const arg of ['first', 'last'] as const) {
    it(`${arg}: -1 on viewer.caseload, viewer.notifications and an organisation's services fails the list, not the viewer`, async () => {
      for (const [as, query, path] of [
        [
          'linkworker@demo.test',
          `{ viewer { name caseload(${arg}: -1) { edges { node { id } } } } }`,
          ['viewer', 'caseload'],
        ],
        [
          'linkworker@demo.test',
          `{ viewer { name notifications(${arg}: -1) { edges { node { id } } } } }`,
          ['viewer', 'notifications'],
        ],
        [
          'provider@demo.test',
          `{ viewer { name organisation { name services(${arg}: -1) { edges { node { id } } } } } }`,
          ['viewer', 'organisation', 'services'],
        ],
      ] as const) {
        const res = await s.gql(query, undefined, await s.signIn(as));
        expect(res.errors, query).toEqual([
          expect.objectContaining({
            message: PAGE_SIZE,
            path,
            extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ path: [arg], message: PAGE_SIZE }] },
          }),
        ]);
        expect(res.data.viewer.name, query).toEqual(expect.any(String));
        // Organisation.services is non-null (ServiceConnection!), so GraphQL nulls its nearest nullable
        // parent, the organisation; the viewer stays.
        if (path.length === 3) expect(res.data.viewer.organisation).toBeNull();
      }
    });
  }

  it('first and last together, or a cursor that is not one, on viewer.caseload fail the list, not the viewer', async () => {
    const token = await s.signIn('linkworker@demo.test');
    for (const args of ['first: 1, last: 1', 'first: 1, after: "junk"', 'last: 1, before: "REM6Wg=="']) {
      const query = `{ viewer { name caseload(${args}) { edges { node { id } } } } }`;
      const res = await s.gql(query, undefined, token);
      expect(res.data.viewer.name, query).toEqual(expect.any(String));
      expect(res.errors, query).toEqual([
        expect.objectContaining({
          path: ['viewer', 'caseload'],
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
    }
  });

  it('last: -1 and 101 on services and commissions name last, not first', async () => {
    const token = await s.signIn('commissioner@demo.test');
    for (const field of ['services', 'commissions']) {
      for (const size of [-1, 101]) {
        const res = await s.gql(`{ ${field}(last: ${size}) { edges { node { id } } } }`, undefined, token);
        expect(res.data).toBeNull();
        expect(res.errors?.[0]).toMatchObject({
          path: [field],
          extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ path: ['last'], message: PAGE_SIZE }] },
        });
      }
    }
  });
});

describe('statements per page do not grow with the page', () => {
  for (const list of LISTS) {
    it(`${list.name}: a page of 2 and a page of 40 cost the same statements`, async () => {
      const token = list.as ? await s.signIn(list.as) : undefined;
      const small = await s.gql(list.query(2), undefined, token);
      const large = await s.gql(list.query(40), undefined, token);
      expect(small.errors).toBeUndefined();
      expect(large.errors).toBeUndefined();
      expect(small.statements).toBeGreaterThan(0);
      expect(large.statements).toBe(small.statements);
    });
  }

  it('the comparison means something: most lists have more rows than the small page', async () => {
    const longer: string[] = [];
    for (const list of LISTS) {
      const token = list.as ? await s.signIn(list.as) : undefined;
      const large = await s.gql(list.query(40), undefined, token);
      if ((list.edges(large.data)?.length ?? 0) > 2) longer.push(list.name);
    }
    expect(longer).toEqual(expect.arrayContaining(['commissions', 'audit', 'listings', 'caseload', 'notifications']));
  });
});

// Plain lists (users, organisations, a provider's staff, shortlists, approved services, schools,
// pots, join requests, pending listing changes, remittances, an administrator's view of a caseload,
// outcomes per service and provider, a child's scores): limit (at most 200, the default) and
// offset, read with LIMIT/OFFSET in the one statement (outcomes: computed, then the page cut).
type Plain = {
  field: string;
  as: string;
  selection: string;
  /** Extra arguments, e.g. `measure: "SDQ_TOTAL"`; `$LW` stands for the link worker's global id. */
  args?: string;
  /** Where the list sits when not at the top (e.g. `child`), and how one row is told apart. */
  wrap?: (inner: string) => string;
  at?: (data: Data) => Data[] | null;
  key?: (row: Data) => string;
};
const PLAIN: Plain[] = [
  { field: 'users', as: 'admin@demo.test', selection: 'id name' },
  { field: 'organisations', as: 'commissioner@demo.test', selection: 'id name' },
  { field: 'organisationStaff', as: 'provider@demo.test', selection: 'id name' },
  { field: 'shortlists', as: 'linkworker@demo.test', selection: 'id name' },
  {
    field: 'approvedServices',
    as: 'commissioner@demo.test',
    selection: 'service { id } reviewOn',
    key: (r) => r.service.id,
  },
  { field: 'schools', as: 'admin@demo.test', selection: 'id name' },
  { field: 'fundingPots', as: 'commissioner@demo.test', selection: 'id name' },
  {
    field: 'districtSchoolBudgets',
    as: 'districtlead@demo.test',
    selection: 'schoolId childrenInProgramme',
    key: (r) => r.schoolId,
  },
  { field: 'organisationRequests', as: 'admin@demo.test', selection: 'id status' },
  { field: 'pendingServiceRevisions', as: 'commissioner@demo.test', selection: 'id serviceName' },
  {
    field: 'remittances',
    as: 'provider@demo.test',
    selection: 'remittanceNumber totalPence lines { amountPence }',
    key: (r) => `${r.remittanceNumber} ${r.totalPence} ${r.lines.map((l: Data) => l.amountPence).join('+')}`,
  },
  { field: 'linkWorkerCaseload', as: 'admin@demo.test', selection: 'id reference', args: 'linkWorkerId: "$LW"' },
  {
    field: 'serviceOutcomes',
    as: 'commissioner@demo.test',
    selection: 'service { id } children',
    args: 'measure: "SDQ_TOTAL"',
    key: (r) => r.service.id,
  },
  {
    field: 'providerOutcomes',
    as: 'commissioner@demo.test',
    selection: 'organisation { id } children',
    args: 'measure: "SDQ_TOTAL"',
    key: (r) => r.organisation.id,
  },
];
describe('plain lists are pages too', () => {
  let lwId = '';
  beforeAll(async () => {
    // A second colleague for the provider and three lists for the link worker (the demo has fewer).
    const [provider] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
    const [lw] = await s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
    lwId = encodeGlobalID('User', lw!.id);
    await s.db.insert(users).values({
      zoneId: provider!.zoneId,
      organisationId: provider!.organisationId,
      email: 'colleague@pagination.test',
      name: 'A Colleague',
      role: 'PROVIDER',
      passwordHash: provider!.passwordHash,
    });
    await s.db
      .insert(shortlists)
      .values(['One', 'Two', 'Three'].map((name) => ({ zoneId: lw!.zoneId, ownerId: lw!.id, name })));
    // A second join request, two listing changes waiting, and a second remittance of two lines.
    await s.db.execute(sql`
      insert into "organisation_requests" ("zoneId", "kind", "name", "contactName", "contactEmail", "charityNumber")
      select "zoneId", "kind", 'Second Request Trust', 'A Person', 'second@pagination.test', '9990001'
      from "organisation_requests" limit 1`);
    await s.db.execute(sql`
      insert into "service_revisions" ("serviceId", "zoneId", "status", "after")
      select s."id", s."zoneId", 'PENDING', '{}'::jsonb from "services" s
      where s."zoneId" = ${lw!.zoneId}
        and not exists (select 1 from "service_revisions" r where r."serviceId" = s."id" and r."status" = 'PENDING')
      order by s."id" limit 2`);
    await s.db.execute(sql`
      with run as (
        insert into "payment_runs" ("reference", "zoneId", "runDate", "totalPence", "createdById")
        select 'PR-ZZZZZ', "zoneId", "runDate", 300, "createdById" from "payment_runs" where "zoneId" = ${provider!.zoneId} limit 1
        returning "id", "zoneId"
      )
      insert into "payment_lines" ("runId", "zoneId", "organisationId", "supplierName", "remittanceNumber", "contractId", "month", "amountPence", "fundSource", "description")
      select run."id", run."zoneId", ${provider!.organisationId}, 'Test supplier', 'PR-ZZZZZ-1', c."id", m, a, 'CORE', 'Test instalment'
      from run, (select "id" from "contracts" limit 1) c, (values ('2099-01', 100), ('2099-02', 200)) v(m, a)`);
  });

  for (const list of PLAIN) {
    it(`${list.field}: more than 200 is refused; limit and offset page it; same statements per page`, async () => {
      const token = await s.signIn(list.as);
      const key = list.key ?? ((r: Data) => r.id);
      const at = list.at ?? ((data: Data) => data?.[list.field] ?? null);
      const q = (page: string[]) => {
        const args = [list.args?.replace('$LW', lwId), ...page].filter(Boolean).join(', ');
        const inner = `${list.field}${args ? `(${args})` : ''} { ${list.selection} }`;
        return s.gql(`{ ${list.wrap ? list.wrap(inner) : inner} }`, undefined, token);
      };
      const refused = await q(['limit: 201']);
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(/between 1 and 200/);
      expect(at(refused.data)).toBeNull();
      expect((await q(['offset: -1'])).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

      const all = await q([]);
      expect(all.errors).toBeUndefined();
      const ids = at(all.data)!.map(key);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      const first = await q(['limit: 1']);
      const second = await q(['limit: 1', 'offset: 1']);
      expect(first.errors).toBeUndefined();
      expect(at(first.data)!.map(key)).toEqual([ids[0]]);
      expect(at(second.data)!.map(key)).toEqual([ids[1]]);
      expect(first.statements).toBe(all.statements);
    });
  }
});

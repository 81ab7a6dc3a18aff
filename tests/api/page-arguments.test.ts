import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { buildSchema, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources, users } from '../../drizzle/schema';
import { startServer, type TestServer } from '../setup/server';

// Every page argument in the schema (limit, offset, first, last) refuses a negative or huge value
// with a typed input error (BAD_USER_INPUT, or QUERY_TOO_COMPLEX for a huge connection page; never
// a 500) before any SQL runs: a
// negative OFFSET that reached PostgreSQL was a 500. Run on PGlite and, with TEST_DB=postgres, on
// PostgreSQL. The last test fails when a new field takes a page argument this list does not try.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  // The demo has no import feed: one, with a problem, so ImportSource.problems resolves.
  const [admin] = await s.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
  await s.db.insert(importSources).values({
    zoneId: admin!.zoneId,
    location: 'file:page-arguments.json',
    lastErrors: [{ id: 'x', reason: 'No name' }],
  });
});
afterAll(() => s.close());

type Field = {
  /** Type.field, as introspection names it. */
  name: string;
  as: string;
  /** The query, with ARGS where the page arguments go. */
  query: string;
  args: string[];
  /** A relay connection that clamps a huge page to its maxSize (100) rather than refusing it. */
  clamps?: boolean;
};
const LW = 'linkworker@demo.test';
const FIELDS: Field[] = [
  {
    name: 'Child.outcomeMeasures',
    as: LW,
    query: '{ viewer { caseload(first: 5) { edges { node { outcomeMeasures(ARGS) { score } } } } } }',
    args: ['limit', 'offset'],
  },
  {
    name: 'District.schools',
    as: 'admin@demo.test',
    query: '{ districts { schools(ARGS) { id } } }',
    args: ['limit', 'offset'],
  },
  {
    name: 'ImportSource.problems',
    as: 'admin@demo.test',
    query: '{ importSources { problems(ARGS) { reason } } }',
    args: ['first', 'offset'],
  },
  {
    name: 'ImportSource.notes',
    as: 'admin@demo.test',
    query: '{ importSources { notes(ARGS) { reason } } }',
    args: ['first', 'offset'],
  },
  {
    name: 'Organisation.services',
    clamps: true,
    as: 'provider@demo.test',
    query: '{ viewer { organisation { services(ARGS) { edges { node { id } } } } } }',
    args: ['first', 'last'],
  },
  {
    name: 'FundingPot.totalChanges',
    clamps: true,
    as: 'commissioner@demo.test',
    query: '{ fundingPots(limit: 3) { id totalChanges(ARGS) { edges { node { amountPence } } } } }',
    args: ['first', 'last'],
  },
  {
    name: 'User.caseload',
    clamps: true,
    as: LW,
    query: '{ viewer { caseload(ARGS) { edges { node { id } } } } }',
    args: ['first', 'last'],
  },
  {
    name: 'User.notifications',
    clamps: true,
    as: LW,
    query: '{ viewer { notifications(ARGS) { edges { node { id } } } } }',
    args: ['first', 'last'],
  },
  ...(
    [
      ['auditEvents', 'admin@demo.test', '{ edges { node { id } } }'],
      ['children', 'commissioner@demo.test', '{ edges { node { id } } }'],
      ['commissions', 'commissioner@demo.test', '{ edges { node { id } } }'],
      ['contracts', 'commissioner@demo.test', '{ edges { node { id } } }'],
      ['paymentRuns', 'commissioner@demo.test', '{ edges { node { id } } }'],
      ['services', '', '{ edges { node { id } } }'],
    ] as const
  ).map(([field, as, selection]) => ({
    name: `Query.${field}`,
    as,
    query: `{ ${field}(ARGS) ${selection} }`,
    args: ['first', 'last'],
    clamps: field === 'auditEvents' || field === 'children',
  })),
  ...(
    [
      ['approvedServices', 'commissioner@demo.test', '{ reviewOn }'],
      ['fundingPots', 'commissioner@demo.test', '{ id }'],
      ['districtFunds', 'commissioner@demo.test', '{ id }'],
      ['districtSchoolBudgets', 'commissioner@demo.test', '{ schoolId }'],
      ['organisationRequests', 'admin@demo.test', '{ id }'],
      ['organisationStaff', 'provider@demo.test', '{ id }'],
      ['organisations', 'commissioner@demo.test', '{ id }'],
      ['pendingServiceRevisions', 'commissioner@demo.test', '{ id }'],
      ['remittances', 'provider@demo.test', '{ remittanceNumber }'],
      ['schools', 'admin@demo.test', '{ id }'],
      ['shortlists', LW, '{ id }'],
      ['users', 'admin@demo.test', '{ id }'],
    ] as const
  ).map(([field, as, selection]) => ({
    name: `Query.${field}`,
    as,
    query: `{ ${field}(ARGS) ${selection} }`,
    args: ['limit', 'offset'],
  })),
  {
    name: 'Query.serviceOutcomes',
    as: 'commissioner@demo.test',
    query: '{ serviceOutcomes(measure: "SDQ_TOTAL", ARGS) { children } }',
    args: ['limit', 'offset'],
  },
  {
    name: 'Query.providerOutcomes',
    as: 'commissioner@demo.test',
    query: '{ providerOutcomes(measure: "SDQ_TOTAL", ARGS) { children } }',
    args: ['limit', 'offset'],
  },
  {
    name: 'Query.contractsEndingSoon',
    as: 'commissioner@demo.test',
    query: '{ contractsEndingSoon(months: 6, ARGS) { id } }',
    args: ['limit', 'offset'],
  },
  {
    name: 'Query.linkWorkerCaseload',
    as: 'admin@demo.test',
    query: '{ linkWorkerCaseload(linkWorkerId: "LWID", ARGS) { id } }',
    args: ['limit', 'offset'],
  },
];
const PAGE_ARG = /^(limit|offset|first|last)$/;
const BAD = [-1, -2147483648, 2147483647];

describe('page arguments refuse negative and huge values with a typed error', () => {
  let lwId = '';
  beforeAll(async () => {
    const [lw] = await s.db.select({ id: users.id }).from(users).where(eq(users.email, LW));
    lwId = Buffer.from(`User:${lw!.id}`).toString('base64');
  });

  for (const field of FIELDS) {
    it(`${field.name}: ${field.args.join(', ')} accept a fair value and refuse ${BAD.join(', ')}`, async () => {
      const token = field.as ? await s.signIn(field.as) : undefined;
      const run = (args: string) => s.gql(field.query.replace('ARGS', args).replace('LWID', lwId), undefined, token);
      // A fair value answers (so the refusals below come from the arguments, not the query).
      const fair = await run(`${field.args[0]}: 1`);
      expect(fair.errors).toBeUndefined();
      for (const arg of field.args)
        for (const value of BAD) {
          const res = await run(`${arg}: ${value}`);
          expect(res.status, `${arg}: ${value}`).not.toBe(500);
          // A connection whose relay maxSize clamps a huge `last` answers its cap (never more).
          if (!res.errors && value > 0 && field.clamps) {
            expect(JSON.stringify(res.data).match(/"id"/g)?.length ?? 0).toBeLessThanOrEqual(100);
            continue;
          }
          // The page rule, or for a huge connection page the cost limit before it (also a 400).
          expect(['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX'], `${arg}: ${value}`).toContain(
            res.errors?.[0]?.extensions?.code,
          );
          // Our words, not the database's ("OFFSET must not be negative", "syntax error").
          expect(res.errors?.[0]?.message).not.toMatch(/must not be negative|syntax|select /i);
        }
    });
  }

  it('the list above tries every field that takes a page argument', () => {
    const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));
    const found: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const f of Object.values(type.getFields()))
        for (const a of f.args) if (PAGE_ARG.test(a.name)) found.push(`${type.name}.${f.name} ${a.name}`);
    }
    const tried = FIELDS.flatMap((f) => f.args.map((a) => `${f.name} ${a}`));
    expect(tried.sort()).toEqual(found.sort());
  });
});

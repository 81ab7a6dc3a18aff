import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childBudgets,
  commissions,
  contracts,
  fundingPots,
  importSources,
  organisations,
  outcomeMeasures,
  searchLogs,
  services,
  users,
} from '../../drizzle/schema';
import { serviceId, userId } from '../setup/money';
import { globalId, startServer, TEST_NOW, type TestServer } from '../setup/server';

// Issue 11: the arguments that let the web app page and search lists on the server instead of
// reading a whole (capped) table: services by organisation for a picker (not logged as a directory
// search), organisations by name, import problems by offset, contracts ending soon and outcomes
// sorted and paged in SQL (suppressed outcome rows last, by name, whatever the sort).

let s: TestServer;
let zoneId = 0;
beforeAll(async () => {
  s = await startServer();
  const [admin] = await s.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
  zoneId = admin!.zoneId;
});
afterAll(() => s.close());

const code = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

describe('services for a picker', () => {
  const PICK = `query($filter: ServiceFilter!) { services(first: 100, filter: $filter) {
    totalCount edges { node { id name organisation { id name } } } } }`;

  it('narrows to one organisation’s services, and refuses an id that is not an organisation’s', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const [org] = await s.db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .innerJoin(services, eq(services.organisationId, organisations.id))
      .where(eq(services.status, 'PUBLISHED'))
      .limit(1);
    const id = globalId('Organisation', org!.id);
    const res = await s.gql(PICK, { filter: { organisationId: id, choosing: true } }, token);
    expect(res.errors).toBeUndefined();
    const published = await s.db.$count(
      services,
      and(eq(services.organisationId, org!.id), eq(services.status, 'PUBLISHED')),
    );
    expect(published).toBeGreaterThan(0);
    expect(res.data.services.totalCount).toBe(published);
    expect(res.data.services.edges.length).toBe(published);
    for (const e of res.data.services.edges) expect(e.node.organisation.id).toBe(id);

    const bad = await s.gql(PICK, { filter: { organisationId: globalId('Service', 1) } }, token);
    expect(bad.status).not.toBe(500);
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(bad.data).toBeFalsy();
  });

  it('a picker’s searches are not logged for the unmet-need report; a directory search is', async () => {
    const token = await s.signIn('commissioner@demo.test');
    await s.db.delete(searchLogs);
    const picked = await s.gql(PICK, { filter: { text: 'zzzpicker', choosing: true } }, token);
    expect(picked.data.services.totalCount).toBe(0);
    const searched = await s.gql(PICK, { filter: { text: 'zzzdirectory' } }, token);
    expect(searched.data.services.totalCount).toBe(0);
    // Logs are written after each response, in order: the directory search's row is the only one.
    await expect.poll(() => s.db.$count(searchLogs), { timeout: 10_000 }).toBe(1);
    const rows = await s.db.select().from(searchLogs);
    expect(rows.map((r) => r.queryText)).toEqual(['zzzdirectory']);
  });
});

describe('organisations by name', () => {
  const ORGS = 'query($name: String, $limit: Int) { organisations(name: $name, limit: $limit) { id name } }';

  it('finds those whose name contains the text, in any case; % and _ are plain characters', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const all = await s.db.select().from(organisations).where(eq(organisations.zoneId, zoneId));
    const target = all[0]!;
    const part = target.name.slice(1, 6).toUpperCase();
    const res = await s.gql(ORGS, { name: part }, token);
    expect(res.errors).toBeUndefined();
    const want = all
      .filter((o) => o.name.toLowerCase().includes(part.toLowerCase()))
      .map((o) => o.name)
      .sort();
    expect(res.data.organisations.map((o: { name: string }) => o.name).sort()).toEqual(want);
    expect((await s.gql(ORGS, { name: '%' }, token)).data.organisations).toEqual([]);
    const long = await s.gql(ORGS, { name: 'x'.repeat(101) }, token);
    expect(code(long)).toBe('BAD_USER_INPUT');
    expect(code(await s.gql(ORGS, { name: 'a' }))).toBe('UNAUTHENTICATED');
  });
});

describe('import problems, a page at a time', () => {
  const PROBLEMS = `query($location: String, $first: Int, $offset: Int) {
    importSources(location: $location) { location problemCount problems(first: $first, offset: $offset) { recordId } } }`;
  beforeAll(async () => {
    await s.db.insert(importSources).values([
      {
        zoneId,
        location: 'file:many-problems.json',
        lastErrors: Array.from({ length: 120 }, (_, i) => ({ id: `r${i + 1}`, reason: 'No name' })),
      },
      { zoneId, location: 'file:other.json', lastErrors: [{ id: 'o1', reason: 'No name' }] },
    ]);
  });

  it('pages exactly by first and offset, counts them all, and reads one feed by location', async () => {
    const token = await s.signIn('admin@demo.test');
    const res = await s.gql(PROBLEMS, { location: 'file:many-problems.json', first: 50, offset: 100 }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.importSources).toHaveLength(1);
    const [source] = res.data.importSources;
    expect(source.problemCount).toBe(120);
    expect(source.problems.map((p: { recordId: string }) => p.recordId)).toEqual(
      Array.from({ length: 20 }, (_, i) => `r${i + 101}`),
    );
    const second = await s.gql(PROBLEMS, { location: 'file:many-problems.json', first: 50, offset: 50 }, token);
    expect(second.data.importSources[0].problems[0].recordId).toBe('r51');
    expect(second.data.importSources[0].problems).toHaveLength(50);
    const both = await s.gql(PROBLEMS, { first: 1 }, token);
    expect(both.data.importSources.map((x: { location: string }) => x.location).sort()).toEqual(
      expect.arrayContaining(['file:many-problems.json', 'file:other.json']),
    );
  });

  it('refuses a bad offset with a typed error, and anyone but an administrator', async () => {
    const token = await s.signIn('admin@demo.test');
    for (const offset of [-1, 1001]) {
      const bad = await s.gql(PROBLEMS, { offset }, token);
      expect(bad.status, String(offset)).not.toBe(500);
      expect(code(bad)).toBe('BAD_USER_INPUT');
    }
    expect(code(await s.gql(PROBLEMS, {}, await s.signIn('commissioner@demo.test')))).toBe('FORBIDDEN');
  });
});

describe('contracts ending soon, sorted and paged on the server', () => {
  const ENDING = `query($orderBy: ContractEndingOrder, $descending: Boolean, $limit: Int, $offset: Int) {
    contractsEndingSoon(months: 3, orderBy: $orderBy, descending: $descending, limit: $limit, offset: $offset) {
      reference endDate uptake organisation { name } } }`;
  type Row = { reference: string; endDate: string; uptake: number; organisation: { name: string } };

  beforeAll(async () => {
    const [service] = await s.db.select().from(services).where(eq(services.zoneId, zoneId)).limit(1);
    const [pot] = await s.db.select().from(fundingPots).where(eq(fundingPots.zoneId, zoneId)).limit(1);
    const [commissioner] = await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test'));
    const taken = new Set((await s.db.select({ r: contracts.reference }).from(contracts)).map((r) => r.r));
    const refs = ['BC-ZZ2A2', 'BC-ZZ2A3', 'BC-ZZ2A4', 'BC-ZZ2A5', 'BC-ZZ2A6', 'BC-ZZ2A7', 'BC-ZZ2A8', 'BC-ZZ2A9'];
    const day = (n: number) => new Date(TEST_NOW.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    await s.db.insert(contracts).values(
      refs
        .filter((r) => !taken.has(r))
        .map((reference, i) => ({
          reference,
          zoneId,
          organisationId: service!.organisationId,
          serviceId: service!.id,
          fundingPotId: pot!.id,
          places: 10,
          placesUsed: (i * 3) % 10,
          pricePerPlacePence: 1000,
          committedPence: 10_000,
          startDate: day(-30),
          endDate: day(10 + (i % 3)),
          status: 'SIGNED' as const,
          createdById: commissioner!.id,
          signedAt: TEST_NOW,
        })),
    );
  });

  it('sorts by places used (ties by reference) and its pages add up to the whole list exactly', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const all = (await s.gql(ENDING, { orderBy: 'UPTAKE', descending: true }, token)).data.contractsEndingSoon as Row[];
    expect(all.length).toBeGreaterThanOrEqual(8);
    const sorted = [...all].sort((a, b) => b.uptake - a.uptake || a.reference.localeCompare(b.reference));
    expect(all.map((r) => r.reference)).toEqual(sorted.map((r) => r.reference));
    const paged: Row[] = [];
    for (let offset = 0; offset < all.length; offset += 3) {
      const page = await s.gql(ENDING, { orderBy: 'UPTAKE', descending: true, limit: 3, offset }, token);
      expect(page.data.contractsEndingSoon.length).toBe(Math.min(3, all.length - offset));
      paged.push(...page.data.contractsEndingSoon);
    }
    expect(paged).toEqual(all);
    const byEnd = (await s.gql(ENDING, {}, token)).data.contractsEndingSoon as Row[];
    expect(byEnd.map((r) => r.endDate)).toEqual(byEnd.map((r) => r.endDate).sort());
  });

  it('refuses bad values with a typed error, and roles other than commissioners', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const months = await s.gql('{ contractsEndingSoon(months: 0) { reference } }', {}, token);
    expect(months.status).not.toBe(500);
    expect(code(months)).toBe('BAD_USER_INPUT');
    const order = await s.gql('{ contractsEndingSoon(months: 3, orderBy: VALUE) { reference } }', {}, token);
    expect(order.status).not.toBe(500);
    expect(order.errors?.length).toBe(1);
    expect(order.data).toBeFalsy();
    for (const who of ['provider@demo.test', 'linkworker@demo.test', 'admin@demo.test'])
      expect(code(await s.gql(ENDING, {}, await s.signIn(who))), who).toBe('FORBIDDEN');
    expect(code(await s.gql(ENDING, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('outcomes sorted on the server', () => {
  const OUTCOMES = `query($orderBy: OutcomeOrder, $descending: Boolean, $limit: Int, $offset: Int) {
    serviceOutcomes(measure: "SDQ_TOTAL", orderBy: $orderBy, descending: $descending, limit: $limit, offset: $offset) {
      service { name } suppressed children } }`;
  type Row = { service: { name: string }; suppressed: boolean; children: number | null };

  // A second suppressed row whose name sorts last but whose one child sorts it first: sorting by
  // children must not move it among the suppressed rows (that would tell its hidden count).
  beforeAll(async () => {
    const [template] = await s.db
      .select()
      .from(services)
      .where(eq(services.id, await serviceId(s.db, 'Family therapy sessions')));
    const { id: _id, uuid: _uuid, sourceId: _s, externalId: _e, importSnapshot: _i, ...copy } = template!;
    const [hidden] = await s.db
      .insert(services)
      .values({ ...copy, name: 'Zzz hidden copy' })
      .returning({ id: services.id, organisationId: services.organisationId });
    // A child of the zone with a baseline and a follow-up score, and their budget.
    const [scored] = await s.db
      .select({ childId: outcomeMeasures.childId })
      .from(outcomeMeasures)
      .where(eq(outcomeMeasures.measure, 'SDQ_TOTAL'))
      .groupBy(outcomeMeasures.childId)
      .having(sql`count(*) >= 2`)
      .limit(1);
    const [budget] = await s.db.select().from(childBudgets).where(eq(childBudgets.childId, scored!.childId)).limit(1);
    const lw = await userId(s.db, 'linkworker@demo.test');
    const taken = new Set((await s.db.select({ r: commissions.reference }).from(commissions)).map((c) => c.r));
    const reference = ['CR-ZZYX2', 'CR-ZZYX3', 'CR-ZZYX4'].find((r) => !taken.has(r))!;
    await s.db.insert(commissions).values({
      reference,
      zoneId,
      childId: scored!.childId,
      budgetId: budget!.id,
      serviceId: hidden!.id,
      organisationId: hidden!.organisationId,
      linkWorkerId: lw,
      units: 1,
      unitPricePence: 1000,
      amountPence: 1000,
      rationale: 'order test',
      requestToProvider: 'order test',
      status: 'ACCEPTED' as const,
      approvedAt: new Date('2026-01-15T10:00:00Z'),
      createdAt: '2026-01-15T10:00:00Z',
    });
  });

  it('puts suppressed rows last by name, whatever the figure or direction, and pages exactly', async () => {
    const token = await s.signIn('commissioner@demo.test');
    for (const descending of [false, true]) {
      const all = (await s.gql(OUTCOMES, { orderBy: 'CHILDREN', descending }, token)).data.serviceOutcomes as Row[];
      expect(all.some((r) => r.suppressed)).toBe(true);
      expect(all.some((r) => !r.suppressed)).toBe(true);
      const firstHidden = all.findIndex((r) => r.suppressed);
      expect(all.length - firstHidden).toBeGreaterThanOrEqual(2);
      expect(all.at(-1)!.service.name).toBe('Zzz hidden copy');
      expect(all.slice(firstHidden).every((r) => r.suppressed)).toBe(true);
      const hidden = all.slice(firstHidden).map((r) => r.service.name.toLowerCase());
      expect(hidden).toEqual([...hidden].sort());
      const shown = all.slice(0, firstHidden).map((r) => r.children!);
      expect(shown).toEqual([...shown].sort((a, b) => (descending ? b - a : a - b)));
      const paged: Row[] = [];
      for (let offset = 0; offset < all.length; offset++)
        paged.push(
          ...(await s.gql(OUTCOMES, { orderBy: 'CHILDREN', descending, limit: 1, offset }, token)).data.serviceOutcomes,
        );
      expect(paged).toEqual(all);
    }
    const bad = await s.gql(OUTCOMES, { orderBy: 'SECRET' }, token);
    expect(bad.status).not.toBe(500);
    expect(bad.errors?.length).toBe(1);
    expect(bad.data).toBeFalsy();
  });
});

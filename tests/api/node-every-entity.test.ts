import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  children,
  districtFunds,
  organisationRequests,
  serviceSchedules,
  services,
  taxonomies,
  taxonomyTerms,
  users,
} from '../../drizzle/schema';
import { globalId, startServer, type TestServer } from '../setup/server';

// API-CONTRACT.md: every entity implements Node and node(id) resolves it for exactly the viewers
// who may see it through the list that shows it; null for every other role, zone and the public.
let s: TestServer;
const tokens = new Map<string, string>();
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const ROLES = [
  'signed out',
  'linkworker@demo.test',
  'linkworker2@demo.test',
  'provider@demo.test',
  'provider2@demo.test',
  'commissioner@demo.test',
  'districtlead@demo.test',
  'schoollead@demo.test',
  'admin@demo.test',
  'commissioner@other.test',
] as const;
type Who = (typeof ROLES)[number];

async function token(who: Who) {
  if (who === 'signed out') return undefined;
  if (!tokens.has(who)) tokens.set(who, await s.signIn(who));
  return tokens.get(who);
}
async function as(who: Who, query: string, variables?: Record<string, unknown>) {
  const res = await s.gql(query, variables, await token(who));
  expect(res.errors, `${who}: ${query}`).toBeUndefined();
  return res.data;
}

const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;
async function visibility(id: string) {
  const seen: string[] = [];
  for (const who of ROLES) if ((await as(who, NODE, { id })).node !== null) seen.push(who);
  return seen;
}
const typeOf = (id: string) => Buffer.from(id, 'base64').toString().split(':')[0];

describe('node(id) for every entity', () => {
  it('a district fund: the zone’s commissioners and district leads, as districtFunds shows it', async () => {
    const [fund] = (await as('districtlead@demo.test', '{ districtFunds { id name totalPence period } }'))
      .districtFunds;
    const [row] = await s.db.select().from(districtFunds).where(eq(districtFunds.name, fund.name));
    expect(fund.id).toBe(globalId('DistrictFund', row!.id));
    const Q = `query($id: ID!) { node(id: $id) { __typename id ... on DistrictFund { name totalPence period } } }`;
    expect((await as('districtlead@demo.test', Q, { id: fund.id })).node).toEqual({
      __typename: 'DistrictFund',
      ...fund,
    });
    expect(await visibility(fund.id)).toEqual(['commissioner@demo.test', 'districtlead@demo.test']);
  });

  it('an organisation request: the zone’s administrators only', async () => {
    const [request] = (await as('admin@demo.test', '{ organisationRequests { id name contactEmail } }'))
      .organisationRequests;
    const Q = `query($id: ID!) { node(id: $id) { ... on OrganisationRequest { id name contactEmail } } }`;
    expect((await as('admin@demo.test', Q, { id: request.id })).node).toEqual(request);
    expect(await visibility(request.id)).toEqual(['admin@demo.test']);
    const [row] = await s.db.select().from(organisationRequests).where(eq(organisationRequests.name, request.name));
    expect(request.id).toBe(globalId('OrganisationRequest', row!.id));
  });

  it('a listing version: its provider and the zone’s commissioners and administrators', async () => {
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const update = await as(
      'provider@demo.test',
      `mutation($input: UpdateServiceInput!) { updateService(input: $input) { __typename } }`,
      { input: { serviceId: globalId('Service', svc!.id), description: 'Sessions for the whole family, weekly.' } },
    );
    expect(update.updateService.__typename).toBe('UpdateServiceSuccess');
    const VERSIONS = `query($id: ID!) { node(id: $id) { ... on Service { versions { id serviceName status } } } }`;
    const [version] = (await as('provider@demo.test', VERSIONS, { id: globalId('Service', svc!.id) })).node.versions;
    expect(typeOf(version.id)).toBe('ServiceRevision');
    const Q = `query($id: ID!) { node(id: $id) { ... on ServiceRevision { id serviceName status } } }`;
    expect((await as('commissioner@demo.test', Q, { id: version.id })).node).toEqual(version);
    expect(await visibility(version.id)).toEqual(['provider@demo.test', 'commissioner@demo.test', 'admin@demo.test']);
  });

  it('a shortlist: a named list its owner, a child’s list the child’s link worker', async () => {
    const [lw] = await s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
    const [child] = await s.db.select().from(children).where(eq(children.linkWorkerId, lw!.id)).limit(1);
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const SAVE = `mutation($input: SaveToShortlistInput!) { saveToShortlist(input: $input) {
      ... on SaveToShortlistSuccess { shortlist { id name forChild } } } }`;
    const serviceId = globalId('Service', svc!.id);
    const named = (await as('linkworker@demo.test', SAVE, { input: { serviceId, name: 'For the Patel family' } }))
      .saveToShortlist.shortlist;
    const forChild = (
      await as('linkworker@demo.test', SAVE, { input: { serviceId, childId: globalId('Child', child!.id) } })
    ).saveToShortlist.shortlist;
    const Q = `query($id: ID!) { node(id: $id) { ... on Shortlist { id name forChild } } }`;
    for (const list of [named, forChild]) {
      expect(typeOf(list.id)).toBe('Shortlist');
      expect((await as('linkworker@demo.test', Q, { id: list.id })).node).toEqual(list);
      expect(await visibility(list.id)).toEqual(['linkworker@demo.test']);
    }
  });
});

describe('node(id) for a listing’s parts', () => {
  it('an opening time: whoever sees its listing; its Open Referral id is uuid', async () => {
    const published = await addSchedule('Family therapy sessions');
    const Q = `query($id: ID!) { node(id: $id) { ... on Schedule { id uuid days } } }`;
    const id = globalId('Schedule', published.id);
    expect((await as('signed out', Q, { id })).node).toEqual({ id, uuid: published.uuid, days: ['SA'] });
    expect(await visibility(id)).toEqual(ROLES.filter((r) => r !== 'commissioner@other.test'));
    const [draft] = await s.db.select().from(services).where(eq(services.name, 'Online parent coaching'));
    const [made] = await s.db
      .insert(serviceSchedules)
      .values({ serviceId: draft!.id, byDay: ['MO'] })
      .returning();
    expect(await visibility(globalId('Schedule', made!.id))).toEqual(['provider@demo.test']);
  });

  it('a term of another taxonomy: national reference data, anyone', async () => {
    const [taxonomy] = await s.db
      .insert(taxonomies)
      .values({ uuid: '7d1c4c5e-4b1a-4f55-9a0e-2f3b0c9d8e11', name: 'esd service list' })
      .returning();
    const [term] = await s.db
      .insert(taxonomyTerms)
      .values({ uuid: '0b6f2f6a-1c1d-4a3e-8d6b-5e4a3c2b1a00', taxonomyId: taxonomy!.id, name: 'Family support' })
      .returning();
    const id = globalId('TaxonomyTerm', term!.id);
    const Q = `query($id: ID!) { node(id: $id) { ... on TaxonomyTerm { id uuid name } } }`;
    expect((await as('signed out', Q, { id })).node).toEqual({ id, uuid: term!.uuid, name: term!.name });
    expect(await visibility(id)).toEqual([...ROLES]);
  });
});

async function addSchedule(name: string) {
  const [svc] = await s.db.select().from(services).where(eq(services.name, name));
  return (
    await s.db
      .insert(serviceSchedules)
      .values({ serviceId: svc!.id, byDay: ['SA'] })
      .returning()
  )[0]!;
}

// Types with an id of another entity's: a narrower view of that entity, never fetchable as itself.
// node(id) on their id answers the entity under its own rules (User, Service, Child).
const PROJECTIONS: Record<string, string> = {
  StaffMember: 'User', // a provider's colleague on organisationStaff
  ShortlistService: 'Service', // a shortlisted service's public details
  ChildSummary: 'Child', // an administrator's name-free view of a child on a caseload
};

describe('every object type with an id', () => {
  it('implements Node, but for views of another entity, which carry that entity’s id', async () => {
    const res = await s.gql(`{ __schema { types { kind name interfaces { name }
      fields { name type { kind name ofType { name } } } } } }`);
    type T = {
      kind: string;
      name: string;
      interfaces: { name: string }[] | null;
      fields: { name: string; type: { kind: string; name: string | null; ofType: { name: string } | null } }[] | null;
    };
    const withId = (res.data.__schema.types as T[]).filter(
      (t) => t.kind === 'OBJECT' && !t.name.startsWith('__') && t.fields?.some((f) => f.name === 'id'),
    );
    const notNode = withId.filter((t) => !t.interfaces?.some((i) => i.name === 'Node')).map((t) => t.name);
    expect(notNode.sort()).toEqual(Object.keys(PROJECTIONS).sort());
    for (const t of withId) {
      const id = t.fields!.find((f) => f.name === 'id')!.type;
      expect([t.name, id.kind, id.ofType?.name]).toEqual([t.name, 'NON_NULL', 'ID']);
    }
  });

  it('a view’s id is its entity’s, and fetches no more than that entity’s own rules allow', async () => {
    const staff = (await as('provider@demo.test', '{ organisationStaff { id } }')).organisationStaff;
    expect(typeOf(staff[0].id)).toBe(PROJECTIONS.StaffMember);
    const [lw] = await s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
    const caseload = (
      await as('admin@demo.test', 'query($id: ID!) { linkWorkerCaseload(linkWorkerId: $id) { id } }', {
        id: globalId('User', lw!.id),
      })
    ).linkWorkerCaseload;
    expect(typeOf(caseload[0].id)).toBe(PROJECTIONS.ChildSummary);
    // The administrator sees the summary, never the child it summarises.
    expect((await as('admin@demo.test', NODE, { id: caseload[0].id })).node).toBeNull();
    // The lists saved above.
    const lists = (await as('linkworker@demo.test', '{ shortlists { services { id } } }')).shortlists;
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists)
      for (const svc of list.services) expect(typeOf(svc.id)).toBe(PROJECTIONS.ShortlistService);
  });
});

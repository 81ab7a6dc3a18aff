import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  children,
  commissions,
  fundingPots,
  organisations,
  schools,
  services,
  users,
  zones,
} from '../../drizzle/schema';
import { globalId, startServer, type TestServer } from '../setup/server';

// node(id) and nested paths never leak another zone's or another role's records.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;
const ROLES = [
  'signed out',
  'linkworker@demo.test',
  'linkworker2@demo.test',
  'provider@demo.test',
  'provider2@demo.test',
  'commissioner@demo.test',
  'admin@demo.test',
  'commissioner@other.test',
] as const;

async function seesNode(who: (typeof ROLES)[number], id: string): Promise<boolean> {
  const token = who === 'signed out' ? undefined : await s.signIn(who);
  const res = await s.gql(NODE, { id }, token);
  expect(res.errors, `${who} ${id}`).toBeUndefined();
  return res.data.node !== null;
}

async function visibility(id: string) {
  const seen: string[] = [];
  for (const who of ROLES) if (await seesNode(who, id)) seen.push(who);
  return seen;
}

const idOf = async <T extends { id: number }>(rows: Promise<T[]>) => (await rows)[0]!.id;

describe('node(id) by role and zone', () => {
  it('a child: its link worker and its zone’s commissioners; a provider only with a live commission', async () => {
    const lw1 = await idOf(s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test')));
    const caseload = await s.db.select().from(children).where(eq(children.linkWorkerId, lw1)).orderBy(children.id);
    // Child 1 (index 1) has a play therapy commission ACCEPTED by provider@ (seed).
    expect(await visibility(globalId('Child', caseload[1]!.id))).toEqual([
      'linkworker@demo.test',
      'provider@demo.test',
      'commissioner@demo.test',
    ]);
    // Child 2's only commission (circus, provider2) is COMPLETED: no longer live.
    expect(await visibility(globalId('Child', caseload[2]!.id))).toEqual([
      'linkworker@demo.test',
      'commissioner@demo.test',
    ]);
    const other = await idOf(s.db.select().from(children).where(eq(children.reference, 'NFD-10K70')));
    expect(await visibility(globalId('Child', other))).toEqual(['commissioner@other.test']);
  });

  it('a draft listing: only its own organisation', async () => {
    const draft = await idOf(s.db.select().from(services).where(eq(services.name, 'Online parent coaching')));
    expect(await visibility(globalId('Service', draft))).toEqual(['provider@demo.test']);
    const otherDraft = await idOf(s.db.select().from(services).where(eq(services.name, 'Northfield secret draft')));
    expect(await visibility(globalId('Service', otherDraft))).toEqual([]);
  });

  it('a published listing: everyone in its zone and the public, not another zone’s staff', async () => {
    const published = await idOf(s.db.select().from(services).where(eq(services.name, 'Family therapy sessions')));
    expect(await visibility(globalId('Service', published))).toEqual(
      ROLES.filter((r) => r !== 'commissioner@other.test'),
    );
  });

  it('a funding pot: the zone’s commissioners only', async () => {
    const pot = await idOf(s.db.select().from(fundingPots).where(eq(fundingPots.name, 'Council early help fund')));
    expect(await visibility(globalId('FundingPot', pot))).toEqual(['commissioner@demo.test']);
  });

  it('a commission: its link worker, its provider once approved, the zone’s commissioners', async () => {
    const all = await s.db.select().from(commissions).orderBy(commissions.id);
    const requested = all.find((c) => c.status === 'REQUESTED')!;
    const accepted = all.find((c) => c.status === 'ACCEPTED')!;
    expect(await visibility(globalId('Commission', requested.id))).toEqual([
      'linkworker@demo.test',
      'commissioner@demo.test',
    ]);
    expect(await visibility(globalId('Commission', accepted.id))).toEqual([
      'linkworker@demo.test',
      'provider@demo.test',
      'commissioner@demo.test',
    ]);
  });

  it('people, schools, zones and organisations stay in their zone', async () => {
    const user = await idOf(s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test')));
    const demoStaff = ROLES.filter((r) => r.endsWith('@demo.test'));
    expect(await visibility(globalId('User', user))).toEqual(demoStaff);
    const school = await idOf(s.db.select().from(schools).where(eq(schools.name, 'Northfield Primary School')));
    expect(await visibility(globalId('School', school))).toEqual(['commissioner@other.test']);
    const zone = await idOf(s.db.select().from(zones).where(eq(zones.slug, 'demo')));
    expect(await visibility(globalId('Zone', zone))).toEqual(demoStaff);
    const org = await idOf(s.db.select().from(organisations).where(eq(organisations.name, 'Northfield Youth Trust')));
    expect(await visibility(globalId('Organisation', org))).toEqual(['signed out', 'commissioner@other.test']);
  });

  it('answers null for ids that do not exist, and an error for ids that are not ids', async () => {
    const token = await s.signIn('commissioner@demo.test');
    expect((await s.gql(NODE, { id: globalId('Child', 999999) }, token)).data.node).toBeNull();
    for (const id of ['not-an-id', globalId('Child', 2 ** 31), Buffer.from('Child:abc').toString('base64')]) {
      const garbage = await s.gql(NODE, { id }, token);
      expect(garbage.data?.node ?? null).toBeNull();
      expect(garbage.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['BAD_USER_INPUT', 'Invalid global ID'],
      ]);
      expect(JSON.stringify(garbage)).not.toMatch(/at .*\.ts|select |stack/i);
    }
  });
});

describe('children’s data by field (data minimisation)', () => {
  const CHILD = `query($id: ID!) { node(id: $id) { ... on Child {
    reference firstName lastName dateOfBirth yearGroup school { name } budget { availablePence } } } }`;

  async function fields(who: string, id: string) {
    const res = await s.gql(CHILD, { id }, await s.signIn(who));
    const denied = (res.errors ?? []).map((e) => `${e.path?.at(-1)}:${e.extensions?.code}`);
    return { data: res.data?.node, denied: denied.sort() };
  }

  it('link worker: everything; commissioner: no names; provider: reference, first name, year group, school', async () => {
    const lw1 = await idOf(s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test')));
    const caseload = await s.db.select().from(children).where(eq(children.linkWorkerId, lw1)).orderBy(children.id);
    const id = globalId('Child', caseload[1]!.id);

    const lw = await fields('linkworker@demo.test', id);
    expect(lw.denied).toEqual([]);
    expect(lw.data).toMatchObject({ reference: caseload[1]!.reference, lastName: caseload[1]!.lastName });

    const commissioner = await fields('commissioner@demo.test', id);
    expect(commissioner.denied).toEqual(['dateOfBirth:FORBIDDEN', 'firstName:FORBIDDEN', 'lastName:FORBIDDEN']);
    expect(commissioner.data).toMatchObject({
      reference: caseload[1]!.reference,
      firstName: null,
      lastName: null,
      budget: { availablePence: expect.any(Number) },
    });

    const provider = await fields('provider@demo.test', id);
    expect(provider.denied).toEqual(['budget:FORBIDDEN', 'dateOfBirth:FORBIDDEN', 'lastName:FORBIDDEN']);
    expect(provider.data).toMatchObject({
      reference: caseload[1]!.reference,
      firstName: caseload[1]!.firstName,
      lastName: null,
      budget: null,
    });
  });

  it('nested paths obey the same rules: commission.child.lastName is denied to a provider', async () => {
    const token = await s.signIn('provider@demo.test');
    const res = await s.gql(
      `{ commissions(first: 10) { edges { node { status child { reference firstName lastName } } } } }`,
      {},
      token,
    );
    expect(res.errors?.length).toBeGreaterThan(0);
    // lastName on live commissions; the whole child on finished ones (no live commission left).
    expect(res.errors!.every((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.includes('child'))).toBe(true);
    const edges = res.data.commissions.edges as { node: { status: string; child: unknown } }[];
    for (const { node } of edges) {
      if (['COMPLETED', 'DECLINED', 'CANCELLED'].includes(node.status)) expect(node.child).toBeNull();
    }
    expect(res.errors!.some((e) => e.path?.at(-1) === 'lastName')).toBe(true);
    expect(JSON.stringify(res.data)).not.toMatch(
      new RegExp((await s.db.select().from(children)).map((c) => c.lastName).join('|')),
    );
  });
});

describe('the public directory', () => {
  it('a signed-out visitor can read a whole listing, including the areas it serves', async () => {
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const res = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Service { name districts { name } locations { postcode } organisation { name } categories { name parent { name } } } } }`,
      { id: globalId('Service', svc!.id) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node.districts.length).toBeGreaterThan(0);
  });
});

describe('the children list', () => {
  const LIST = '{ children(first: 100) { edges { node { reference school { name } } } } }';
  it('a commissioner sees every active child of the zone, by reference; a link worker their caseload; others nothing', async () => {
    const [commissioner] = await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test'));
    const zoneChildren = (await s.db.select().from(children))
      .filter((c) => c.zoneId === commissioner!.zoneId && c.status === 'ACTIVE')
      .map((c) => c.reference)
      .sort();
    expect(zoneChildren.length).toBeGreaterThan(12);
    const all = await s.gql(LIST, {}, await s.signIn('commissioner@demo.test'));
    expect(all.errors).toBeUndefined();
    const refs = all.data.children.edges.map((e: { node: { reference: string } }) => e.node.reference);
    expect(refs).toEqual(zoneChildren);

    const [worker] = await s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
    const caseload = (await s.db.select().from(children))
      .filter((c) => c.linkWorkerId === worker!.id && c.status === 'ACTIVE')
      .map((c) => c.reference)
      .sort();
    const mine = await s.gql(LIST, {}, await s.signIn('linkworker@demo.test'));
    expect(mine.data.children.edges.map((e: { node: { reference: string } }) => e.node.reference)).toEqual(caseload);
    expect(caseload.length).toBeLessThan(zoneChildren.length);

    const other = await s.gql(LIST, {}, await s.signIn('commissioner@other.test'));
    const otherRefs = other.data.children.edges.map((e: { node: { reference: string } }) => e.node.reference);
    expect(otherRefs.some((r: string) => zoneChildren.includes(r))).toBe(false);
    for (const who of ['provider@demo.test', 'admin@demo.test'])
      expect((await s.gql(LIST, {}, await s.signIn(who))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await s.gql(LIST)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

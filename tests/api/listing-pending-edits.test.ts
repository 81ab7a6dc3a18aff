import { and, asc, desc, eq, isNull, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, serviceRevisions, services, users } from '../../drizzle/schema';
import { serviceId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit of issue 14, point 7: with listing approval on, a provider's second edit while one waits
// built on the live listing, so the first edit was silently lost. Each edit now builds on the
// waiting version; the commissioner's diff is live against the combined version.

let s: TestServer;
let id: number;
let gid: string;
let provider: string;
let commissioner: string;
let livePrice: number | null;
let liveDescription: string;
beforeAll(async () => {
  s = await startServer();
  id = await serviceId(s.db, 'Family therapy sessions');
  gid = globalId('Service', id);
  provider = await s.signIn('provider@demo.test');
  commissioner = await s.signIn('commissioner@demo.test');
  await setApproval(true);
  const [row] = await s.db.select().from(services).where(eq(services.id, id));
  expect(row!.status).toBe('PUBLISHED');
  livePrice = row!.unitPricePence;
  liveDescription = row!.description;
});
afterAll(() => s.close());

const SETTINGS = `mutation($input: UpdateZoneSettingsInput!) { updateZoneSettings(input: $input) { __typename } }`;
const setApproval = async (on: boolean) => {
  const admin = await s.signIn('admin@demo.test');
  const input = { delegatedLimitPence: 25000, listingEditsNeedApproval: on };
  expect((await s.gql(SETTINGS, { input }, admin)).data.updateZoneSettings.__typename).toBe(
    'UpdateZoneSettingsSuccess',
  );
};

const UPDATE = `mutation($input: UpdateServiceInput!) { updateService(input: $input) {
  __typename ... on UpdateServiceSuccess { service { pendingRevision { id } } } ... on Error { message } } }`;
const APPROVE = `mutation($input: ApproveServiceRevisionInput!) { approveServiceRevision(input: $input) {
  __typename ... on ApproveServiceRevisionSuccess { service { description unitPricePence pendingRevision { id } } } } }`;
const PENDING = `{ pendingServiceRevisions { id serviceId changes { field before after } } }`;
const CONTENT = `query($id: ID!) { node(id: $id) { ... on Service { description unitPricePence locations { name postcode accessibility }
  pendingRevision { id content { name description unitPricePence categoryIds locations { name postcode accessibility } languages { name } costOptions { per } contacts { name phones { number } } serviceAreas { name } schedules { days } } } } } }`;

const edit = async (input: Record<string, unknown>) => {
  const r = await s.gql(UPDATE, { input: { serviceId: gid, ...input } }, provider);
  expect(r.data.updateService.__typename).toBe('UpdateServiceSuccess');
  return r.data.updateService.service.pendingRevision.id as string;
};
const pendingChanges = async () => {
  const list = (await s.gql(PENDING, {}, commissioner)).data.pendingServiceRevisions.filter(
    (r: { serviceId: string }) => r.serviceId === gid,
  );
  expect(list).toHaveLength(1);
  return Object.fromEntries(list[0].changes.map((c: { field: string }) => [c.field, c]));
};
// A provider's published listings of its own (not imported, or claimed), oldest first.
const ownPublished = async (email: string, limit: number) => {
  const [user] = await s.db.select().from(users).where(eq(users.email, email));
  return s.db
    .select({ id: services.id })
    .from(services)
    .where(
      and(
        eq(services.organisationId, user!.organisationId!),
        eq(services.status, 'PUBLISHED'),
        or(isNull(services.sourceId), eq(services.claimed, true)),
      ),
    )
    .orderBy(asc(services.id))
    .limit(limit);
};
const approve = async (revisionId: string) =>
  (await s.gql(APPROVE, { input: { revisionId } }, commissioner)).data.approveServiceRevision.service;

describe('a second edit while one waits', () => {
  const first = 'Edit A description only, long enough text here';
  const price = () => (livePrice === 4800 ? 4900 : 4800);

  it('builds on the waiting version: the diff shows both changes and approval applies both', async () => {
    const a = await edit({ description: first });
    const b = await edit({ unitPricePence: price() });
    const changes = await pendingChanges();
    expect(Object.keys(changes).sort()).toEqual(['description', 'unitPricePence']);
    expect(changes.description.after).toBe(first);
    // The older revision is replaced (one pending per listing), and the audit trail says by which.
    const revs = await s.db
      .select({ id: serviceRevisions.id, status: serviceRevisions.status })
      .from(serviceRevisions)
      .where(eq(serviceRevisions.serviceId, id))
      .orderBy(desc(serviceRevisions.id));
    expect(revs.slice(0, 2).map((r) => r.status)).toEqual(['PENDING', 'SUPERSEDED']);
    const [event] = await s.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'PROPOSE_SERVICE_CHANGE'), eq(auditEvents.entityId, id)))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(event!.detail).toMatchObject({ fields: ['unitPricePence'], supersedes: revs[1]!.id });
    expect(a).not.toBe(b);
    const live = await approve(b);
    expect(live).toEqual({ description: first, unitPricePence: price(), pendingRevision: null });
  });

  it('keeps the later value when the same field is edited twice, and the other fields of the first edit', async () => {
    const [row] = await s.db.select().from(services).where(eq(services.id, id));
    await edit({ description: 'The first rewording of this description.', minAge: row!.minAge + 1 });
    const last = await edit({ description: 'The second rewording of this description.' });
    const changes = await pendingChanges();
    expect(changes.description).toMatchObject({
      before: row!.description,
      after: 'The second rewording of this description.',
    });
    expect(changes.minAge).toMatchObject({ after: String(row!.minAge + 1) });
    expect((await approve(last)).description).toBe('The second rewording of this description.');
  });

  it('shows the provider the whole waiting version, with every edit in it', async () => {
    const [row] = await s.db.select().from(services).where(eq(services.id, id));
    await edit({ description: 'A description waiting for approval.' });
    await edit({ unitPricePence: 5100 });
    const res = await s.gql(CONTENT, { id: gid }, provider);
    expect(res.errors).toBeUndefined();
    const node = res.data.node;
    expect(node.description).toBe(row!.description);
    expect(node.pendingRevision.content).toMatchObject({
      name: row!.name,
      description: 'A description waiting for approval.',
      unitPricePence: 5100,
      categoryIds: expect.arrayContaining([expect.any(String)]),
      locations: node.locations,
    });
    expect(liveDescription).not.toBe('A description waiting for approval.');
  });

  it('keeps both of two edits sent at once', async () => {
    await Promise.all([
      edit({ eligibility: 'Families of children aged 5 to 11, sent together.' }),
      edit({ unitPricePence: 5200 }),
    ]);
    const changes = await pendingChanges();
    expect(changes.eligibility?.after).toBe('Families of children aged 5 to 11, sent together.');
    expect(changes.unitPricePence?.after).toMatch(/52/);
    expect(changes.description?.after).toBe('A description waiting for approval.');
  });
});

// Audit 59: approval saved the revision's whole stored snapshot, so a change made live after it was
// sent (a commissioner's restore, or a direct edit while the setting was off) was silently undone,
// and the diff, computed when it was sent, never said so. Approval now applies the revision's own
// fields over the listing as live now, and the diff is against the live listing.
describe('approving over changes made live since the edit was sent', () => {
  let other: number;
  let otherGid: string;
  let otherProvider: string;
  const RESTORE = `mutation($input: RestoreServiceVersionInput!) { restoreServiceVersion(input: $input) {
    __typename ... on RestoreServiceVersionSuccess { service { name pendingRevision { id } } } } }`;
  const APPROVED = `mutation($input: ApproveServiceRevisionInput!) { approveServiceRevision(input: $input) {
    __typename ... on ApproveServiceRevisionSuccess { service { name description eligibility } } } }`;
  const HISTORY = `query($id: ID!) { node(id: $id) { ... on Service { name
    pendingRevision { content { name } } versions { id status authorName decidedByName changedFields } } } }`;
  const editOther = async (input: Record<string, unknown>) => {
    const r = await s.gql(UPDATE, { input: { serviceId: otherGid, ...input } }, otherProvider);
    expect(r.data.updateService.__typename).toBe('UpdateServiceSuccess');
    return r.data.updateService.service.pendingRevision?.id as string | undefined;
  };
  const otherChanges = async () => {
    const list = (await s.gql(PENDING, {}, commissioner)).data.pendingServiceRevisions;
    const mine = list.filter((r: { serviceId: string }) => r.serviceId === otherGid);
    expect(mine).toHaveLength(1);
    return Object.fromEntries(mine[0].changes.map((c: { field: string }) => [c.field, c]));
  };
  const approveOther = async (revisionId: string) => {
    const r = await s.gql(APPROVED, { input: { revisionId } }, commissioner);
    expect(r.data.approveServiceRevision.__typename).toBe('ApproveServiceRevisionSuccess');
    return r.data.approveServiceRevision.service;
  };
  const history = async (token = otherProvider) => (await s.gql(HISTORY, { id: otherGid }, token)).data.node;

  beforeAll(async () => {
    await setApproval(true);
    // Another provider's published listing (its own: not imported, or claimed), so these tests start clean.
    otherProvider = await s.signIn('provider2@demo.test');
    other = (await ownPublished('provider2@demo.test', 1))[0]!.id;
    otherGid = globalId('Service', other);
  });

  it('keeps a commissioner’s restore made while a change waits, and applies the change’s own field', async () => {
    const [start] = await s.db.select().from(services).where(eq(services.id, other));
    const renamed = await editOther({ name: `${start!.name} (renamed)` });
    await approveOther(renamed!);
    const baseline = (await history()).versions.at(-1).id;
    const waiting = await editOther({ description: 'Second pending description, long enough.' });
    const restored = await s.gql(RESTORE, { input: { revisionId: baseline } }, commissioner);
    expect(restored.data.restoreServiceVersion.service).toEqual({
      name: start!.name,
      pendingRevision: { id: waiting },
    });
    const changes = await otherChanges();
    expect(Object.keys(changes)).toEqual(['description']);
    expect(changes.description).toMatchObject({ before: start!.description });
    // The provider's form starts from what approval would make live: the restored name.
    expect((await history()).pendingRevision.content.name).toBe(start!.name);
    expect(await approveOther(waiting!)).toMatchObject({
      name: start!.name,
      description: 'Second pending description, long enough.',
    });
    const approved = (await history(commissioner)).versions.find((v: { id: string }) => v.id === waiting);
    expect(approved).toMatchObject({
      id: waiting,
      status: 'APPLIED',
      authorName: expect.any(String),
      decidedByName: expect.any(String),
      changedFields: ['Description'],
    });
  });

  it('keeps a direct edit made while the setting was off; the diff shows live values as before', async () => {
    const waiting = await editOther({
      description: 'A description sent while approval was on.',
      eligibility: 'Families with children aged 4 to 12, sent for approval.',
    });
    await setApproval(false);
    // Applied at once: a new name, the same eligibility as the waiting change, another description.
    await editOther({
      name: 'Renamed directly while approval was off',
      description: 'A description changed directly.',
      eligibility: 'Families with children aged 4 to 12, sent for approval.',
    });
    await setApproval(true);
    const changes = await otherChanges();
    expect(Object.keys(changes)).toEqual(['description']);
    expect(changes.description).toMatchObject({
      before: 'A description changed directly.',
      after: 'A description sent while approval was on.',
    });
    expect(await approveOther(waiting!)).toEqual({
      name: 'Renamed directly while approval was off',
      description: 'A description sent while approval was on.',
      eligibility: 'Families with children aged 4 to 12, sent for approval.',
    });
    const approved = (await history(commissioner)).versions.find((v: { id: string }) => v.id === waiting);
    expect(approved).toMatchObject({ status: 'APPLIED', changedFields: ['Description'] });
  });

  it('builds a second edit on the live listing with the waiting changes, not on the snapshot sent', async () => {
    await editOther({ description: 'A first waiting description for the second-edit case.' });
    await setApproval(false);
    await editOther({ name: 'Renamed again directly' });
    await setApproval(true);
    const second = await editOther({ eligibility: 'Families with children aged 5 to 10, second edit.' });
    const changes = await otherChanges();
    expect(Object.keys(changes).sort()).toEqual(['description', 'eligibility']);
    expect(await approveOther(second!)).toEqual({
      name: 'Renamed again directly',
      description: 'A first waiting description for the second-edit case.',
      eligibility: 'Families with children aged 5 to 10, second edit.',
    });
  });

  it('refuses approval when a live change since and the waiting one break a rule together; the change can be rejected', async () => {
    await setApproval(false);
    await editOther({ minAge: 0, maxAge: 18 });
    await setApproval(true);
    const waiting = await editOther({ minAge: 10 });
    await setApproval(false);
    await editOther({ maxAge: 8 });
    await setApproval(true);
    const refused = await s.gql(
      `mutation($input: ApproveServiceRevisionInput!) { approveServiceRevision(input: $input) {
        __typename ... on ValidationError { message fieldErrors { path message } } } }`,
      { input: { revisionId: waiting } },
      commissioner,
    );
    expect(refused.data.approveServiceRevision).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [
        {
          path: ['input', 'revisionId'],
          message:
            'These changes no longer fit the listing as it is now (Maximum age must be the same as or more than the minimum age): reject them and ask the provider to send them again',
        },
      ],
    });
    const [live] = await s.db.select().from(services).where(eq(services.id, other));
    expect([live!.minAge, live!.maxAge]).toEqual([0, 8]);
    expect((await history(commissioner)).pendingRevision).not.toBeNull();
    const rejected = await s.gql(
      `mutation($input: RejectServiceRevisionInput!) { rejectServiceRevision(input: $input) { __typename } }`,
      { input: { revisionId: waiting, reason: 'The ages no longer fit the listing: please send them again.' } },
      commissioner,
    );
    expect(rejected.data.rejectServiceRevision.__typename).toBe('RejectServiceRevisionSuccess');
    expect((await history(commissioner)).pendingRevision).toBeNull();
  });
});

// Each pending change is shown against its live listing: a page of them reads those in one statement.
describe('a page of pending changes', () => {
  it('costs the same statements for one pending change as for three', async () => {
    await setApproval(true);
    await s.db.delete(serviceRevisions).where(eq(serviceRevisions.status, 'PENDING'));
    const own = await ownPublished('provider@demo.test', 3);
    expect(own).toHaveLength(3);
    const PAGE = `{ pendingServiceRevisions(limit: 50) { id changedFields content { name } changes { field before after } } }`;
    const page = async (count: number) => {
      const res = await s.gql(PAGE, {}, commissioner);
      expect(res.data.pendingServiceRevisions).toHaveLength(count);
      for (const r of res.data.pendingServiceRevisions) expect(r.changedFields).toEqual(['Description']);
      return res.statements;
    };
    const statements: number[] = [];
    for (const [n, row] of own.entries()) {
      const input = { serviceId: globalId('Service', row.id), description: `A page of pending changes, number ${n}.` };
      const r = await s.gql(UPDATE, { input }, provider);
      expect(r.data.updateService.service.pendingRevision.id).toBeTruthy();
      statements.push(await page(n + 1));
    }
    expect(statements[2]).toBe(statements[0]);
  });
});

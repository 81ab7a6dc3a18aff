import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRevisions, services } from '../../drizzle/schema';
import { serviceId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 38b F3: a listing seeded or imported without versions gets its then-live state recorded as a
// version before its first change, so the first approved change can be undone.

let s: TestServer;
let id: number;
let gid: string;
beforeAll(async () => {
  s = await startServer();
  id = await serviceId(s.db, 'Family therapy sessions');
  gid = globalId('Service', id);
});
afterAll(() => s.close());

const RESULT = (name: string, input: string, fields: string) => `mutation($input: ${input}!) {
  ${name}(input: $input) {
    __typename
    ... on ${name[0]!.toUpperCase()}${name.slice(1)}Success { ${fields} }
    ... on Error { message }
  } }`;
const UPDATE = RESULT('updateService', 'UpdateServiceInput', 'service { pendingRevision { id } }');
const APPROVE = RESULT('approveServiceRevision', 'ApproveServiceRevisionInput', 'service { name description }');
const RESTORE = RESULT('restoreServiceVersion', 'RestoreServiceVersionInput', 'service { name description }');
const SETTINGS = `mutation($input: UpdateZoneSettingsInput!) { updateZoneSettings(input: $input) { __typename } }`;
const VERSIONS = `query($id: ID!) { node(id: $id) { ... on Service { versions { id status authorName } } } }`;

it('the first approved change of a listing with no versions can be undone: the original is a version', async () => {
  const admin = await s.signIn('admin@demo.test');
  const provider = await s.signIn('provider@demo.test');
  const commissioner = await s.signIn('commissioner@demo.test');
  const on = await s.gql(SETTINGS, { input: { delegatedLimitPence: 25000, listingEditsNeedApproval: true } }, admin);
  expect(on.data.updateZoneSettings.__typename).toBe('UpdateZoneSettingsSuccess');
  const [original] = await s.db.select().from(services).where(eq(services.id, id));
  expect(await s.db.$count(serviceRevisions, eq(serviceRevisions.serviceId, id))).toBe(0);

  const edit = await s.gql(
    UPDATE,
    { input: { serviceId: gid, name: 'Family therapy sessions (evenings)', description: 'Evenings only now.' } },
    provider,
  );
  const pending = edit.data.updateService.service.pendingRevision.id;
  // The live listing, as published, is now the oldest version; the edit waits above it.
  const versions = (await s.gql(VERSIONS, { id: gid }, provider)).data.node.versions;
  expect(versions).toHaveLength(2);
  expect(versions[0]).toMatchObject({ id: pending, status: 'PENDING' });
  expect(versions[1]).toMatchObject({ status: 'APPLIED', authorName: null });
  const baseline = versions[1].id;

  const approved = await s.gql(APPROVE, { input: { revisionId: pending } }, commissioner);
  expect(approved.data.approveServiceRevision.service.name).toBe('Family therapy sessions (evenings)');

  const restored = await s.gql(RESTORE, { input: { revisionId: baseline } }, commissioner);
  expect(restored.data.restoreServiceVersion).toEqual({
    __typename: 'RestoreServiceVersionSuccess',
    service: { name: original!.name, description: original!.description },
  });
  // A second change adds no second baseline.
  const after = (await s.gql(VERSIONS, { id: gid }, provider)).data.node.versions;
  expect(after.filter((v: { authorName: string | null }) => v.authorName === null)).toHaveLength(1);
});

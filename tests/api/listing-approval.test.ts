import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  emailOutbox,
  notifications,
  serviceRevisions,
  serviceSchedules,
  services,
} from '../../drizzle/schema';
import { renderEmail } from '../../schema/domain/email';
import { runListingReviewReminders } from '../../schema/domain/listing-reviews';
import { serviceId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 7: with the zone's listingEditsNeedApproval on, a provider's change to a
// published listing waits for a commissioner or administrator (who sees a field-by-field diff)
// while the live version stays in search, on the listing page and in the Open Referral feed.

let s: TestServer;
let id: number;
let gid: string;
let provider: string;
let commissioner: string;
beforeAll(async () => {
  s = await startServer();
  id = await serviceId(s.db, 'Family therapy sessions');
  gid = globalId('Service', id);
  provider = await s.signIn('provider@demo.test');
  commissioner = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

const RESULT = (name: string, input: string, fields = 'service { id description }') => `mutation($input: ${input}!) {
  ${name}(input: $input) {
    __typename
    ... on ${name[0]!.toUpperCase()}${name.slice(1)}Success { ${fields} }
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
  } }`;
const UPDATE = RESULT(
  'updateService',
  'UpdateServiceInput',
  'service { description pendingRevision { id status changedFields } }',
);
const APPROVE = RESULT('approveServiceRevision', 'ApproveServiceRevisionInput');
const REJECT = RESULT('rejectServiceRevision', 'RejectServiceRevisionInput');
const RESTORE = RESULT(
  'restoreServiceVersion',
  'RestoreServiceVersionInput',
  'service { description pendingRevision { id } }',
);
const SETTINGS = `mutation($input: UpdateZoneSettingsInput!) { updateZoneSettings(input: $input) { __typename } }`;
const PENDING = `{ pendingServiceRevisions { id serviceName authorName status changedFields changes { field label before after } } }`;
const VERSIONS = `query($id: ID!) { node(id: $id) { ... on Service { description versions { id status authorName decidedByName reason changedFields restoredFrom } } } }`;

/** Everything a reader of the listing sees: the row, its opening times, the public page and feed. */
async function liveState() {
  const [row] = await s.db.select().from(services).where(eq(services.id, id));
  const schedules = await s.db
    .select()
    .from(serviceSchedules)
    .where(eq(serviceSchedules.serviceId, id))
    .orderBy(serviceSchedules.id);
  const page = (
    await s.gql(`query($id: ID!) { node(id: $id) { ... on Service { description costOptions { per } } } }`, { id: gid })
  ).data.node;
  const feed = (await (await fetch(`${s.url}/openreferral/demo/services/${row!.uuid}`)).json()) as {
    description: string;
  };
  const { searchVector: _v, ...columns } = row!;
  return {
    columns,
    schedules: schedules.map(({ id: _i, uuid: _u, ...x }) => x),
    page,
    feedDescription: feed.description,
  };
}

const setApproval = async (on: boolean) => {
  const admin = await s.signIn('admin@demo.test');
  const r = await s.gql(SETTINGS, { input: { delegatedLimitPence: 25000, listingEditsNeedApproval: on } }, admin);
  expect(r.data.updateZoneSettings.__typename).toBe('UpdateZoneSettingsSuccess');
};

describe('with the setting off', () => {
  it('applies a provider’s edit at once and records it as a version', async () => {
    const r = await s.gql(
      UPDATE,
      { input: { serviceId: gid, description: 'Version two of the description.' } },
      provider,
    );
    expect(r.data.updateService.service).toEqual({
      description: 'Version two of the description.',
      pendingRevision: null,
    });
    const versions = (await s.gql(VERSIONS, { id: gid }, provider)).data.node.versions;
    expect(versions[0]).toMatchObject({
      status: 'APPLIED',
      authorName: expect.any(String),
      changedFields: ['Description'],
    });
  });
});

describe('with the setting on', () => {
  let pendingId: string;
  it('keeps the live listing and waits: search, the listing page and the Open Referral feed show the old one', async () => {
    await setApproval(true);
    const before = await liveState();
    const r = await s.gql(
      UPDATE,
      {
        input: {
          serviceId: gid,
          description: 'A proposed description.',
          schedules: [{ days: ['MO', 'TU'], opensAt: '09:00', closesAt: '17:00', description: 'term time' }],
          costOptions: [{ amountPence: 500, per: 'family', conditions: 'waived on request' }],
        },
      },
      provider,
    );
    const service = r.data.updateService.service;
    expect(service.description).toBe('Version two of the description.');
    expect(service.pendingRevision).toMatchObject({
      status: 'PENDING',
      changedFields: ['Description', 'Opening times', 'Costs'],
    });
    pendingId = service.pendingRevision.id;
    expect(await liveState()).toEqual(before);
    const search = await s.gql('{ services(first: 5, filter: { text: "proposed description" }) { totalCount } }');
    expect(search.data.services.totalCount).toBe(0);
  });

  it('shows commissioners each changed field before and after, nested parts as readable lines', async () => {
    const list = (await s.gql(PENDING, {}, commissioner)).data.pendingServiceRevisions;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: pendingId, serviceName: 'Family therapy sessions', status: 'PENDING' });
    const byField = Object.fromEntries(list[0].changes.map((c: { field: string }) => [c.field, c]));
    expect(byField.description).toEqual({
      field: 'description',
      label: 'Description',
      before: 'Version two of the description.',
      after: 'A proposed description.',
    });
    expect(byField.schedules.after).toBe('Mon, Tue 09:00 to 17:00 term time');
    expect(byField.costOptions.after).toBe('£5.00 per family waived on request');
    expect(Object.keys(byField).sort()).toEqual(['costOptions', 'description', 'schedules']);
  });

  it('lets only the listing’s provider, commissioners and administrators see versions and pending changes', async () => {
    const linkWorker = await s.signIn('linkworker@demo.test');
    const otherProvider = await s.signIn('provider2@demo.test');
    const other = await s.signIn('commissioner@other.test');
    expect((await s.gql(PENDING, {}, linkWorker)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await s.gql(PENDING, {}, provider)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await s.gql(PENDING, {}, other)).data.pendingServiceRevisions).toEqual([]);
    for (const token of [linkWorker, otherProvider, undefined]) {
      const r = await s.gql(VERSIONS, { id: gid }, token);
      expect(r.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    const admin = await s.signIn('admin@demo.test');
    expect((await s.gql(PENDING, {}, admin)).data.pendingServiceRevisions).toHaveLength(1);
    // Deciding: providers and link workers are refused centrally, another zone finds nothing.
    for (const token of [provider, linkWorker]) {
      const r = await s.gql(APPROVE, { input: { revisionId: pendingId } }, token);
      expect(r.data.approveServiceRevision.__typename).toBe('ForbiddenError');
    }
    const r = await s.gql(APPROVE, { input: { revisionId: pendingId } }, other);
    expect(r.data.approveServiceRevision.__typename).toBe('NotFoundError');
  });

  it('rejects with a reason: the live version is unchanged and the provider is told (the email without the reason)', async () => {
    const before = await liveState();
    const empty = await s.gql(REJECT, { input: { revisionId: pendingId, reason: '  ' } }, commissioner);
    expect(empty.data.rejectServiceRevision.__typename).toBe('ValidationError');
    const r = await s.gql(
      REJECT,
      { input: { revisionId: pendingId, reason: 'The fee needs checking first' } },
      commissioner,
    );
    expect(r.data.rejectServiceRevision.__typename).toBe('RejectServiceRevisionSuccess');
    expect(await liveState()).toEqual(before);
    const [rev] = await s.db
      .select()
      .from(serviceRevisions)
      .where(eq(serviceRevisions.serviceId, id))
      .orderBy(serviceRevisions.id)
      .then((r) => r.slice(-1));
    expect(rev).toMatchObject({ status: 'REJECTED', reason: 'The fee needs checking first' });
    const emails = await s.db.select().from(emailOutbox).where(eq(emailOutbox.kind, 'LISTING_EDIT_REJECTED'));
    expect(emails.map((e) => e.toAddress)).toContain('provider@demo.test');
    const mail = renderEmail(emails[0]!.kind, emails[0]!.data as never, 'http://portal.test');
    expect(mail.subject).toBe('Your listing changes were not approved: Family therapy sessions');
    expect(mail.text).toContain('http://portal.test/services/');
    expect(mail.text).not.toContain('fee needs checking');
    const again = await s.gql(APPROVE, { input: { revisionId: pendingId } }, commissioner);
    expect(again.data.approveServiceRevision.__typename).toBe('ValidationError');
  });

  it('approves in one go: the listing becomes the change, the provider is emailed, the history says who', async () => {
    const proposed = await s.gql(
      UPDATE,
      { input: { serviceId: gid, description: 'The approved description.' } },
      provider,
    );
    const revisionId = proposed.data.updateService.service.pendingRevision.id;
    const r = await s.gql(APPROVE, { input: { revisionId } }, commissioner);
    expect(r.data.approveServiceRevision.service.description).toBe('The approved description.');
    expect((await liveState()).feedDescription).toBe('The approved description.');
    const versions = (await s.gql(VERSIONS, { id: gid }, commissioner)).data.node.versions;
    expect(versions.map((v: { status: string }) => v.status)).toEqual(['APPLIED', 'REJECTED', 'APPLIED', 'APPLIED']);
    expect(versions[0]).toMatchObject({ decidedByName: expect.any(String), changedFields: ['Description'] });
    const emails = await s.db.select().from(emailOutbox).where(eq(emailOutbox.kind, 'LISTING_EDIT_APPROVED'));
    expect(emails.map((e) => e.toAddress)).toContain('provider@demo.test');
    const audits = await s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'APPROVE_SERVICE_REVISION'), eq(auditEvents.entityId, id)));
    expect(audits).toHaveLength(1);
  });

  it('restores an earlier version as a new version: a provider’s waits for approval, a commissioner’s applies', async () => {
    const versions = (await s.gql(VERSIONS, { id: gid }, provider)).data.node.versions;
    // Oldest first from the end: the seeded listing as published (audit 38b F3), then version two.
    const versionTwo = versions.at(-2).id; // 'Version two of the description.'
    const rejected = versions[1].id;
    const refused = await s.gql(RESTORE, { input: { revisionId: rejected } }, provider);
    expect(refused.data.restoreServiceVersion.__typename).toBe('ValidationError');
    const r = await s.gql(RESTORE, { input: { revisionId: versionTwo } }, provider);
    expect(r.data.restoreServiceVersion.service.description).toBe('The approved description.');
    const waiting = r.data.restoreServiceVersion.service.pendingRevision.id;
    await s.gql(APPROVE, { input: { revisionId: waiting } }, commissioner);
    const after = (await s.gql(VERSIONS, { id: gid }, provider)).data.node;
    expect(after.description).toBe('Version two of the description.');
    expect(after.versions[0]).toMatchObject({ status: 'APPLIED', restoredFrom: versionTwo });

    const latest = after.versions.find(
      (v: { status: string; id: string }) => v.status === 'APPLIED' && v.id !== after.versions[0].id,
    ).id;
    const direct = await s.gql(RESTORE, { input: { revisionId: latest } }, commissioner);
    expect(direct.data.restoreServiceVersion.service).toEqual({
      description: 'The approved description.',
      pendingRevision: null,
    });
  });

  it('leaves drafts alone: a draft’s edit applies at once', async () => {
    const [draft] = await s.db
      .select({ id: services.id })
      .from(services)
      .where(
        and(
          eq(services.status, 'DRAFT'),
          eq(
            services.organisationId,
            (await s.db.select().from(services).where(eq(services.id, id)))[0]!.organisationId,
          ),
        ),
      );
    if (!draft) return;
    const r = await s.gql(
      UPDATE,
      { input: { serviceId: globalId('Service', draft.id), description: 'Draft text.' } },
      provider,
    );
    expect(r.data.updateService.service).toEqual({ description: 'Draft text.', pendingRevision: null });
  });
});

describe('review reminders', () => {
  it('emails the provider once per review cycle at five months; reviewing starts a new cycle', async () => {
    // Every other published listing reviewed recently; this one five months and a day ago.
    const now = new Date('2027-06-01T09:00:00Z');
    await s.db.update(services).set({ lastReviewedAt: '2027-05-30T00:00:00Z' });
    await s.db.update(services).set({ lastReviewedAt: '2026-12-31T00:00:00Z' }).where(eq(services.id, id));
    const count = async () =>
      (await s.db.select().from(emailOutbox).where(eq(emailOutbox.kind, 'LISTING_REVIEW_DUE'))).length;
    const start = await count();
    expect(await runListingReviewReminders(s.db, { now })).toBe(1);
    expect(await runListingReviewReminders(s.db, { now })).toBe(0);
    expect(await count()).toBe(start + 1);
    const [mail] = await s.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.kind, 'LISTING_REVIEW_DUE'))
      .orderBy(desc(emailOutbox.id));
    expect(mail!.toAddress).toBe('provider@demo.test');
    expect(renderEmail(mail!.kind, mail!.data as never, 'http://portal.test').subject).toBe(
      'Please check your listing: Family therapy sessions',
    );
    // Four months and 30 days is not yet due.
    await s.db.update(services).set({ lastReviewedAt: '2027-01-02T00:00:00Z' }).where(eq(services.id, id));
    expect(await runListingReviewReminders(s.db, { now })).toBe(0);
    // A review (here: an earlier one recorded again) starts a new cycle, due again.
    await s.db.update(services).set({ lastReviewedAt: '2026-12-30T00:00:00Z' }).where(eq(services.id, id));
    expect(await runListingReviewReminders(s.db, { now })).toBe(1);
  });
});

describe('a rename', () => {
  // Audit F10: the approval named the listing by the name it had before the change.
  it('is approved under its new name: the email and the portal notice use the name now live', async () => {
    const proposed = await s.gql(UPDATE, { input: { serviceId: gid, name: 'Family therapy (renamed)' } }, provider);
    const revisionId = proposed.data.updateService.service.pendingRevision.id;
    const r = await s.gql(APPROVE, { input: { revisionId } }, commissioner);
    expect(r.data.approveServiceRevision.__typename).toBe('ApproveServiceRevisionSuccess');
    const [mail] = await s.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.kind, 'LISTING_EDIT_APPROVED'))
      .orderBy(desc(emailOutbox.id));
    expect(renderEmail(mail!.kind, mail!.data as never, 'http://portal.test').subject).toBe(
      'Your listing changes are live: Family therapy (renamed)',
    );
    const [notice] = await s.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'LISTING_EDIT_APPROVED'))
      .orderBy(desc(notifications.id));
    expect(notice!.message).toBe('Your changes to the listing Family therapy (renamed) were approved and are now live');
  });
});

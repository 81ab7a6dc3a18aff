import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  childConsents,
  children,
  commissionEvents,
  commissions,
  emailOutbox,
  emailPreferences,
  idempotencyKeys,
  schools,
} from '../../drizzle/schema';
import { latestConsentAction } from '../../schema/domain/consent';
import { runDeadlines } from '../../schema/domain/deadlines';
import { budgetOf, freeChildren, raiseMutation, serviceId, snapshot, transitionMutation, userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Issue 14 point 5: the family's consent, recorded on the child. No consent in force, no commission;
// withdrawing pauses open commissions and hides all but their reference from the provider.

let s: TestServer;
let kids: number[];
let therapy: number;
const LW = 'linkworker@demo.test';
beforeAll(async () => {
  s = await startServer();
  kids = (await freeChildren(s.db, LW)).map((c) => c.id);
  therapy = await serviceId(s.db, 'Family therapy sessions');
  for (const who of [LW, 'linkworker2@demo.test', 'provider@demo.test', 'commissioner@demo.test', 'admin@demo.test'])
    await s.signIn(who);
});
afterAll(() => s.close());

const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { ${RESULT}
  ... on RecordConsentSuccess { child { id consentInForce consentHistory { action givenBy method purposes effectiveOn reason } } } } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { ${RESULT}
  ... on WithdrawConsentSuccess { child { id consentInForce consentHistory { action effectiveOn reason } } } } }`;

const record = async (child: number, as = LW, extra: Record<string, unknown> = {}) =>
  (
    await s.gql(
      RECORD,
      {
        input: {
          childId: globalId('Child', child),
          givenBy: 'PARENT_OR_CARER',
          method: 'PHONE',
          givenOn: '2026-11-27',
          purposes: ['OUTCOME_REPORTING'],
          ...extra,
        },
      },
      await s.signIn(as),
    )
  ).data.recordConsent;
const withdraw = async (child: number, as = LW, extra: Record<string, unknown> = {}) =>
  (
    await s.gql(
      WITHDRAW,
      {
        input: {
          childId: globalId('Child', child),
          withdrawnOn: '2026-11-27',
          reason: 'Mum wants to talk it over first',
          ...extra,
        },
      },
      await s.signIn(as),
    )
  ).data.withdrawConsent;

let key = 0;
const raise = async (child: number, units = 2) =>
  (
    await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', child),
          serviceId: globalId('Service', therapy),
          units,
          rationale: 'Agreed at the family review.',
          idempotencyKey: `consent-key-${++key}`,
        },
      },
      await s.signIn(LW),
    )
  ).data.raiseCommission;
const transition = async (name: string, commissionId: string, as: string, extra: Record<string, unknown> = {}) =>
  (await s.gql(transitionMutation(name), { input: { commissionId, ...extra } }, await s.signIn(as))).data[name];

const consentRows = async (child: number) => s.db.$count(childConsents, eq(childConsents.childId, child));

describe('the demo seed', () => {
  it('records consent in force for every child it seeds', async () => {
    const all = await s.db.select({ reference: children.reference, consent: latestConsentAction }).from(children);
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((c) => c.consent !== 'GIVEN')).toEqual([]);
  });
});

describe('raising needs consent in force', () => {
  it('refuses a child whose consent was never recorded, and writes nothing', async () => {
    const [school] = await s.db.select().from(schools).limit(1);
    const [child] = await s.db
      .insert(children)
      .values({
        zoneId: school!.zoneId,
        reference: 'TST-NOCONSENT',
        firstName: 'No',
        lastName: 'Consent',
        dateOfBirth: '2016-01-01',
        yearGroup: 5,
        schoolId: school!.id,
        linkWorkerId: await userId(s.db, LW),
        programmeStart: '2026-01-01',
        programmeEnd: '2027-12-31',
      })
      .returning();
    const before = await snapshot(s.db);
    const keys = await s.db.$count(idempotencyKeys);
    const res = await raise(child!.id);
    expect(res.__typename).toBe('ConsentRequiredError');
    expect(res.message).toMatch(/consent/);
    expect(await snapshot(s.db)).toEqual(before);
    expect(await s.db.$count(idempotencyKeys)).toBe(keys);
    expect(await s.db.$count(commissions, eq(commissions.childId, child!.id))).toBe(0);
  });

  it('refuses once consent is withdrawn, and accepts again once it is recorded', async () => {
    const child = kids[0]!;
    expect((await withdraw(child)).__typename).toBe('WithdrawConsentSuccess');
    const before = await snapshot(s.db);
    expect((await raise(child)).__typename).toBe('ConsentRequiredError');
    expect(await snapshot(s.db)).toEqual(before);
    expect((await record(child)).__typename).toBe('RecordConsentSuccess');
    expect((await raise(child)).__typename).toBe('RaiseCommissionSuccess');
  });
});

const ALL_FIELDS = `id reference status units unitPricePence amountPence unitsDelivered requestToProvider
  requestedStartDate respondBy createdAt pausedAt service { id name } organisation { id } linkWorker { id }
  child { id reference firstName yearGroup school { id } } events { action note }`;

describe('withdrawing pauses open commissions; the provider sees only references', () => {
  let child: number;
  let approved: string;
  let accepted: string;
  let refs: string[];
  beforeAll(async () => {
    child = kids[1]!;
    const a = (await raise(child)).commission;
    const b = (await raise(child)).commission;
    approved = a.id;
    accepted = b.id;
    expect((await transition('acceptCommission', accepted, 'provider@demo.test')).__typename).toBe(
      'AcceptCommissionSuccess',
    );
    refs = [a.reference, b.reference].sort();
  });

  it('the provider sees the commission and the child while consent is in force', async () => {
    const res = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Commission { ${ALL_FIELDS} } } }`,
      { id: accepted },
      await s.signIn('provider@demo.test'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node.child.firstName).toBeTruthy();
  });

  it('pauses both, keeps status, reservation and place, and tells the provider by reference only', async () => {
    const budget = await budgetOf(s.db, child);
    const res = await withdraw(child);
    expect(res.__typename).toBe('WithdrawConsentSuccess');
    expect(res.child.consentInForce).toBe(false);
    expect(res.child.consentHistory[0]).toMatchObject({
      action: 'WITHDRAWN',
      reason: 'Mum wants to talk it over first',
    });
    const rows = await s.db.select().from(commissions).where(eq(commissions.childId, child));
    expect(rows.map((c) => [c.status, c.pausedAt !== null]).sort()).toEqual([
      ['ACCEPTED', true],
      ['APPROVED', true],
    ]);
    expect(await budgetOf(s.db, child)).toEqual(budget);
    const paused = await s.db
      .select()
      .from(commissionEvents)
      .where(and(eq(commissionEvents.action, 'PAUSED')));
    expect(paused).toHaveLength(2);
    expect(paused.every((e) => !e.note.includes('Mum'))).toBe(true);
    const [audit] = await s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'WITHDRAW_CONSENT'), eq(auditEvents.entityId, child)));
    expect(audit!.detail).toMatchObject({ paused: expect.arrayContaining(refs) });
  });

  it('the provider can read none of their fields, nor the child, only the references', async () => {
    const token = await s.signIn('provider@demo.test');
    for (const id of [approved, accepted]) {
      const res = await s.gql(
        `query($id: ID!) { node(id: $id) { ... on Commission { ${ALL_FIELDS} } } }`,
        { id },
        token,
      );
      expect(res.data.node).toBeNull();
    }
    const list = await s.gql(`{ commissions(first: 100) { totalCount edges { node { id reference } } } }`, {}, token);
    const ids = list.data.commissions.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).not.toContain(approved);
    expect(ids).not.toContain(accepted);
    const byRef = await s.gql(
      `query($r: String) { commissions(filter: { reference: $r }) { totalCount } }`,
      { r: refs[0] },
      token,
    );
    expect(byRef.data.commissions.totalCount).toBe(0);
    const kid = await s.gql(
      `query($id: ID!) { child(id: $id) { reference firstName } }`,
      { id: globalId('Child', child) },
      token,
    );
    expect(kid.data.child).toBeNull();
    const pausedList = await s.gql(`{ pausedCommissions { reference } }`, {}, token);
    expect(pausedList.data.pausedCommissions.map((p: { reference: string }) => p.reference)).toEqual(
      expect.arrayContaining(refs),
    );
    // Their notifications still point at the commission, which now resolves to nothing.
    const notes = await s.gql(
      `{ viewer { notifications(first: 5) { edges { node { message commission { id units } } } } } }`,
      {},
      token,
    );
    const latest = notes.data.viewer.notifications.edges[0].node;
    expect(latest.message).toMatch(/^Commission CR-[A-Z0-9]{5} is paused$/);
    expect(latest.commission).toBeNull();
    // Null without an error: the Notifications page's query loads whole (audit 43 found FORBIDDEN here).
    expect(notes.errors).toBeUndefined();
    // The email links to their commissions (the Paused box), not to a commission they cannot open.
    const emails = await s.db
      .select({ data: emailOutbox.data })
      .from(emailOutbox)
      .where(eq(emailOutbox.kind, 'COMMISSION_PAUSED'));
    expect(emails.length).toBeGreaterThan(0);
    for (const e of emails) expect(e.data).toMatchObject({ path: '/provider/commissions' });
    expect(emails.map((e) => (e.data as { reference: string }).reference)).toEqual(expect.arrayContaining(refs));
  });

  it('the provider cannot act on a paused commission; nothing changes', async () => {
    const before = await snapshot(s.db);
    const res = await transition('recordDelivery', accepted, 'provider@demo.test', { units: 1 });
    expect(res.__typename).toBe('CommissionPausedError');
    const decline = await transition('declineCommission', approved, 'provider@demo.test', { reason: 'Full up now' });
    expect(decline.__typename).toBe('CommissionPausedError');
    expect(await snapshot(s.db)).toEqual(before);
  });

  it('the deadlines job neither reminds nor lapses a paused commission', async () => {
    const result = await runDeadlines(s.db, { minIntervalMinutes: 0, now: new Date('2027-03-01T12:00:00Z') });
    expect(result.ran).toBe(true);
    const [row] = await s.db.select().from(commissions).where(eq(commissions.childId, child)).orderBy(commissions.id);
    expect(row!.status).toBe('APPROVED');
    expect(await s.db.$count(commissionEvents, eq(commissionEvents.commissionId, row!.id))).toBe(3); // raised, auto-approved, paused
  });

  it('the link worker and commissioner still see everything, with pausedAt', async () => {
    for (const who of [LW, 'commissioner@demo.test']) {
      const res = await s.gql(
        `query($id: ID!) { node(id: $id) { ... on Commission { status pausedAt units } } }`,
        { id: accepted },
        await s.signIn(who),
      );
      expect(res.data.node).toMatchObject({ status: 'ACCEPTED', units: 2 });
      expect(res.data.node.pausedAt).toBeTruthy();
    }
  });

  it('recording consent again resumes both where they were', async () => {
    const res = await record(child, LW, { givenBy: 'YOUNG_PERSON', method: 'IN_PERSON' });
    expect(res.__typename).toBe('RecordConsentSuccess');
    expect(res.child.consentInForce).toBe(true);
    expect(res.child.consentHistory.map((h: { action: string }) => h.action).slice(0, 3)).toEqual([
      'GIVEN',
      'WITHDRAWN',
      'GIVEN',
    ]);
    expect(res.child.consentHistory[0]).toMatchObject({
      givenBy: 'YOUNG_PERSON',
      method: 'IN_PERSON',
      purposes: ['SHARE_WITH_PROVIDERS', 'OUTCOME_REPORTING'],
    });
    const token = await s.signIn('provider@demo.test');
    const node = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Commission { status pausedAt child { firstName } } } }`,
      { id: accepted },
      token,
    );
    expect(node.data.node).toMatchObject({ status: 'ACCEPTED', pausedAt: null });
    expect(node.data.node.child.firstName).toBeTruthy();
    expect((await s.gql(`{ pausedCommissions { reference } }`, {}, token)).data.pausedCommissions).toEqual([]);
    expect((await transition('recordDelivery', accepted, 'provider@demo.test', { units: 1 })).__typename).toBe(
      'RecordDeliverySuccess',
    );
    expect(await s.db.$count(commissionEvents, eq(commissionEvents.action, 'RESUMED'))).toBe(2);
  });

  it('a paused commission can still be cancelled (the reservation is released)', async () => {
    expect((await withdraw(child)).__typename).toBe('WithdrawConsentSuccess');
    const res = await transition('cancelCommission', approved, LW, { reason: 'Family need time' });
    expect(res).toMatchObject({ __typename: 'CancelCommissionSuccess', commission: { status: 'CANCELLED' } });
  });
});

describe('who may read and change consent', () => {
  const READ = `query($id: ID!) { child(id: $id) { reference consentInForce consentHistory { action } } }`;
  it('the link worker and the zone’s commissioner read it', async () => {
    for (const who of [LW, 'commissioner@demo.test']) {
      const res = await s.gql(READ, { id: globalId('Child', kids[2]!) }, await s.signIn(who));
      expect(res.errors).toBeUndefined();
      expect(res.data.child.consentInForce).toBe(true);
      expect(res.data.child.consentHistory[0].action).toBe('GIVEN');
    }
  });

  it('another link worker sees no child; a provider with a live commission gets FORBIDDEN on consent', async () => {
    const other = await s.gql(READ, { id: globalId('Child', kids[2]!) }, await s.signIn('linkworker2@demo.test'));
    expect(other.data.child).toBeNull();
    const child = kids[3]!;
    const c = (await raise(child)).commission;
    expect(c.status).toBe('APPROVED');
    const res = await s.gql(READ, { id: globalId('Child', child) }, await s.signIn('provider@demo.test'));
    expect(res.data.child).toMatchObject({ consentInForce: null, consentHistory: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('only the child’s own link worker records or withdraws; others change nothing', async () => {
    const child = kids[2]!;
    const rows = await consentRows(child);
    for (const who of ['commissioner@demo.test', 'provider@demo.test', 'admin@demo.test', 'linkworker2@demo.test']) {
      expect((await record(child, who)).__typename).toBe('ForbiddenError');
      expect((await withdraw(child, who)).__typename).toBe('ForbiddenError');
    }
    const signedOut = await s.gql(WITHDRAW, {
      input: { childId: globalId('Child', child), withdrawnOn: '2026-11-30', reason: 'none of yours' },
    });
    expect(signedOut.data?.withdrawConsent?.__typename ?? signedOut.errors?.[0]?.extensions?.code).toMatch(
      /UNAUTHENTICATED|ForbiddenError/,
    );
    expect(await consentRows(child)).toBe(rows);
  });

  it('bad dates and withdrawing what is not in force are validation errors that write nothing', async () => {
    const child = kids[2]!;
    const rows = await consentRows(child);
    expect((await record(child, LW, { givenOn: '2026-12-25' })).fieldErrors[0].path).toEqual(['input', 'givenOn']);
    expect((await withdraw(child, LW, { withdrawnOn: '2020-01-01' })).fieldErrors[0].path).toEqual([
      'input',
      'withdrawnOn',
    ]);
    expect((await withdraw(child, LW, { reason: '  ' })).__typename).toBe('ValidationError');
    expect((await withdraw(child)).__typename).toBe('WithdrawConsentSuccess');
    expect((await withdraw(child)).__typename).toBe('ValidationError');
    expect(await consentRows(child)).toBe(rows + 1);
  });

  it('the history cannot be rewritten, whatever the client', async () => {
    await expect(s.db.update(childConsents).set({ note: 'changed' })).rejects.toThrow();
    await expect(s.db.delete(childConsents)).rejects.toThrow();
    await expect(s.db.execute(sql`truncate child_consents`)).rejects.toThrow();
  });
});

describe('the provider’s email choice for pauses', () => {
  it('"A commission is paused or resumed" set to OFF sends neither the paused nor the resumed email', async () => {
    const child = kids[4]!;
    const raised = await raise(child);
    expect(raised.__typename).toBe('RaiseCommissionSuccess');
    const provider = await userId(s.db, 'provider@demo.test');
    await s.db.insert(emailPreferences).values({ userId: provider, kind: 'COMMISSION_PAUSED', delivery: 'OFF' });
    const sent = () =>
      s.db.$count(
        emailOutbox,
        and(eq(emailOutbox.userId, provider), inArray(emailOutbox.kind, ['COMMISSION_PAUSED', 'COMMISSION_RESUMED'])),
      );
    const before = await sent();
    expect((await withdraw(child)).__typename).toBe('WithdrawConsentSuccess');
    expect((await record(child)).__typename).toBe('RecordConsentSuccess');
    expect(await s.db.$count(commissionEvents, eq(commissionEvents.action, 'RESUMED'))).toBeGreaterThan(0);
    expect(await sent()).toBe(before);
  });
});

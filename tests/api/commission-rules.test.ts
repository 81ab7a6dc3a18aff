import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childBudgets,
  children,
  commissions,
  districtFunds,
  fundingPots,
  ledgerEntries,
  notifications,
  services,
} from '../../drizzle/schema';
import { rowsOf } from '../../schema/domain/rows';
import { budgetOf, freeChildren, raiseMutation, serviceId, snapshot, transitionMutation, userId } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

let s: TestServer;
let kids: number[];
let therapy: number;
beforeAll(async () => {
  s = await startServer();
  kids = (await freeChildren(s.db, 'linkworker@demo.test')).map((c) => c.id);
  therapy = await serviceId(s.db, 'Family therapy sessions');
  // Signing in is audited: sign in here, so snapshots in the tests see only the actions.
  await s.signIn('linkworker@demo.test');
});
afterAll(() => s.close());

let key = 0;
const raise = async (input: Record<string, unknown>, as = 'linkworker@demo.test') =>
  (
    await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', kids[0]!),
          serviceId: globalId('Service', therapy),
          units: 2,
          rationale: 'Agreed at the family review.',
          idempotencyKey: `rules-key-${++key}`,
          ...input,
        },
      },
      as === 'signed out' ? undefined : await s.signIn(as),
    )
  ).data.raiseCommission;

describe('raising: bad input is a typed error and reserves nothing', () => {
  it('insufficient budget says how much is available', async () => {
    const child = kids[1]!;
    const before = await snapshot(s.db);
    const available = (await budgetOf(s.db, child)).allocatedPence;
    const res = await raise({ childId: globalId('Child', child), units: 30 }); // 30 × £45 = £1,350 > £950
    expect(res).toMatchObject({
      __typename: 'InsufficientBudgetError',
      availablePence: available,
      requestedPence: 135000,
    });
    expect(res.message).toMatch(/£950\.00 available/);
    expect(await snapshot(s.db)).toEqual(before);
  });

  const cases: [string, () => Promise<Record<string, unknown>>, string, string?][] = [
    ['zero units', async () => ({ units: 0 }), 'ValidationError', 'units'],
    ['too many units', async () => ({ units: 201 }), 'ValidationError', 'units'],
    ['a one-word rationale', async () => ({ rationale: 'because' }), 'ValidationError', 'rationale'],
    ['a short idempotency key', async () => ({ idempotencyKey: 'abc' }), 'ValidationError', 'idempotencyKey'],
    ['a garbled child id', async () => ({ childId: 'nonsense' }), 'ValidationError', 'childId'],
    [
      'a service id given as the child',
      async () => ({ childId: globalId('Service', therapy) }),
      'ValidationError',
      'childId',
    ],
    [
      'a free (not commissionable) service',
      async () => ({ serviceId: globalId('Service', await serviceId(s.db, 'Family drop-in')) }),
      'ValidationError',
      'serviceId',
    ],
    [
      'an archived service',
      async () => ({ serviceId: globalId('Service', await serviceId(s.db, 'Dads’ group')) }),
      'ValidationError',
      'serviceId',
    ],
    [
      'a draft service',
      async () => ({ serviceId: globalId('Service', await serviceId(s.db, 'Online parent coaching')) }),
      'NotFoundError',
    ],
    [
      'another zone’s service',
      async () => ({ serviceId: globalId('Service', await serviceId(s.db, 'Northfield family therapy')) }),
      'NotFoundError',
    ],
    [
      'a child on someone else’s caseload',
      async () => ({ childId: globalId('Child', (await freeChildren(s.db, 'linkworker2@demo.test'))[0]!.id) }),
      'ForbiddenError',
    ],
    [
      'a child in another zone',
      async () => ({
        childId: globalId(
          'Child',
          (await s.db.select().from(children).where(eq(children.reference, 'NFD-10K70')))[0]!.id,
        ),
      }),
      'NotFoundError',
    ],
  ];
  for (const [label, input, type, field] of cases) {
    it(label, async () => {
      const change = await input();
      const before = await snapshot(s.db);
      const res = await raise(change);
      expect(res.__typename, JSON.stringify(res)).toBe(type);
      if (field) expect(res.fieldErrors.map((e: { path: string[] }) => e.path.at(-1))).toContain(field);
      expect(res.message).toBeTruthy();
      expect(await snapshot(s.db)).toEqual(before);
    });
  }

  it('only link workers raise', async () => {
    for (const who of ['provider@demo.test', 'commissioner@demo.test', 'admin@demo.test']) {
      const res = await raise({}, who);
      expect(res.__typename, who).toBe('ForbiddenError');
    }
    // Signed out: UNAUTHENTICATED (mutation-access.test.ts walks every mutation).
    const signedOut = await s.gql(raiseMutation, {
      input: {
        childId: globalId('Child', kids[0]!),
        serviceId: globalId('Service', therapy),
        units: 2,
        rationale: 'Agreed at the family review.',
        idempotencyKey: 'rules-signed-out',
      },
    });
    expect(signedOut.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('copies the unit price: a later price change does not alter the commission', async () => {
    const res = await raise({ childId: globalId('Child', kids[2]!), units: 2 });
    await s.db.update(services).set({ unitPricePence: 9900 }).where(eq(services.id, therapy));
    const [row] = await s.db
      .select()
      .from(commissions)
      .where(eq(commissions.id, localId(res.commission.id)));
    expect(row).toMatchObject({ unitPricePence: 4500, amountPence: 9000 });
    await s.db.update(services).set({ unitPricePence: 4500 }).where(eq(services.id, therapy));
  });
});

describe('the raise’s round trips', () => {
  // The busiest write, so as few round trips as it can (npm run bench:money): the claim with the
  // child's lock, one read, the reservation, the insert, then the commission's other rows with its
  // ledger and audit entries; the answer is the inserted row (no second read). The lock comes before
  // the read's statement so the read sees a consent withdrawal it waited for (consent-race.pg.test.ts).
  it('an approved raise is six statements (plus the session; eighteen before), with every row it wrote before', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const cold = await s.gql('{ viewer { id } }', {}, token);
    const res = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', kids[4]!),
          serviceId: globalId('Service', therapy),
          units: 1,
          rationale: 'Agreed at the family review.',
          idempotencyKey: 'round-trips-1',
        },
      },
      token,
    );
    expect(res.data.raiseCommission.commission).toMatchObject({ status: 'APPROVED', amountPence: 4500, units: 1 });
    // Five: the child's reach is asked again only when a raise fails (schema/child-reach.ts).
    expect(res.statements - cold.statements).toBe(5);
    const id = localId(res.data.raiseCommission.commission.id);
    const [rows] = rowsOf(
      await s.db.execute(
        sql`select
        (select count(*)::int from commission_events where "commissionId" = ${id}) as events,
        (select count(*)::int from notifications where "commissionId" = ${id}) as notices,
        (select count(*)::int from email_outbox where data->>'path' like ${`%${encodeURIComponent(globalId('Commission', id))}`}) as emails,
        (select count(*)::int from ledger_entries where "commissionId" = ${id} and kind = 'RESERVE' and "amountPence" = 4500) as ledger,
        (select count(*)::int from audit_events where "entityId" = ${id} and action = 'RAISE_COMMISSION') as audit,
        (select jsonb_typeof(detail) from audit_events where "entityId" = ${id} and action = 'RAISE_COMMISSION') as "auditDetail",
        (select min(jsonb_typeof(data)) from email_outbox where "createdAt" > now() - interval '1 hour') as "emailData",
        (select result from idempotency_keys where key = 'round-trips-1') as result`,
      ),
    );
    // jsonb written from JSON text is an object on both drivers (postgres.js would store a string
    // scalar for a parameter cast straight to jsonb).
    expect(rows).toMatchObject({ events: 2, ledger: 1, audit: 1, auditDetail: 'object', emailData: 'object' });
    expect(rows).toMatchObject({ result: { commissionId: id } });
    expect(rows!.notices).toBeGreaterThan(0);
    expect(rows!.emails).toBe(rows!.notices);
  });
});

describe('idempotency', () => {
  it('the same key and input returns the first result and reserves once', async () => {
    const input = { childId: globalId('Child', kids[3]!), units: 3, idempotencyKey: 'same-key-123' };
    const first = await raise(input);
    const budget = await budgetOf(s.db, kids[3]!);
    const second = await raise(input);
    expect(second.commission.id).toBe(first.commission.id);
    expect(await budgetOf(s.db, kids[3]!)).toEqual(budget);
  });

  it('the same key with different input is a ValidationError', async () => {
    const res = await raise({ childId: globalId('Child', kids[3]!), units: 4, idempotencyKey: 'same-key-123' });
    expect(res.__typename).toBe('ValidationError');
    expect(res.fieldErrors[0].path).toEqual(['input', 'idempotencyKey']);
  });
});

describe('who may act', () => {
  async function fresh(units: number, child = kids[4]!) {
    return (await raise({ childId: globalId('Child', child), units })).commission.id as string;
  }
  const tryAs = async (mutation: string, who: string, input: Record<string, unknown>) =>
    (await s.gql(transitionMutation(mutation), { input }, who === 'signed out' ? undefined : await s.signIn(who))).data[
      mutation
    ].__typename;

  it('approve and reject: commissioners of the zone only', async () => {
    const id = await fresh(8);
    for (const who of ['linkworker@demo.test', 'provider@demo.test', 'admin@demo.test']) {
      expect(await tryAs('approveCommission', who, { commissionId: id }), who).toBe('ForbiddenError');
      expect(await tryAs('rejectCommission', who, { commissionId: id, reason: 'Not needed' }), who).toBe(
        'ForbiddenError',
      );
    }
    // A provider may never approve or cancel (ForbiddenError, by role). Its own provider does not see it until it is approved (audit 58: accepting it answered
    // "InvalidTransitionError from REQUESTED"): not found, whatever it tries.
    for (const [mutation, input] of [
      ['acceptCommission', {}],
      ['declineCommission', { reason: 'Full up now' }],
      ['recordDelivery', { units: 1 }],
      ['completeCommission', {}],
    ] as const)
      expect(await tryAs(mutation, 'provider@demo.test', { commissionId: id, ...input }), mutation).toBe(
        'NotFoundError',
      );
    expect(await tryAs('approveCommission', 'commissioner@other.test', { commissionId: id })).toBe('NotFoundError');
    expect(
      (
        await s.db
          .select()
          .from(commissions)
          .where(eq(commissions.id, localId(id)))
      )[0]!.status,
    ).toBe('REQUESTED');
  });

  it('accept, decline, deliver, complete: the commission’s own provider only', async () => {
    const id = await fresh(2);
    for (const mutation of ['acceptCommission', 'declineCommission', 'recordDelivery', 'completeCommission']) {
      const input = { commissionId: id, reason: 'Because', units: 1 };
      const clean = Object.fromEntries(
        Object.entries(input).filter(
          ([k]) =>
            k === 'commissionId' ||
            (mutation === 'declineCommission' && k === 'reason') ||
            (mutation === 'recordDelivery' && k === 'units'),
        ),
      );
      expect(await tryAs(mutation, 'provider2@demo.test', clean), mutation).toBe('NotFoundError');
      expect(await tryAs(mutation, 'linkworker@demo.test', clean), mutation).toBe('ForbiddenError');
      expect(await tryAs(mutation, 'commissioner@demo.test', clean), mutation).toBe('ForbiddenError');
    }
    expect(
      (
        await s.db
          .select()
          .from(commissions)
          .where(eq(commissions.id, localId(id)))
      )[0]!.status,
    ).toBe('APPROVED');
  });

  it('cancel: the child’s link worker or a commissioner, not another link worker or the provider', async () => {
    const id = await fresh(2);
    expect(await tryAs('cancelCommission', 'linkworker2@demo.test', { commissionId: id, reason: 'Not mine' })).toBe(
      'ForbiddenError',
    );
    expect(await tryAs('cancelCommission', 'provider@demo.test', { commissionId: id, reason: 'Not mine' })).toBe(
      'ForbiddenError',
    );
    expect(
      await tryAs('cancelCommission', 'commissioner@demo.test', { commissionId: id, reason: 'Duplicate request' }),
    ).toBe('CancelCommissionSuccess');
    // The child's link worker learns of a commissioner's cancel (issue 3: "or has been affected").
    const cancelNotes = async () => {
      const notes = await s.gql(
        `{ viewer { notifications(first: 20) { edges { node { kind message commission { id } } } } } }`,
        {},
        await s.signIn('linkworker@demo.test'),
      );
      return notes.data.viewer.notifications.edges
        .map((e: { node: { kind: string; message: string; commission: { id: string } | null } }) => e.node)
        .filter((n: { kind: string }) => n.kind === 'COMMISSION_CANCELLED');
    };
    expect(await cancelNotes()).toEqual([
      {
        kind: 'COMMISSION_CANCELLED',
        message: 'Commission cancelled by a commissioner: Duplicate request',
        commission: { id },
      },
    ]);
    // Their own cancel is not news to them.
    const own = await fresh(2);
    expect(await tryAs('cancelCommission', 'linkworker@demo.test', { commissionId: own, reason: 'Not needed' })).toBe(
      'CancelCommissionSuccess',
    );
    expect((await cancelNotes()).map((n: { commission: { id: string } }) => n.commission.id)).toEqual([id]);
  });

  it('a provider never sees a commission that was cancelled before it was approved', async () => {
    const id = await fresh(8); // over the limit: waits for a commissioner
    expect(
      await tryAs('cancelCommission', 'linkworker@demo.test', {
        commissionId: id,
        reason: 'Family changed their mind',
      }),
    ).toBe('CancelCommissionSuccess');
    const token = await s.signIn('provider@demo.test');
    expect((await s.gql('query($id: ID!) { node(id: $id) { id } }', { id }, token)).data.node).toBeNull();
    const list = await s.gql(
      '{ commissions(first: 100, filter: { status: [CANCELLED] }) { edges { node { id } } } }',
      {},
      token,
    );
    expect(list.data.commissions.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
    // One cancelled after approval was addressed to the provider, so it stays on their record.
    const approved = await fresh(2);
    await tryAs('cancelCommission', 'linkworker@demo.test', {
      commissionId: approved,
      reason: 'Family changed their mind',
    });
    expect((await s.gql('query($id: ID!) { node(id: $id) { id } }', { id: approved }, token)).data.node).toEqual({
      id: approved,
    });
  });

  it('reasons are required for reject, decline and cancel; delivery cannot exceed what was commissioned', async () => {
    const requested = await fresh(8);
    const approved = await fresh(2);
    expect(await tryAs('rejectCommission', 'commissioner@demo.test', { commissionId: requested, reason: '   ' })).toBe(
      'ValidationError',
    );
    expect(await tryAs('declineCommission', 'provider@demo.test', { commissionId: approved, reason: '' })).toBe(
      'ValidationError',
    );
    expect(await tryAs('cancelCommission', 'linkworker@demo.test', { commissionId: approved, reason: 'x' })).toBe(
      'ValidationError',
    );
    // Too short is said once, not once per rule that noticed.
    const short = await s.gql(
      transitionMutation('declineCommission'),
      { input: { commissionId: approved, reason: 'no' } },
      await s.signIn('provider@demo.test'),
    );
    expect(short.data.declineCommission.fieldErrors).toEqual([
      { path: ['input', 'reason'], message: 'Give a reason for declining' },
    ]);
    expect(await tryAs('acceptCommission', 'provider@demo.test', { commissionId: approved })).toBe(
      'AcceptCommissionSuccess',
    );
    const before = await snapshot(s.db, localId(approved));
    const over = await s.gql(
      transitionMutation('recordDelivery'),
      { input: { commissionId: approved, units: 3 } },
      await s.signIn('provider@demo.test'),
    );
    expect(over.data.recordDelivery).toMatchObject({
      __typename: 'ValidationError',
      message: expect.stringMatching(/at most 2 more/),
    });
    expect(await snapshot(s.db, localId(approved))).toEqual(before);
  });
});

describe('notifications', () => {
  it('tell whoever must act next, and whoever is affected', async () => {
    const lw = await userId(s.db, 'linkworker@demo.test');
    const commissioner = await userId(s.db, 'commissioner@demo.test');
    const provider = await userId(s.db, 'provider@demo.test');
    const kinds = async (user: number, commissionId: string) =>
      (await s.db.select().from(notifications).where(eq(notifications.userId, user)).orderBy(notifications.id))
        .filter((n) => n.commissionId === localId(commissionId))
        .map((n) => n.kind);
    const id = (await raise({ childId: globalId('Child', kids[5]!), units: 8 })).commission.id;
    expect(await kinds(commissioner, id)).toEqual(['APPROVAL_NEEDED']);
    await s.gql(
      transitionMutation('approveCommission'),
      { input: { commissionId: id } },
      await s.signIn('commissioner@demo.test'),
    );
    expect(await kinds(provider, id)).toEqual(['COMMISSION_APPROVED']);
    // The provider's notice names the commission, so it still says which once its link is gone (paused).
    const [told] = await s.db
      .select({ message: notifications.message })
      .from(notifications)
      .where(and(eq(notifications.userId, provider), eq(notifications.commissionId, localId(id))));
    expect(told!.message).toMatch(/^New commission CR-[2-9A-Z]{5} approved: 8 units \(£360\.00\)$/);
    expect(await kinds(lw, id)).toEqual(['COMMISSION_APPROVED']);
    await s.gql(
      transitionMutation('acceptCommission'),
      { input: { commissionId: id } },
      await s.signIn('provider@demo.test'),
    );
    expect(await kinds(lw, id)).toEqual(['COMMISSION_APPROVED', 'COMMISSION_ACCEPTED']);
  });

  it('are read through the viewer with an unread count, and can be marked read', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const Q =
      '{ viewer { unreadNotificationCount notifications(first: 50) { edges { node { id kind message read } } } } }';
    const before = (await s.gql(Q, {}, token)).data.viewer;
    expect(before.unreadNotificationCount).toBeGreaterThan(0);
    const first = before.notifications.edges[0].node;
    const marked = await s.gql(
      'mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { __typename ... on MarkNotificationsReadSuccess { marked { count } } } }',
      { input: { notificationIds: [first.id] } },
      token,
    );
    expect(marked.data.markNotificationsRead.marked.count).toBe(1);
    expect((await s.gql(Q, {}, token)).data.viewer.unreadNotificationCount).toBe(before.unreadNotificationCount - 1);
    await s.gql('mutation { markNotificationsRead(input: {}) { __typename } }', {}, token);
    expect((await s.gql(Q, {}, token)).data.viewer.unreadNotificationCount).toBe(0);
    // Someone else's notifications are not theirs to read or mark.
    const other = await s.gql(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: first.id },
      await s.signIn('linkworker2@demo.test'),
    );
    expect(other.data.node).toBeNull();
  });
});

describe('reads', () => {
  const LIST = `query($filter: CommissionFilter) { commissions(first: 100, filter: $filter) { totalCount edges { node { id status organisation { name } } } } }`;

  it('each role sees its own commissions; filters by status and child', async () => {
    const all = await s.db.select().from(commissions);
    const lwId = await userId(s.db, 'linkworker@demo.test');
    const lw = (await s.gql(LIST, {}, await s.signIn('linkworker@demo.test'))).data.commissions;
    expect(lw.totalCount).toBe(all.filter((c) => c.linkWorkerId === lwId).length);
    const provider = (await s.gql(LIST, {}, await s.signIn('provider@demo.test'))).data.commissions;
    expect(
      provider.edges.every(
        (e: { node: { organisation: { name: string }; status: string } }) =>
          e.node.organisation.name === 'Riverside Family Therapy' && !['REQUESTED', 'REJECTED'].includes(e.node.status),
      ),
    ).toBe(true);
    const commissioner = (
      await s.gql(LIST, { filter: { status: ['REQUESTED'] } }, await s.signIn('commissioner@demo.test'))
    ).data.commissions;
    expect(commissioner.totalCount).toBe(
      all.filter((c) => c.status === 'REQUESTED' && c.zoneId === all[0]!.zoneId).length,
    );
    const other = (await s.gql(LIST, {}, await s.signIn('commissioner@other.test'))).data.commissions;
    expect(other.totalCount).toBe(0);
    const byChild = (
      await s.gql(LIST, { filter: { childId: globalId('Child', kids[3]!) } }, await s.signIn('linkworker@demo.test'))
    ).data.commissions;
    expect(byChild.totalCount).toBe(all.filter((c) => c.childId === kids[3]).length);
    expect((await s.gql(LIST, {}, await s.signIn('admin@demo.test'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a page of commissions with child, service, organisation and timeline is one statement (plus the session)', async () => {
    const Q = `{ commissions(first: 50) { edges { node { status child { reference } service { name } organisation { name } events { action at actor { name } } } } } }`;
    const res = await s.gql(Q, {}, await s.signIn('commissioner@demo.test'));
    expect(res.errors).toBeUndefined();
    expect(res.data.commissions.edges.length).toBeGreaterThan(5);
    expect(res.statements).toBe(2);
  });

  it('the caseload with budgets, and the zone’s pots with allocated and remaining', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const caseload = (
      await s.gql(
        '{ viewer { caseload(first: 100) { totalCount edges { node { reference budget { allocatedPence reservedPence spentPence availablePence } } } } } }',
        {},
        token,
      )
    ).data.viewer.caseload;
    expect(caseload.totalCount).toBeGreaterThanOrEqual(10);
    for (const { node } of caseload.edges) {
      const b = node.budget;
      expect(b.allocatedPence).toBeGreaterThanOrEqual(90000);
      expect(b.availablePence).toBe(b.allocatedPence - b.reservedPence - b.spentPence);
    }
    const all = (
      await s.gql(
        '{ fundingPots { name source totalPence allocatedPence remainingPence district { name } } }',
        {},
        await s.signIn('commissioner@demo.test'),
      )
    ).data.fundingPots as {
      name: string;
      source: string;
      totalPence: number;
      allocatedPence: number;
      remainingPence: number;
      district: { name: string } | null;
    }[];
    // The zone's own pots, then a pot per district from the demo's formula split of its fund.
    const pots = all.filter((p) => !p.district);
    expect(pots.map((p) => p.source)).toEqual(['COUNCIL', 'SCHOOLS_DSG', 'CENTRAL_GOVERNMENT', 'PHILANTHROPY']);
    const districtPots = all.filter((p) => p.district);
    const [fund] = await s.db.select().from(districtFunds);
    expect(districtPots.length).toBeGreaterThan(1);
    expect(districtPots.reduce((sum, p) => sum + p.totalPence, 0)).toBe(fund!.totalPence);
    const db = await s.db.select().from(fundingPots).where(eq(fundingPots.name, pots[2]!.name));
    expect(pots[2]).toMatchObject({
      allocatedPence: db[0]!.allocatedPence,
      remainingPence: db[0]!.totalPence - db[0]!.allocatedPence - db[0]!.contractCommittedPence,
    });
  });
});

describe('allocation', () => {
  const ALLOCATE = `mutation($input: AllocateFundsInput!) { allocateFunds(input: $input) { __typename ... on Error { message } ... on AllocateFundsSuccess { allocations { amountPence child { reference } } } } }`;

  it('is all or nothing: a pot is never over-allocated', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const created = await s.gql(
      'mutation { createFundingPot(input: { name: "Small grant", source: PHILANTHROPY, totalPence: 1000 }) { __typename ... on CreateFundingPotSuccess { fundingPot { id remainingPence } } } }',
      {},
      token,
    );
    const pot = created.data.createFundingPot.fundingPot;
    expect(pot.remainingPence).toBe(1000);
    const before = await snapshot(s.db);
    // Two children at £6 each would take £12 from a £10 pot.
    const res = await s.gql(
      ALLOCATE,
      {
        input: {
          fundingPotId: pot.id,
          childIds: kids.slice(0, 2).map((k) => globalId('Child', k)),
          amountPence: 600,
          idempotencyKey: 'too-much-1',
        },
      },
      token,
    );
    expect(res.data.allocateFunds).toMatchObject({
      __typename: 'ValidationError',
      message: 'The pot has £10.00 left; this allocation needs £12.00',
    });
    expect(await snapshot(s.db)).toEqual(before);
  });

  it('moves money to many children at once, and a retry has one effect', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const [pot] = await s.db.select().from(fundingPots).where(eq(fundingPots.name, 'Council early help fund'));
    const input = {
      fundingPotId: globalId('FundingPot', pot!.id),
      childIds: kids.slice(0, 3).map((k) => globalId('Child', k)),
      amountPence: 1000,
      idempotencyKey: 'allocate-once-1',
    };
    const budgetsBefore = await Promise.all(kids.slice(0, 3).map((k) => budgetOf(s.db, k)));
    const first = await s.gql(ALLOCATE, { input }, token);
    const second = await s.gql(ALLOCATE, { input }, token);
    expect(first.data.allocateFunds.allocations).toHaveLength(3);
    expect(second.data).toEqual(first.data);
    const budgetsAfter = await Promise.all(kids.slice(0, 3).map((k) => budgetOf(s.db, k)));
    expect(budgetsAfter.map((b, i) => b.allocatedPence - budgetsBefore[i]!.allocatedPence)).toEqual([1000, 1000, 1000]);
  });

  it('a pot’s total can be adjusted, never below what is already allocated', async () => {
    const ADJUST = `mutation($input: AdjustFundingPotInput!) { adjustFundingPot(input: $input) { __typename ... on Error { message }
      ... on AdjustFundingPotSuccess { fundingPot { totalPence allocatedPence remainingPence } } } }`;
    const [pot] = await s.db
      .select()
      .from(fundingPots)
      .where(eq(fundingPots.name, 'Ravensbourne Community Foundation'));
    const token = await s.signIn('commissioner@demo.test');
    const tooLow = await s.gql(
      ADJUST,
      {
        input: {
          fundingPotId: globalId('FundingPot', pot!.id),
          totalPence: pot!.allocatedPence - 1,
          reason: 'Grant reduced',
        },
      },
      token,
    );
    expect(tooLow.data.adjustFundingPot).toMatchObject({
      __typename: 'ValidationError',
      message: expect.stringMatching(/cannot go below the £[\d,]+\.\d\d already allocated/),
    });
    const ok = await s.gql(
      ADJUST,
      {
        input: {
          fundingPotId: globalId('FundingPot', pot!.id),
          totalPence: pot!.allocatedPence,
          reason: 'Grant reduced',
        },
      },
      token,
    );
    expect(ok.data.adjustFundingPot.fundingPot).toEqual({
      totalPence: pot!.allocatedPence,
      allocatedPence: pot!.allocatedPence,
      remainingPence: 0,
    });
    const lw = await s.gql(
      ADJUST,
      { input: { fundingPotId: globalId('FundingPot', pot!.id), totalPence: 1, reason: 'Grant reduced' } },
      await s.signIn('linkworker@demo.test'),
    );
    expect(lw.data.adjustFundingPot.__typename).toBe('ForbiddenError');
  });

  it('only commissioners allocate, and only to active children of their zone', async () => {
    const [pot] = await s.db.select().from(fundingPots).where(eq(fundingPots.name, 'Council early help fund'));
    const input = {
      fundingPotId: globalId('FundingPot', pot!.id),
      childIds: [globalId('Child', kids[0]!)],
      amountPence: 100,
      idempotencyKey: 'who-may-1',
    };
    expect(
      (await s.gql(ALLOCATE, { input }, await s.signIn('linkworker@demo.test'))).data.allocateFunds.__typename,
    ).toBe('ForbiddenError');
    expect(
      (await s.gql(ALLOCATE, { input }, await s.signIn('commissioner@other.test'))).data.allocateFunds.__typename,
    ).toBe('NotFoundError');
    const [completed] = await s.db.select().from(children).where(eq(children.status, 'COMPLETED'));
    const res = await s.gql(
      ALLOCATE,
      { input: { ...input, childIds: [globalId('Child', completed!.id)], idempotencyKey: 'who-may-2' } },
      await s.signIn('commissioner@demo.test'),
    );
    expect(res.data.allocateFunds.__typename).toBe('ValidationError');
  });
});

describe('the database is the last line of defence', () => {
  it('refuses a direct write that would make reserved + spent exceed allocated', async () => {
    const budget = await budgetOf(s.db, kids.at(-1)!);
    await expect(
      s.db
        .update(childBudgets)
        .set({ reservedPence: sql`${childBudgets.allocatedPence} + 1` })
        .where(eq(childBudgets.id, budget.id)),
    ).rejects.toThrow();
    expect(await budgetOf(s.db, kids.at(-1)!)).toEqual(budget);
  });

  it('refuses to over-allocate a pot, and to rewrite or delete the ledger', async () => {
    await expect(
      s.db.update(fundingPots).set({ allocatedPence: sql`${fundingPots.totalPence} + 1` }),
    ).rejects.toThrow();
    await expect(s.db.update(ledgerEntries).set({ amountPence: 1 })).rejects.toThrow();
    await expect(s.db.delete(ledgerEntries)).rejects.toThrow();
  });
});

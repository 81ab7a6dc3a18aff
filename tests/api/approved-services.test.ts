import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedServices, auditEvents, notifications } from '../../drizzle/schema';
import { freeChildren, raiseMutation, serviceId, userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 12, point 5: commissioners keep the zone's approved services, each with an evidence rating,
// an approval date and a review date; a commission for a service not on the list always waits for a
// commissioner, whatever its amount. The demo zone approves every commissionable service except
// Holiday circus camp (£85 a unit), Instrument lessons and Summer school place
// (server/seed/demo-evidence.json); its delegated limit is £250; the test clock is 2026-11-30.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const LIST = `{ approvedServices { service { name } evidenceRating { code label } approvedOn reviewOn reviewOverdue approvedBy } }`;
const APPROVE = `mutation($input: ApproveServiceInput!) { approveService(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path } }
  ... on ApproveServiceSuccess { approvedService { service { name } evidenceRating { code } approvedOn reviewOn reviewOverdue } } } }`;
const WITHDRAW = `mutation($input: WithdrawServiceApprovalInput!) { withdrawServiceApproval(input: $input) { __typename ... on Error { message } } }`;
const REASON = `query($id: ID!) { node(id: $id) { ... on Commission { status approvalReason } } }`;

let kid = 0;
async function raise(service: string, units: number) {
  const children = await freeChildren(s.db, 'linkworker2@demo.test');
  const child = children[0]!;
  kid++;
  const res = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', child.id),
        serviceId: globalId('Service', await serviceId(s.db, service)),
        units,
        rationale: 'Agreed at review',
        idempotencyKey: `approved-${kid}-${child.id}`,
      },
    },
    await s.signIn('linkworker2@demo.test'),
  );
  const c = res.data.raiseCommission.commission;
  expect(c, JSON.stringify(res.data)).toBeDefined();
  const seen = await s.gql(REASON, { id: c.id }, await s.signIn('commissioner@demo.test'));
  return seen.data.node as { status: string; approvalReason: string | null };
}

describe('approved services', () => {
  it('lists the zone’s approved services with their ratings, dates and overdue reviews, for commissioners only', async () => {
    const res = await s.gql(LIST, {}, await s.signIn('commissioner@demo.test'));
    const list = res.data.approvedServices as { service: { name: string }; reviewOverdue: boolean }[];
    expect(list.find((a) => a.service.name === 'Family therapy sessions')).toEqual({
      service: { name: 'Family therapy sessions' },
      evidenceRating: { code: 'LEVEL_3', label: 'Foundations level 3' },
      approvedOn: '2025-09-01',
      reviewOn: '2027-09-01',
      reviewOverdue: false,
      approvedBy: 'Grace Whitfield',
    });
    // Reviewed by 2026-06-01, before the clock's 2026-11-30: overdue, and listed first.
    expect(list[0]).toMatchObject({ service: { name: '1:1 youth mentoring' }, reviewOverdue: true });
    expect(list.map((a) => a.service.name)).not.toContain('Holiday circus camp');
    for (const who of ['linkworker@demo.test', 'provider@demo.test', 'admin@demo.test'])
      expect((await s.gql(LIST, {}, await s.signIn(who))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await s.gql(LIST)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Another zone's commissioner sees only theirs (none).
    expect((await s.gql(LIST, {}, await s.signIn('commissioner@other.test'))).data.approvedServices).toEqual([]);
  });

  it('sends a commission for a service not on the list to the commissioner however small, with the reason', async () => {
    const before = await s.db.$count(
      notifications,
      eq(notifications.userId, await userId(s.db, 'commissioner@demo.test')),
    );
    // 1 × £85, under the £250 limit, but not approved.
    expect(await raise('Holiday circus camp', 1)).toEqual({
      status: 'REQUESTED',
      approvalReason: 'This service is not on the zone’s approved list: a commissioner approves it whatever its amount',
    });
    expect(
      await s.db.$count(notifications, eq(notifications.userId, await userId(s.db, 'commissioner@demo.test'))),
    ).toBe(before + 1);
    // An approved service follows the delegated limit as before: 4 × £45 = £180 at once, 6 × £45 = £270 waits.
    expect(await raise('Family therapy sessions', 4)).toEqual({ status: 'APPROVED', approvalReason: null });
    expect(await raise('Family therapy sessions', 6)).toEqual({
      status: 'REQUESTED',
      approvalReason: 'Over the delegated limit of £250.00',
    });
  });

  it('approves a service (audited), after which its commissions follow the limit; withdrawing puts them back', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const camp = globalId('Service', await serviceId(s.db, 'Holiday circus camp'));
    const input = { serviceId: camp, evidenceRating: 'LEVEL_2', approvedOn: '2026-11-30', reviewOn: '2027-11-30' };
    const ok = await s.gql(APPROVE, { input }, token);
    expect(ok.data.approveService.approvedService).toEqual({
      service: { name: 'Holiday circus camp' },
      evidenceRating: { code: 'LEVEL_2' },
      approvedOn: '2026-11-30',
      reviewOn: '2027-11-30',
      reviewOverdue: false,
    });
    expect(await raise('Holiday circus camp', 2)).toEqual({ status: 'APPROVED', approvalReason: null });
    const audited = await s.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, 'Service'),
          eq(auditEvents.entityId, await serviceId(s.db, 'Holiday circus camp')),
        ),
      );
    expect(audited.map((a) => a.action)).toContain('APPROVE_SERVICE');

    expect((await s.gql(WITHDRAW, { input: { serviceId: camp } }, token)).data.withdrawServiceApproval.__typename).toBe(
      'WithdrawServiceApprovalSuccess',
    );
    expect((await raise('Holiday circus camp', 1)).status).toBe('REQUESTED');
    expect((await s.gql(WITHDRAW, { input: { serviceId: camp } }, token)).data.withdrawServiceApproval.__typename).toBe(
      'NotFoundError',
    );
  });

  it('refuses bad input and other roles with typed errors, changing nothing', async () => {
    // Signing in is audited: everyone signs in before the counts are taken.
    for (const who of ['linkworker@demo.test', 'provider@demo.test', 'admin@demo.test', 'commissioner@other.test'])
      await s.signIn(who);
    const token = await s.signIn('commissioner@demo.test');
    const rows = await s.db.$count(approvedServices);
    const audits = await s.db.$count(auditEvents);
    const camp = globalId('Service', await serviceId(s.db, 'Holiday circus camp'));
    const base = { serviceId: camp, evidenceRating: 'LEVEL_2', approvedOn: '2026-11-30', reviewOn: '2027-11-30' };
    const rating = await s.gql(APPROVE, { input: { ...base, evidenceRating: 'LEVEL_9' } }, token);
    expect(rating.data.approveService).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'evidenceRating'] }],
    });
    const dates = await s.gql(APPROVE, { input: { ...base, reviewOn: '2026-11-29' } }, token);
    expect(dates.data.approveService).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'reviewOn'] }],
    });
    const elsewhere = await s.gql(APPROVE, { input: base }, await s.signIn('commissioner@other.test'));
    expect(elsewhere.data.approveService.__typename).toBe('NotFoundError');
    for (const who of ['linkworker@demo.test', 'provider@demo.test', 'admin@demo.test']) {
      const refused = await s.gql(APPROVE, { input: base }, await s.signIn(who));
      expect(refused.data.approveService.__typename).toBe('ForbiddenError');
    }
    const bad = await s.gql(APPROVE, { input: { ...base, approvedOn: '2026-02-30' } }, token);
    expect(bad.status).toBeLessThan(500);
    expect(await s.db.$count(approvedServices)).toBe(rows);
    expect(await s.db.$count(auditEvents)).toBe(audits);
  });
});

import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, commissions, emailOutbox, notifications, serviceReviews, services } from '../../drizzle/schema';
import { freeChildren, raiseMutation, serviceId, transitionMutation, userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 12, point 6: a commissioner reviews a service, its provider responds, a commissioner decides
// with evidence and the service's figures at the time; a decommissioned service takes no new
// commissions from its date while live ones finish; every step audited, the history visible to the
// zone's commissioners and the provider only. The test clock is 2026-11-30.

let s: TestServer;
let play: number;
beforeAll(async () => {
  s = await startServer();
  play = await serviceId(s.db, 'Child play therapy');
});
afterAll(() => s.close());

const R = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path } }`;
const OPEN = `mutation($input: OpenServiceReviewInput!) { openServiceReview(input: $input) { ${R} ... on OpenServiceReviewSuccess { review { id reasons reasonText } } } }`;
const RESPOND = `mutation($input: RespondToServiceReviewInput!) { respondToServiceReview(input: $input) { ${R} ... on RespondToServiceReviewSuccess { review { providerResponse } } } }`;
const DECIDE = `mutation($input: DecideServiceReviewInput!) { decideServiceReview(input: $input) { ${R}
  ... on DecideServiceReviewSuccess { review { decision decommissionFrom evidence decidedBy outcomeSnapshot { commissions liveCommissions measure suppressed children } } } } }`;
const HISTORY = `query($id: ID!) { node(id: $id) { ... on Service { decommissionedFrom closedToNewRequests reviews { reasons providerResponse decision } } } }`;

let reviewId = '';
describe('decommissioning reviews', () => {
  it('opens a review (audited), tells the provider in the portal and by email, one open review at a time', async () => {
    const c = await s.signIn('commissioner@demo.test');
    const input = {
      serviceId: globalId('Service', play),
      reasons: ['LOW_UPTAKE', 'OTHER'],
      reasonText: 'Few referrals this year',
    };
    const refused = await s.gql(OPEN, { input }, await s.signIn('linkworker@demo.test'));
    expect(refused.data.openServiceReview.__typename).toBe('ForbiddenError');
    const empty = await s.gql(OPEN, { input: { ...input, reasons: [] } }, c);
    expect(empty.data.openServiceReview).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'reasons'] }],
    });
    const res = await s.gql(OPEN, { input }, c);
    expect(res.data.openServiceReview.review).toMatchObject({
      reasons: ['LOW_UPTAKE', 'OTHER'],
      reasonText: 'Few referrals this year',
    });
    reviewId = res.data.openServiceReview.review.id;
    const again = await s.gql(OPEN, { input }, c);
    expect(again.data.openServiceReview.__typename).toBe('ValidationError');
    expect(await s.db.$count(serviceReviews, eq(serviceReviews.serviceId, play))).toBe(1);

    const provider = await userId(s.db, 'provider@demo.test');
    expect(
      await s.db.$count(
        notifications,
        and(eq(notifications.userId, provider), eq(notifications.kind, 'SERVICE_REVIEW_OPENED')),
      ),
    ).toBe(1);
    const [email] = await s.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, provider), eq(emailOutbox.kind, 'SERVICE_REVIEW_OPENED')));
    expect(email?.data.path).toBe(`/services/${encodeURIComponent(globalId('Service', play))}`);
  });

  it('lets the service’s own provider respond, and no other', async () => {
    const other = await s.gql(
      RESPOND,
      { input: { reviewId, response: 'Not ours' } },
      await s.signIn('provider2@demo.test'),
    );
    expect(other.data.respondToServiceReview.__typename).toBe('NotFoundError');
    const hidden = await s.gql(HISTORY, { id: globalId('Service', play) }, await s.signIn('provider2@demo.test'));
    expect(hidden.data.node.reviews).toBeNull();
    const res = await s.gql(
      RESPOND,
      { input: { reviewId, response: 'We have a new referral route from two schools' } },
      await s.signIn('provider@demo.test'),
    );
    expect(res.data.respondToServiceReview.review.providerResponse).toBe(
      'We have a new referral route from two schools',
    );
  });

  it('node(id) answers the review to the zone’s commissioners and the service’s provider only', async () => {
    const q = `query($id: ID!) { node(id: $id) { ... on ServiceReview { reasonText } } }`;
    for (const [who, seen] of [
      ['commissioner@demo.test', true],
      ['provider@demo.test', true],
      ['provider2@demo.test', false],
      ['linkworker@demo.test', false],
      ['admin@demo.test', false],
    ] as const) {
      const res = await s.gql(q, { id: reviewId }, await s.signIn(who));
      expect(res.data.node, who).toEqual(seen ? { reasonText: 'Few referrals this year' } : null);
    }
  });

  it('decides with evidence and a snapshot of the figures; a decommissioned service refuses new commissions, live ones finish', async () => {
    const c = await s.signIn('commissioner@demo.test');
    const noDate = await s.gql(DECIDE, { input: { reviewId, decision: 'DECOMMISSION', evidence: 'Uptake low' } }, c);
    expect(noDate.data.decideServiceReview).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'decommissionFrom'] }],
    });
    const noConditions = await s.gql(
      DECIDE,
      { input: { reviewId, decision: 'CONTINUE_WITH_CONDITIONS', evidence: 'x' } },
      c,
    );
    expect(noConditions.data.decideServiceReview.__typename).toBe('ValidationError');
    const past = await s.gql(
      DECIDE,
      { input: { reviewId, decision: 'DECOMMISSION', evidence: 'x', decommissionFrom: '2026-11-29' } },
      c,
    );
    expect(past.data.decideServiceReview.__typename).toBe('ValidationError');
    const farOff = await s.gql(
      DECIDE,
      { input: { reviewId, decision: 'DECOMMISSION', evidence: 'x', decommissionFrom: '9999-12-31' } },
      c,
    );
    expect(farOff.data.decideServiceReview).toMatchObject({
      __typename: 'ValidationError',
      // Dates in messages as people read them (audit 58: they were 2028-12-06).
      message: expect.stringMatching(/at most 2 years ahead \(\d{1,2} [A-Z][a-z]+ \d{4} at the latest\)$/),
      fieldErrors: [{ path: ['input', 'decommissionFrom'] }],
    });

    const all = await s.db.select().from(commissions).where(eq(commissions.serviceId, play));
    // The figures the outcomes report gives for it now, which the decision keeps.
    const report = await s.gql(
      '{ serviceOutcomes(measure: "SDQ_TOTAL") { service { id } children suppressed } }',
      {},
      c,
    );
    const figures = report.data.serviceOutcomes.find(
      (r: { service: { id: string } }) => r.service.id === globalId('Service', play),
    );
    expect(figures.children).toBeGreaterThan(0);
    const live = all.filter((x) => ['REQUESTED', 'APPROVED', 'ACCEPTED'].includes(x.status));
    const res = await s.gql(
      DECIDE,
      {
        input: {
          reviewId,
          decision: 'DECOMMISSION',
          evidence: 'Two referrals in twelve months',
          decommissionFrom: '2026-12-01',
        },
      },
      c,
    );
    expect(res.data.decideServiceReview.review).toEqual({
      decision: 'DECOMMISSION',
      decommissionFrom: '2026-12-01',
      evidence: 'Two referrals in twelve months',
      decidedBy: 'Grace Whitfield',
      outcomeSnapshot: {
        commissions: all.length,
        liveCommissions: live.length,
        measure: 'SDQ_TOTAL',
        suppressed: figures.suppressed,
        children: figures.children,
      },
    });
    expect(live.length).toBeGreaterThan(0);
    const history = await s.gql(HISTORY, { id: globalId('Service', play) }, await s.signIn('provider@demo.test'));
    expect(history.data.node).toEqual({
      decommissionedFrom: '2026-12-01',
      closedToNewRequests: false,
      reviews: [
        {
          reasons: ['LOW_UPTAKE', 'OTHER'],
          providerResponse: 'We have a new referral route from two schools',
          decision: 'DECOMMISSION',
        },
      ],
    });
    const lw = await s.gql(HISTORY, { id: globalId('Service', play) }, await s.signIn('linkworker@demo.test'));
    expect(lw.data.node.reviews).toBeNull();
    expect(lw.data.node.decommissionedFrom).toBe('2026-12-01');

    // The date comes: new commissions are refused with a typed error and nothing changes.
    await s.db.update(services).set({ decommissionedFrom: '2026-01-01' }).where(eq(services.id, play));
    const kid = (await freeChildren(s.db, 'linkworker@demo.test'))[0]!;
    const before = await s.db.$count(commissions);
    const raised = await s.gql(
      raiseMutation.replace(
        '... on InsufficientBudgetError',
        '... on ServiceDecommissionedError { decommissionedFrom } ... on InsufficientBudgetError',
      ),
      {
        input: {
          childId: globalId('Child', kid.id),
          serviceId: globalId('Service', play),
          units: 1,
          rationale: 'Agreed at the review with the family',
          idempotencyKey: 'decommissioned-1',
        },
      },
      await s.signIn('linkworker@demo.test'),
    );
    expect(raised.data.raiseCommission).toMatchObject({
      __typename: 'ServiceDecommissionedError',
      decommissionedFrom: '2026-01-01',
      message: 'This service was decommissioned from 1 January 2026: it takes no new commissions',
    });
    expect(await s.db.$count(commissions)).toBe(before);
    // A live one finishes: the provider completes the accepted commission.
    const accepted = live.find((x) => x.status === 'ACCEPTED')!;
    const done = await s.gql(
      transitionMutation('completeCommission'),
      { input: { commissionId: globalId('Commission', accepted.id) } },
      await s.signIn('provider@demo.test'),
    );
    expect(done.data.completeCommission.__typename).toBe('CompleteCommissionSuccess');

    const steps = await s.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, 'Service'),
          eq(auditEvents.entityId, play),
          inArray(auditEvents.action, ['OPEN_SERVICE_REVIEW', 'RESPOND_SERVICE_REVIEW', 'DECIDE_SERVICE_REVIEW']),
        ),
      )
      .orderBy(auditEvents.id);
    expect(steps.map((x) => x.action)).toEqual([
      'OPEN_SERVICE_REVIEW',
      'RESPOND_SERVICE_REVIEW',
      'DECIDE_SERVICE_REVIEW',
    ]);
  });
});

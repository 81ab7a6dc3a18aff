import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedServices, auditEvents, services } from '../../drizzle/schema';
import { freeChildren, raiseMutation, serviceId, userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 12, point 5, and audit 60 (hostile, finding 1): an approval counts from its date. It cannot
// be dated in the future nor before 2000, its review falls after it and within 10 years, and a raise
// counts only approvals dated today or earlier. The test clock is 2026-11-30 (London); Instrument
// lessons is not on the demo zone's list and one unit is under its £250 delegated limit.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const APPROVE = `mutation($input: ApproveServiceInput!) { approveService(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on ApproveServiceSuccess { approvedService { approvedOn reviewOn } } } }`;
const REASON = `query($id: ID!) { node(id: $id) { ... on Commission { status approvalReason } } }`;
const NOT_LISTED = 'This service is not on the zone’s approved list: a commissioner approves it whatever its amount';

let kid = 0;
async function raise(service: string) {
  const child = (await freeChildren(s.db, 'linkworker2@demo.test'))[0]!;
  const res = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', child.id),
        serviceId: globalId('Service', await serviceId(s.db, service)),
        units: 1,
        rationale: 'Agreed at review',
        idempotencyKey: `approved-dates-${++kid}-${child.id}`,
      },
    },
    await s.signIn('linkworker2@demo.test'),
  );
  const c = res.data.raiseCommission.commission;
  expect(c, JSON.stringify(res.data)).toBeDefined();
  return (await s.gql(REASON, { id: c.id }, await s.signIn('commissioner@demo.test'))).data.node;
}

describe('approval dates', () => {
  it('refuses an approval dated in the future or before 2000, or reviewed over 10 years on, at the field, changing nothing', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const therapy = await serviceId(s.db, 'Family therapy sessions');
    const rowsBefore = await s.db.select().from(approvedServices).orderBy(approvedServices.id);
    const audits = await s.db.$count(auditEvents);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ approvedOn: '2026-12-01', reviewOn: '2027-12-01' }, 'approvedOn', /cannot be in the future.*30 November 2026/],
      [{ approvedOn: '2099-01-01', reviewOn: '2100-01-01' }, 'approvedOn', /cannot be in the future/],
      [{ approvedOn: '1999-12-31', reviewOn: '2000-12-31' }, 'approvedOn', /on or after 1 January 2000/],
      [{ approvedOn: '1901-01-01', reviewOn: '1902-01-01' }, 'approvedOn', /on or after 1 January 2000/],
      [{ approvedOn: '2026-11-30', reviewOn: '9999-12-31' }, 'reviewOn', /within 10 years.*30 November 2036/],
      [{ approvedOn: '2026-11-30', reviewOn: '2036-12-01' }, 'reviewOn', /within 10 years/],
    ];
    for (const service of ['Instrument lessons', 'Family therapy sessions'])
      for (const [dates, field, message] of cases) {
        const input = {
          serviceId: globalId('Service', await serviceId(s.db, service)),
          evidenceRating: 'LEVEL_2',
          ...dates,
        };
        const res = (await s.gql(APPROVE, { input }, token)).data.approveService;
        expect(res, JSON.stringify(dates)).toMatchObject({
          __typename: 'ValidationError',
          fieldErrors: [{ path: ['input', field], message: expect.stringMatching(message) }],
        });
      }
    // Nothing written: no new row, Family therapy's approval as it was, no audit record.
    expect(await s.db.select().from(approvedServices).orderBy(approvedServices.id)).toEqual(rowsBefore);
    expect(rowsBefore.find((r) => r.serviceId === therapy)).toMatchObject({ approvedOn: '2025-09-01' });
    expect(await s.db.$count(auditEvents)).toBe(audits);
    // The edges are allowed: approved today, reviewed exactly 10 years on; approved on 1 January 2000.
    const instrument = globalId('Service', await serviceId(s.db, 'Instrument lessons'));
    for (const dates of [
      { approvedOn: '2000-01-01', reviewOn: '2001-01-01' },
      { approvedOn: '2026-11-30', reviewOn: '2036-11-30' },
    ]) {
      const ok = await s.gql(APPROVE, { input: { serviceId: instrument, evidenceRating: 'LEVEL_2', ...dates } }, token);
      expect(ok.data.approveService).toEqual({ __typename: 'ApproveServiceSuccess', approvedService: dates });
    }
    await s.db
      .delete(approvedServices)
      .where(eq(approvedServices.serviceId, await serviceId(s.db, 'Instrument lessons')));
  });

  it('a raise counts only an approval dated today or earlier: one dated ahead still waits for a commissioner', async () => {
    const instrument = await serviceId(s.db, 'Instrument lessons');
    const approvedById = await userId(s.db, 'commissioner@demo.test');
    const [service] = await s.db.select({ zoneId: services.zoneId }).from(services).where(eq(services.id, instrument));
    // Written straight to the database, as the mutation now refuses it: the only approval starts tomorrow.
    await s.db.insert(approvedServices).values({
      zoneId: service!.zoneId,
      serviceId: instrument,
      evidenceRating: 'LEVEL_2',
      approvedOn: '2026-12-01',
      reviewOn: '2027-12-01',
      approvedById,
    });
    expect(await raise('Instrument lessons')).toEqual({ status: 'REQUESTED', approvalReason: NOT_LISTED });
    await s.db
      .update(approvedServices)
      .set({ approvedOn: '2099-01-01', reviewOn: '2100-01-01' })
      .where(eq(approvedServices.serviceId, instrument));
    expect(await raise('Instrument lessons')).toEqual({ status: 'REQUESTED', approvalReason: NOT_LISTED });

    // Approved today through the form's mutation: in force at once.
    const ok = await s.gql(
      APPROVE,
      {
        input: {
          serviceId: globalId('Service', instrument),
          evidenceRating: 'LEVEL_2',
          approvedOn: '2026-11-30',
          reviewOn: '2027-11-30',
        },
      },
      await s.signIn('commissioner@demo.test'),
    );
    expect(ok.data.approveService.__typename).toBe('ApproveServiceSuccess');
    expect(await raise('Instrument lessons')).toEqual({ status: 'APPROVED', approvalReason: null });
  });

  it('an approval past its review date still counts: the review date only prompts a review', async () => {
    // 1:1 youth mentoring: approved 2025-06-01, review due 2026-06-01 (overdue on the test clock).
    expect(await raise('1:1 youth mentoring')).toEqual({ status: 'APPROVED', approvalReason: null });
  });
});

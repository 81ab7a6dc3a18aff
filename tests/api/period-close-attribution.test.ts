import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schools, services, users } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { statementCounter } from '../../server/query-counter';
import { raiseMutation, serviceId, transitionMutation } from '../setup/money';
import { ALLOCATE } from '../setup/period-close';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 36 F1, through the API on the demo data: two pots fund one child, AuditPot-Old (COUNCIL,
// £100) first and AuditPot-New (PHILANTHROPY, £100) second; a £120 course is delivered and paid.
// Spend is shared between a child's funders in proportion to what each put in (attribution.ts), and
// unspent money leaves each pot in the same proportion (leaving-money.ts), so each pot's close row
// adds up (allocated = carried + returned + committed + spent, to the penny): each paid £60 and
// carries £40. And the spend by source of the closed period reads the same after the close.

const POT = `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) { __typename
  ... on Error { message } ... on CreateFundingPotSuccess { fundingPot { id } } } }`;
const REPORT = `fragment R on PeriodCloseReport { period carriedPence returnedPence
  pots { name allocatedPence committedPence spentPence returnedPence carriedPence } }`;
const PREVIEW = `query { periodClosePreview { ...R } } ${REPORT}`;
const CLOSE = `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) { __typename
  ... on Error { message } ... on ClosePeriodSuccess { report { ...R } } } } ${REPORT}`;
const SPEND = `query($by: SpendDimension!) { spendReport(by: $by, period: "2026-27") {
  label committedPence spentPence commissions } }`;
const BY = ['source', 'provider', 'school', 'district', 'category'] as const;

type PotRow = {
  name: string;
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  returnedPence: number;
  carriedPence: number;
};

let s: TestServer;
let commissioner: string;
beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

const ok = <T>(res: { data: Record<string, { __typename: string }> }, type: string): T => {
  const [v] = Object.values(res.data);
  if (v!.__typename !== type) throw new Error(JSON.stringify(res.data));
  return v as T;
};
const spend = async () =>
  Object.fromEntries(
    await Promise.all(BY.map(async (by) => [by, (await s.gql(SPEND, { by }, commissioner)).data.spendReport])),
  );
/** Pots whose row does not add up, with what is missing (none, when the rule holds). */
const unbalanced = (pots: PotRow[]) =>
  pots
    .map((p) => ({
      name: p.name,
      missing: p.allocatedPence - p.carriedPence - p.returnedPence - p.committedPence - p.spentPence,
    }))
    .filter((p) => p.missing !== 0);

describe('which pot paid, at a close (audit 36 F1)', () => {
  let before: Record<string, unknown>;
  let preview: { pots: PotRow[] };

  it('shares the course between the pots in proportion, and each pot’s row adds up', async () => {
    const worker = await s.signIn('linkworker@demo.test');
    const pot = async (name: string, source: string) =>
      ok<{ fundingPot: { id: string } }>(
        await s.gql(POT, { input: { name, source, totalPence: 10_000 } }, commissioner),
        'CreateFundingPotSuccess',
      ).fundingPot.id;
    const [oldPot, newPot] = [await pot('AuditPot-Old', 'COUNCIL'), await pot('AuditPot-New', 'PHILANTHROPY')];
    const [school] = await s.db.select().from(schools).where(eq(schools.name, 'Catford Park Secondary School'));
    const child = ok<{ child: { id: string } }>(
      await s.gql(
        `mutation($input: AddChildInput!) { addChild(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }
          ... on AddChildSuccess { child { id } } } }`,
        {
          input: {
            firstName: 'Audit',
            lastName: 'Thirtysix',
            dateOfBirth: '2013-03-14',
            schoolId: globalId('School', school!.id),
            yearGroup: 8,
            needs: [],
            programmeStart: '2026-11-01',
          },
        },
        worker,
      ),
      'AddChildSuccess',
    ).child.id;
    ok(
      await s.gql(
        `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { __typename ... on Error { message } } }`,
        { input: { childId: child, givenBy: 'PARENT_OR_CARER', method: 'PHONE', givenOn: '2026-11-27' } },
        worker,
      ),
      'RecordConsentSuccess',
    );
    for (const [potId, key] of [
      [oldPot, 'audit36-old'],
      [newPot, 'audit36-new'],
    ])
      ok(
        await s.gql(
          ALLOCATE,
          { input: { fundingPotId: potId, childIds: [child], amountPence: 10_000, idempotencyKey: key } },
          commissioner,
        ),
        'AllocateFundsSuccess',
      );
    const course = await serviceId(s.db, 'Parenting teenagers course');
    const raised = ok<{ commission: { id: string; status: string } }>(
      await s.gql(
        raiseMutation,
        {
          input: {
            childId: child,
            serviceId: globalId('Service', course),
            units: 1,
            rationale: 'Audit 36: one course',
            idempotencyKey: 'audit36-raise',
          },
        },
        worker,
      ),
      'RaiseCommissionSuccess',
    ).commission;
    const commissionId = raised.id;
    if (raised.status === 'REQUESTED')
      ok(
        await s.gql(transitionMutation('approveCommission'), { input: { commissionId } }, commissioner),
        'ApproveCommissionSuccess',
      );
    // The course's provider: a member of the organisation that lists it.
    const [provider] = await s.db
      .select({ email: users.email })
      .from(users)
      .innerJoin(services, eq(services.organisationId, users.organisationId))
      .where(and(eq(services.id, course), eq(users.role, 'PROVIDER')))
      .orderBy(users.id)
      .limit(1);
    const as = await s.signIn(provider!.email);
    for (const [name, extra] of [
      ['acceptCommission', {}],
      ['recordDelivery', { units: 1 }],
      ['completeCommission', {}],
    ] as const)
      ok(
        await s.gql(transitionMutation(name), { input: { commissionId, ...extra } }, as),
        `${name[0]!.toUpperCase()}${name.slice(1)}Success`,
      );

    ok(
      await s.gql(
        `mutation { setUnspentPolicy(input: { policy: CARRY_FORWARD }) { __typename ... on Error { message } } }`,
        {},
        commissioner,
      ),
      'SetUnspentPolicySuccess',
    );
    before = await spend();
    preview = (await s.gql(PREVIEW, {}, commissioner)).data.periodClosePreview;
    const row = (name: string) => preview.pots.find((p) => p.name === name);
    expect(row('AuditPot-Old')).toEqual({
      name: 'AuditPot-Old',
      allocatedPence: 10_000,
      carriedPence: 4_000,
      returnedPence: 0,
      committedPence: 0,
      spentPence: 6_000,
    });
    expect(row('AuditPot-New')).toEqual({
      name: 'AuditPot-New',
      allocatedPence: 10_000,
      carriedPence: 4_000,
      returnedPence: 0,
      committedPence: 0,
      spentPence: 6_000,
    });
    // Every pot of the period, the demo's too (the Ravensbourne pot carried all it allocated and spent too).
    expect(unbalanced(preview.pots)).toEqual([]);
  });

  it('closes as previewed, and spend for the closed period reads the same after the close as before', async () => {
    // The close attributes the period's commissions to pots once, for its report and what leaves alike.
    const logged = vi.spyOn(statementCounter, 'logQuery');
    const closed = ok<{ report: { pots: PotRow[] } }>(
      await s.gql(CLOSE, { input: { period: '2026-27', early: true } }, commissioner),
      'ClosePeriodSuccess',
    ).report;
    const attributions = logged.mock.calls.filter(([query]) => query.includes('"alloc" as ('));
    logged.mockRestore();
    expect(attributions).toHaveLength(1);
    expect(await spend()).toEqual(before);
    expect(closed).toEqual(preview);
    expect(unbalanced(closed.pots)).toEqual([]);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });
});

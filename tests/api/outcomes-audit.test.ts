import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBudgets, children, commissions, outcomeMeasures, services } from '../../drizzle/schema';
import { randomReference } from '../../schema/domain/commission-reference';
import { freeChildren, raiseMutation, serviceId, transitionMutation } from '../setup/money';
import { acceptedCommission, cohortChild, secondCaseload } from '../setup/outcomes';
import { globalId, localId, startServer, type TestServer } from '../setup/server';
import FIXTURE from './outcomes-audit.json';

// The audit's defects, on the fixture in outcomes-audit.json (figures worked out by hand below):
//   Family therapy (Riverside): 10 children, 4 reliably improved (-20, -30, the late-baseline -25, a contract -20);
//     spend 8 x 4 x £45 = £1,440 + 2 contract children x 2 places x £300 = £1,200: £2,640, £660 per improved child.
//   Child play therapy (Riverside): 3 children, 2 improved: suppressed.
//   After-school circus club (Catford): 5 children, 1 improved: suppressed.
//   Not commissioned: 10 children, 3 improved. The zone: 28 children with a change, 10 improved.

let s: TestServer;
let commissioner: string;
let lateChild: number;
beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
  const created = await s.gql(
    `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { __typename } }`,
    { input: FIXTURE.measure },
    await s.signIn('admin@demo.test'),
  );
  expect(created.data.createMeasure.__typename).toBe('CreateMeasureSuccess');
  for (const group of FIXTURE.groups) {
    const ids = await cohort(group);
    if ('baselineOn' in group) lateChild = ids[0]!;
  }
  await contractCohort();
});
afterAll(() => s.close());

const RECORD = `mutation($input: RecordOutcomeMeasureInput!) { recordOutcomeMeasure(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const FIGURES = `children reliablyImproved shareImproved shareLower shareUpper spendPence costPerImprovedChildPence
  suppressed complementarySuppressed comparisonChildren comparisonImproved comparisonShare comparisonSuppressed`;
const SERVICES = `query { serviceOutcomes(measure: "AUDIT_SCALE") { service { name } ${FIGURES} } }`;
const PROVIDERS = `query { providerOutcomes(measure: "AUDIT_SCALE") { organisation { name } ${FIGURES} } }`;

const HIDDEN = {
  children: null,
  reliablyImproved: null,
  shareImproved: null,
  shareLower: null,
  shareUpper: null,
  spendPence: null,
  costPerImprovedChildPence: null,
  suppressed: true,
  comparisonChildren: null,
  comparisonImproved: null,
  comparisonShare: null,
  comparisonSuppressed: true,
};

/** Scores through the API, as a link worker records them: 60 at baseline, 60 + change in July. */
async function scores(childId: number, change: number, token: string, baselineOn = '2026-01-10') {
  for (const [score, measuredOn] of [
    [60, baselineOn],
    [60 + change, '2026-07-10'],
  ] as const) {
    const res = await s.gql(
      RECORD,
      { input: { childId: globalId('Child', childId), measure: 'AUDIT_SCALE', score, measuredOn } },
      token,
    );
    expect(res.data.recordOutcomeMeasure.__typename).toBe('RecordOutcomeMeasureSuccess');
  }
}

let made = 0;
/** Children on the second caseload, each with an accepted commission for the group's service (if any). */
async function cohort(group: {
  service: string | null;
  units?: number;
  unitPricePence?: number;
  changes: number[];
  baselineOn?: string;
}) {
  const at = await secondCaseload(s.db);
  const token = await s.signIn('linkworker2@demo.test');
  const svc = group.service
    ? (
        await s.db
          .select()
          .from(services)
          .where(eq(services.id, await serviceId(s.db, group.service)))
      )[0]!
    : null;
  const ids: number[] = [];
  for (const change of group.changes) {
    made++;
    const [child] = await s.db
      .insert(children)
      .values(cohortChild(at, `AUD-${String(made).padStart(5, '0')}`, 'Audit', `Child${made}`))
      .returning();
    ids.push(child!.id);
    if (svc) {
      const [budget] = await s.db
        .insert(childBudgets)
        .values({ zoneId: at.zoneId, childId: child!.id, period: '2026-27', allocatedPence: 100_000 })
        .returning();
      await s.db.insert(commissions).values(
        acceptedCommission(at, {
          reference: randomReference(),
          childId: child!.id,
          budgetId: budget!.id,
          service: svc,
          units: group.units!,
          unitPricePence: group.unitPricePence!,
          note: 'test',
        }),
      );
    }
    await scores(child!.id, change, token, group.baselineOn);
  }
  return ids;
}

/** Two children of the first caseload given family therapy places from a block contract, through the API. */
async function contractCohort() {
  const { contract } = FIXTURE;
  const therapy = globalId('Service', await serviceId(s.db, 'Family therapy sessions'));
  const pot = await s.gql(
    `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) { ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
    { input: { name: 'Audit contracts pot', source: 'COUNCIL', totalPence: 1_000_000 } },
    commissioner,
  );
  const created = await s.gql(
    `mutation($input: CreateContractInput!) { createContract(input: $input) { ... on CreateContractSuccess { contract { id } } } }`,
    {
      input: {
        serviceId: therapy,
        fundingPotId: pot.data.createFundingPot.fundingPot.id,
        places: contract.places,
        pricePerPlacePence: contract.pricePerPlacePence,
        startDate: '2026-11-01',
        endDate: '2027-03-31',
      },
    },
    commissioner,
  );
  const contractId = created.data.createContract.contract.id;
  const signed = await s.gql(
    `mutation($input: SignContractInput!) { signContract(input: $input) { __typename } }`,
    { input: { contractId } },
    commissioner,
  );
  expect(signed.data.signContract.__typename).toBe('SignContractSuccess');
  const lw = await s.signIn('linkworker@demo.test');
  const provider = await s.signIn('provider@demo.test');
  const kids = await freeChildren(s.db, 'linkworker@demo.test');
  for (const [i, change] of contract.changes.entries()) {
    const raised = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', kids[i]!.id),
          serviceId: therapy,
          units: contract.placesEach,
          rationale: 'Agreed at the family review.',
          idempotencyKey: `audit-contract-${i}`,
          contractId,
        },
      },
      lw,
    );
    // A contract place costs the child's budget nothing.
    expect(raised.data.raiseCommission.commission).toMatchObject({ status: 'APPROVED', amountPence: 0 });
    const accepted = await s.gql(
      transitionMutation('acceptCommission'),
      { input: { commissionId: raised.data.raiseCommission.commission.id } },
      provider,
    );
    expect(accepted.data.acceptCommission.commission.status).toBe('ACCEPTED');
    await scores(kids[i]!.id, change, lw);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: test responses are read dynamically.
const byName = (rows: any[], name: string) => rows.find((r) => (r.service ?? r.organisation).name === name);

describe('outcome figures after the audit', () => {
  it('counts each child’s first-to-latest change as the child page does, and prices contract places', async () => {
    // The child whose baseline came after the commission: its page says reliably improved (60 to 35, RCI -2.5).
    const page = await s.gql(
      `query($id: ID!) { child(id: $id) { outcomeChanges { measure { code } classification } } }`,
      { id: globalId('Child', lateChild) },
      await s.signIn('linkworker2@demo.test'),
    );
    expect(page.data.child.outcomeChanges).toEqual([
      { measure: { code: 'AUDIT_SCALE' }, classification: 'RELIABLY_IMPROVED' },
    ]);
    const res = await s.gql(SERVICES, {}, commissioner);
    expect(res.errors).toBeUndefined();
    // So it is one of family therapy's 10 children and 4 improved; the contract's 2 x 2 places at £300 are spend.
    expect(byName(res.data.serviceOutcomes, 'Family therapy sessions')).toMatchObject({
      children: 10,
      reliablyImproved: 4,
      shareImproved: 0.4,
      spendPence: 8 * 4 * 4500 + 2 * 2 * 30_000,
      costPerImprovedChildPence: 66_000,
      suppressed: false,
      complementarySuppressed: false,
      // The zone's other 18 children with a change, 6 of them improved.
      comparisonChildren: 18,
      comparisonImproved: 6,
      comparisonShare: 1 / 3,
      comparisonSuppressed: false,
    });
  });

  it('a suppressed service hides its comparison too (with the zone’s total it would give the row back)', async () => {
    const res = await s.gql(SERVICES, {}, commissioner);
    // Circus club: 5 children. Its comparison would have been 23 and 9: 28 - 23 = 5 and 10 - 9 = 1.
    expect(byName(res.data.serviceOutcomes, 'After-school circus club')).toEqual({
      service: { name: 'After-school circus club' },
      ...HIDDEN,
      complementarySuppressed: false,
    });
    expect(byName(res.data.serviceOutcomes, 'Child play therapy')).toMatchObject(HIDDEN);
  });

  it('a provider row that would give a suppressed service back is suppressed too, until that service has 10', async () => {
    // Riverside: family therapy 10 + play therapy 3 = 13 children; shown, 13 - 10 and 6 - 4 would give play therapy.
    const res = await s.gql(PROVIDERS, {}, commissioner);
    expect(byName(res.data.providerOutcomes, 'Riverside Family Therapy')).toEqual({
      organisation: { name: 'Riverside Family Therapy' },
      ...HIDDEN,
      complementarySuppressed: true,
    });
    // The provider sees the same of its own row.
    const own = await s.gql(PROVIDERS, {}, await s.signIn('provider@demo.test'));
    expect(own.data.providerOutcomes).toEqual([
      { organisation: { name: 'Riverside Family Therapy' }, ...HIDDEN, complementarySuppressed: true },
    ]);
    expect(byName(res.data.providerOutcomes, 'Catford Circus Collective')).toMatchObject({
      ...HIDDEN,
      complementarySuppressed: false,
    });

    // Seven more play therapy children (no change): play therapy 10 (2 improved) is shown, so Riverside is:
    // 20 children, 6 improved, spend £2,640 + 10 x 6 x £40 = £5,040, £840 per improved child; comparison 15, 4.
    await cohort(FIXTURE.morePlay);
    const after = await s.gql(PROVIDERS, {}, commissioner);
    expect(byName(after.data.providerOutcomes, 'Riverside Family Therapy')).toMatchObject({
      children: 20,
      reliablyImproved: 6,
      spendPence: 504_000,
      costPerImprovedChildPence: 84_000,
      suppressed: false,
      complementarySuppressed: false,
      comparisonChildren: 15,
      comparisonImproved: 4,
      comparisonSuppressed: false,
    });
    const services = await s.gql(SERVICES, {}, commissioner);
    expect(byName(services.data.serviceOutcomes, 'Child play therapy')).toMatchObject({
      children: 10,
      reliablyImproved: 2,
      spendPence: 240_000,
      costPerImprovedChildPence: 120_000,
    });
  });

  it('a score dated after today is refused with a typed error and stores nothing', async () => {
    const token = await s.signIn('linkworker2@demo.test');
    const id = globalId('Child', lateChild);
    const count = () => s.db.$count(outcomeMeasures, eq(outcomeMeasures.childId, localId(id)));
    const before = await count();
    // The tests' clock is 30 November 2026, noon (London).
    const future = await s.gql(
      RECORD,
      { input: { childId: id, measure: 'AUDIT_SCALE', score: 30, measuredOn: '2026-12-01' } },
      token,
    );
    expect(future.status).toBe(200);
    expect(future.data.recordOutcomeMeasure).toEqual({
      __typename: 'ValidationError',
      message: 'A score cannot be dated after today',
      fieldErrors: [{ path: ['input', 'measuredOn'], message: 'A score cannot be dated after today' }],
    });
    expect(await count()).toBe(before);
    const today = await s.gql(
      RECORD,
      { input: { childId: id, measure: 'AUDIT_SCALE', score: 30, measuredOn: '2026-11-30' } },
      token,
    );
    expect(today.data.recordOutcomeMeasure.__typename).toBe('RecordOutcomeMeasureSuccess');
    expect(await count()).toBe(before + 1);
  });
});

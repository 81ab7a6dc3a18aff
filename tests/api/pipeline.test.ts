import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { rowsOf } from '../../schema/domain/rows';
import { freeChildren, raiseMutation, transitionMutation } from '../setup/money';
import { globalId, localId, startServer, TEST_NOW, type TestServer } from '../setup/server';

// A provider's pipeline (issue 13 point 5), on an organisation of the demo zone that has nothing
// yet, so every figure is computed by hand. The server's clock is TEST_NOW (2026-11-30 in London):
// the 12-month window is November 2026 to October 2027.

let s: TestServer;
let org: { id: number; serviceId: number; price: number };
let kids: number[];
let commissioner: string;
let lw: string;
let provider: string;
let contractId: string;

const PIPELINE = `query($org: ID) { providerPipeline(organisationId: $org) {
  organisationId asOf acceptedCount acceptedUnitsLeft acceptedValueLeftPence approvedCount approvedValuePence
  contractPlacesUsed contractPlacesLeft contractValueLeftPence
  contracts { contractId reference places placesUsed placesLeft pricePerPlacePence valueLeftPence unpaidPence startDate endDate }
  months { month contractsPence commissionsPence totalPence }
} }`;

beforeAll(async () => {
  s = await startServer();
  expect(TEST_NOW.toISOString().slice(0, 10)).toBe('2026-11-30');
  // An organisation with a commissionable listing under £190 a unit, no staff and no commissions.
  const [o] = rowsOf(
    await s.db.execute(sql`
      select o."id", s."id" as "serviceId", s."unitPricePence" as "price" from "organisations" o
      join "services" s on s."organisationId" = o."id" and s."status" = 'PUBLISHED' and s."commissionable"
        and s."unitPricePence" <= 19000
      join "zones" z on z."id" = o."zoneId" and z."slug" = 'demo'
      where not exists (select 1 from "users" u where u."organisationId" = o."id")
        and not exists (select 1 from "commissions" c where c."organisationId" = o."id")
        and not exists (select 1 from "contracts" k where k."organisationId" = o."id")
      order by o."id", s."id" limit 1`),
  );
  org = { id: Number(o!.id), serviceId: Number(o!.serviceId), price: Number(o!.price) };
  // Its provider account (the demo password, copied from a demo provider's hash).
  const [demo] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
  await s.db.insert(users).values({
    zoneId: demo!.zoneId,
    email: 'pipeline-provider@demo.test',
    name: 'Pipeline Provider',
    role: 'PROVIDER',
    organisationId: org.id,
    passwordHash: demo!.passwordHash,
  });
  kids = (await freeChildren(s.db, 'linkworker@demo.test')).map((c) => c.id);
  commissioner = await s.signIn('commissioner@demo.test');
  lw = await s.signIn('linkworker@demo.test');
  provider = await s.signIn('pipeline-provider@demo.test');
});
afterAll(() => s.close());

let key = 0;
async function raise(child: number, units: number, extra: Record<string, unknown> = {}) {
  const r = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', kids[child]!),
        serviceId: globalId('Service', org.serviceId),
        units,
        rationale: 'Agreed at the family review.',
        idempotencyKey: `pipeline-${++key}`,
        ...extra,
      },
    },
    lw,
  );
  const c = r.data.raiseCommission.commission;
  if (c.status === 'REQUESTED') {
    const a = await s.gql(transitionMutation('approveCommission'), { input: { commissionId: c.id } }, commissioner);
    expect(a.data.approveCommission.commission.status).toBe('APPROVED');
  }
  return c.id as string;
}
const step = async (name: string, commissionId: string, extra: Record<string, unknown> = {}) => {
  const r = await s.gql(transitionMutation(name), { input: { commissionId, ...extra } }, provider);
  expect(r.data[name].__typename).toBe(`${name[0]!.toUpperCase()}${name.slice(1)}Success`);
};

describe('provider pipeline', () => {
  it('is empty for an organisation with nothing, with twelve months from this one', async () => {
    const r = await s.gql(PIPELINE, {}, provider);
    expect(r.errors).toBeUndefined();
    const p = r.data.providerPipeline;
    expect(p).toMatchObject({
      asOf: '2026-11-30',
      acceptedCount: 0,
      approvedCount: 0,
      contractPlacesLeft: 0,
      contracts: [],
    });
    expect(p.organisationId).toBe(globalId('Organisation', org.id));
    expect(p.months.map((m: { month: string }) => m.month)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
      '2027-06',
      '2027-07',
      '2027-08',
      '2027-09',
      '2027-10',
    ]);
    expect(p.months.every((m: { totalPence: number }) => m.totalPence === 0)).toBe(true);
  });

  it('hand-computed: a contract spanning both window edges, a commission partly delivered, one waiting', async () => {
    const pot = await s.gql(
      `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) { ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
      { input: { name: 'Pipeline pot', source: 'COUNCIL', totalPence: 1_000_000 } },
      commissioner,
    );
    const created = await s.gql(
      `mutation($input: CreateContractInput!) { createContract(input: $input) { ... on CreateContractSuccess { contract { id } } } }`,
      {
        input: {
          serviceId: globalId('Service', org.serviceId),
          fundingPotId: pot.data.createFundingPot.fundingPot.id,
          places: 4,
          pricePerPlacePence: 30_000,
          startDate: '2026-09-01', // before the window
          endDate: '2028-01-31', // after it
        },
      },
      commissioner,
    );
    contractId = created.data.createContract.contract.id;
    const signed = await s.gql(
      `mutation($input: SignContractInput!) { signContract(input: $input) { __typename } }`,
      { input: { contractId } },
      commissioner,
    );
    expect(signed.data.signContract.__typename).toBe('SignContractSuccess');

    // One place drawn from the block and accepted (paid as the contract's instalment: £300).
    const place = await raise(0, 1, { contractId });
    await step('acceptCommission', place);
    // A spot commission of 5 units, accepted, 2 delivered.
    const spot = await raise(1, 5);
    await step('acceptCommission', spot);
    await step('recordDelivery', spot, { units: 2 });
    // A spot commission of 1 unit, approved, not yet accepted.
    await raise(2, 1);

    const r = await s.gql(PIPELINE, { org: globalId('Organisation', org.id) }, provider);
    expect(r.errors).toBeUndefined();
    const p = r.data.providerPipeline;
    // Accepted: the place (1 unit left at £300) and the spot one (5 - 2 = 3 units at its price).
    expect(p).toMatchObject({
      acceptedCount: 2,
      acceptedUnitsLeft: 1 + 3,
      acceptedValueLeftPence: 30_000 + 3 * org.price,
      approvedCount: 1,
      approvedValuePence: org.price,
      contractPlacesUsed: 1,
      contractPlacesLeft: 3,
      contractValueLeftPence: 90_000,
    });
    expect(p.contracts).toEqual([
      {
        contractId,
        reference: expect.stringMatching(/^BC-/),
        places: 4,
        placesUsed: 1,
        placesLeft: 3,
        pricePerPlacePence: 30_000,
        valueLeftPence: 90_000,
        unpaidPence: 120_000, // nothing in a payment run yet
        startDate: '2026-09-01',
        endDate: '2028-01-31',
      },
    ]);
    // The contract's £1,200 over the 428 days from 30 Nov 2026 to 31 Jan 2028 (280.37p a day):
    // month m = floor(120000 x days to the end of m / 428) - floor(120000 x days to the end of m-1 / 428).
    // November: 1 day -> 280; December: 32 days -> 8971 - 280 = 8691; January: 63 -> 17663 - 8971 = 8692;
    // February: 91 -> 25514 - 17663 = 7851; and so on to October: 336 -> 94205 - 85514 = 8691.
    const contractMonths = [280, 8691, 8692, 7851, 8691, 8411, 8692, 8411, 8692, 8691, 8412, 8691];
    expect(p.months.map((m: { contractsPence: number }) => m.contractsPence)).toEqual(contractMonths);
    // 336 days to 31 Oct 2027: floor(120000 x 336 / 428) = 94205 in the window, 25795 after it.
    expect(contractMonths.reduce((a, b) => a + b, 0)).toBe(94_205);
    // The spot commission's whole price (paid on completion) in March 2027, the end of 2026-27.
    expect(p.months.map((m: { commissionsPence: number }) => m.commissionsPence)).toEqual([
      0,
      0,
      0,
      0,
      5 * org.price,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(p.months[4].totalPence).toBe(8691 + 5 * org.price);
    // One request: the session, the three aggregate statements, nothing per row.
    expect(r.statements).toBe(PIPELINE_STATEMENTS);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('an instalment in a payment run leaves the contract’s unpaid value: the rest is spread again', async () => {
    // The place's instalment is payable from the first day of the month after its acceptance (the
    // event is stamped by the database clock, so read it): a run then pays 1 place x £300.
    const [due] = rowsOf(
      await s.db.execute(sql`select to_char(date_trunc('month', e."at" at time zone 'Europe/London') + interval '1 month', 'YYYY-MM-DD') as "runDate"
        from "commission_events" e join "commissions" c on c."id" = e."commissionId"
        where c."contractId" = ${localId(contractId)} and e."toStatus" = 'ACCEPTED'`),
    );
    const run = await s.gql(
      `mutation($input: CreatePaymentRunInput!) { createPaymentRun(input: $input) { __typename ... on Error { message } } }`,
      { input: { runDate: due!.runDate } },
      commissioner,
    );
    expect(run.data.createPaymentRun.__typename).toBe('CreatePaymentRunSuccess');
    const p = (await s.gql(PIPELINE, {}, provider)).data.providerPipeline;
    expect(p.contracts[0]).toMatchObject({ unpaidPence: 90_000, valueLeftPence: 90_000, placesLeft: 3 });
    // £900 over the same 428 days: November 1 day -> floor(90000 / 428) = 210; December 32 days ->
    // floor(2880000 / 428) = 6728 - 210 = 6518; ... 336 days to October -> floor(30240000 / 428) = 70654.
    const contractMonths = [210, 6518, 6519, 5888, 6519, 6308, 6519, 6308, 6519, 6519, 6308, 6519];
    expect(p.months.map((m: { contractsPence: number }) => m.contractsPence)).toEqual(contractMonths);
    expect(contractMonths.reduce((a, b) => a + b, 0)).toBe(70_654);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('commissioners and administrators of the zone read any provider’s; the figures match', async () => {
    const own = (await s.gql(PIPELINE, {}, provider)).data.providerPipeline;
    for (const email of ['commissioner@demo.test', 'admin@demo.test']) {
      const r = await s.gql(PIPELINE, { org: globalId('Organisation', org.id) }, await s.signIn(email));
      expect(r.errors).toBeUndefined();
      expect(r.data.providerPipeline).toEqual(own);
      // One more statement than the provider's: the organisation is checked to be in the zone.
      expect(r.statements).toBe(PIPELINE_STATEMENTS + 1);
    }
    // Without an organisation there is no "own" pipeline for them.
    const none = await s.gql(PIPELINE, {}, commissioner);
    expect(none.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('nobody else reads a provider’s pipeline', async () => {
    const vars = { org: globalId('Organisation', org.id) };
    for (const email of [
      'provider@demo.test', // another provider
      'linkworker@demo.test',
      'districtlead@demo.test',
      'schoollead@demo.test',
      'commissioner@other.test', // another zone
    ]) {
      const r = await s.gql(PIPELINE, vars, await s.signIn(email));
      expect(r.data?.providerPipeline ?? null, email).toBeNull();
      expect(r.errors?.[0]?.extensions?.code, email).toBe('FORBIDDEN');
      expect(JSON.stringify(r)).not.toContain('30000');
    }
    const anon = await s.gql(PIPELINE, vars);
    expect(anon.data?.providerPipeline ?? null).toBeNull();
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Another provider without an organisation argument reads only their own.
    const other = (await s.gql(PIPELINE, {}, await s.signIn('provider@demo.test'))).data.providerPipeline;
    expect(other.organisationId).not.toBe(globalId('Organisation', org.id));
    expect(other.contracts.map((c: { contractId: string }) => c.contractId)).not.toContain(contractId);
  });

  it('a garbled organisation id is a clear input error', async () => {
    const r = await s.gql(PIPELINE, { org: 'nonsense' }, commissioner);
    expect(r.status).toBeLessThan(500);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('contracts ending soon', () => {
  it('lists signed contracts ending within 3 or 6 months with their uptake and value drawn', async () => {
    const Q = `query($m: Int) { contracts(first: 100, filter: { endingWithinMonths: $m }) { edges { node {
      reference endDate places placesUsed uptake valuePence drawnPence } } } }`;
    const three = (await s.gql(Q, { m: 3 }, commissioner)).data.contracts.edges.map((e: { node: never }) => e.node);
    const six = (await s.gql(Q, { m: 6 }, commissioner)).data.contracts.edges.map((e: { node: never }) => e.node);
    for (const c of [...three, ...six] as {
      endDate: string;
      placesUsed: number;
      valuePence: number;
      drawnPence: number;
      places: number;
    }[]) {
      expect(c.endDate >= '2026-11-30').toBe(true);
      expect(c.drawnPence).toBe((c.valuePence / c.places) * c.placesUsed);
    }
    expect(three.every((c: { endDate: string }) => c.endDate <= '2027-02-28')).toBe(true);
    expect(six.every((c: { endDate: string }) => c.endDate <= '2027-05-30')).toBe(true);
    // The demo's first contract ends within 3 months; the pipeline test's (January 2028) in neither.
    expect(three.length).toBeGreaterThan(0);
    const ours = (
      await s.gql(
        `query($id: ID!) { node(id: $id) { ... on Contract { reference } } }`,
        { id: contractId },
        commissioner,
      )
    ).data.node.reference;
    expect([...three, ...six].map((c: { reference: string }) => c.reference)).not.toContain(ours);
    // Providers see their drawn value; link workers never money.
    const lwView = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Contract { drawnPence } } }`,
      { id: contractId },
      lw,
    );
    expect(lwView.data?.node?.drawnPence ?? null).toBeNull();
    const own = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Contract { drawnPence } } }`,
      { id: contractId },
      provider,
    );
    expect(own.data.node.drawnPence).toBe(30_000);
  });
});

const PIPELINE_STATEMENTS = 4;

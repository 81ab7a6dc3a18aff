import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtFormulas, districtFunds, fundingPots, users } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { setSessionCacheSeconds } from '../../schema/domain/session-cache';
import { DEMO_PASSWORD, localId, startServer, type TestServer } from '../setup/server';

// New money lands in the zone's period in force, whatever a session remembers. Sessions cache the
// zone's period for SESSION_CACHE_SECONDS, so straight after a close a commissioner's next fund
// used to be filed under the period just closed, where it could never be allocated. And funds are
// made one at a time per zone, so two at once under one new formula name do not both take its
// next version (on PostgreSQL that was a unique-key crash: INTERNAL_SERVER_ERROR).

let s: TestServer;
let token: string;
let zoneId: number;

const CLOSE = `mutation { closePeriod(input: { period: "2026-27", early: true }) { __typename
  ... on ClosePeriodSuccess { report { period nextPeriod } } } }`;
const CREATE_FUND = `mutation($input: DistrictFundInput!) { createDistrictFund(input: $input) { __typename
  ... on Error { message } ... on CreateDistrictFundSuccess { districtFund { id totalPence formula { name version } } } } }`;
const CREATE_POT = `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) { __typename
  ... on Error { message } ... on CreateFundingPotSuccess { fundingPot { id } } } }`;
const fund = (name: string, formula: string, baseWeight = 1) => ({
  name,
  source: 'COUNCIL',
  totalPence: 100_001,
  formula: { name: formula, pupilsWeight: 0, childrenWeight: 0, deprivationWeight: 0, baseWeight },
});

beforeAll(async () => {
  s = await startServer();
  zoneId = (await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test')))[0]!.zoneId;
});
afterAll(async () => {
  setSessionCacheSeconds(0);
  await s.close();
});

describe('money made straight after a period closes', () => {
  it('a district fund and a pot made on a session cached before the close land in the new period', async () => {
    setSessionCacheSeconds(5);
    const signIn = await s.gql('mutation($i: SignInInput!) { signIn(input: $i) { ... on SignInSuccess { token } } }', {
      i: { email: 'commissioner@demo.test', password: DEMO_PASSWORD },
    });
    token = signIn.data.signIn.token;
    expect((await s.gql('{ viewer { email } }', undefined, token)).data.viewer.email).toBe('commissioner@demo.test');

    expect((await s.gql(CLOSE, undefined, token)).data.closePeriod).toEqual({
      __typename: 'ClosePeriodSuccess',
      report: { period: '2026-27', nextPeriod: '2027-28' },
    });
    const made = await s.gql(CREATE_FUND, { input: fund('Straight after close', 'Equal shares') }, token);
    expect(made.data.createDistrictFund.__typename).toBe('CreateDistrictFundSuccess');
    const fundId = localId(made.data.createDistrictFund.districtFund.id);
    const [row] = await s.db.select().from(districtFunds).where(eq(districtFunds.id, fundId));
    expect(row!.period).toBe('2027-28');
    const pots = await s.db.select().from(fundingPots).where(eq(fundingPots.districtFundId, fundId));
    expect(pots.length).toBeGreaterThan(0);
    expect(new Set(pots.map((p) => p.period))).toEqual(new Set(['2027-28']));

    const pot = await s.gql(
      CREATE_POT,
      { input: { name: 'After the close', source: 'COUNCIL', totalPence: 500 } },
      token,
    );
    expect(pot.data.createFundingPot.__typename).toBe('CreateFundingPotSuccess');
    const [potRow] = await s.db
      .select()
      .from(fundingPots)
      .where(eq(fundingPots.id, localId(pot.data.createFundingPot.fundingPot.id)));
    expect(potRow!.period).toBe('2027-28');

    // The same session's lists are of the new period at once (the close forgot the zone's cached sessions).
    const listed = await s.gql('{ districtFunds { name } fundingPots { name } }', undefined, token);
    expect(listed.data.districtFunds.map((f: { name: string }) => f.name)).toEqual(['Straight after close']);
    expect(listed.data.fundingPots.map((p: { name: string }) => p.name)).toContain('After the close');
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('four funds at once under one new formula name: all made, one version per set of weights', async () => {
    setSessionCacheSeconds(0);
    const same = await Promise.all(
      [1, 2, 3, 4].map((i) => s.gql(CREATE_FUND, { input: fund(`Same weights ${i}`, 'Raced formula') }, token)),
    );
    expect(same.map((r) => r.errors ?? r.data.createDistrictFund.__typename)).toEqual(
      Array(4).fill('CreateDistrictFundSuccess'),
    );
    expect(same.map((r) => r.data.createDistrictFund.districtFund.formula.version)).toEqual([1, 1, 1, 1]);

    const differing = await Promise.all(
      [2, 3, 4, 5].map((w) => s.gql(CREATE_FUND, { input: fund(`Weight ${w}`, 'Raced again', w) }, token)),
    );
    expect(differing.map((r) => r.errors ?? r.data.createDistrictFund.__typename)).toEqual(
      Array(4).fill('CreateDistrictFundSuccess'),
    );
    const versions = differing.map((r) => r.data.createDistrictFund.districtFund.formula.version).sort();
    expect(versions).toEqual([1, 2, 3, 4]);
    const formulas = await s.db.select().from(districtFormulas).where(eq(districtFormulas.zoneId, zoneId));
    expect(formulas.filter((f) => f.name === 'Raced formula')).toHaveLength(1);
    expect(formulas.filter((f) => f.name === 'Raced again')).toHaveLength(4);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });
});

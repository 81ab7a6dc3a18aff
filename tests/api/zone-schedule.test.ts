import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, zones } from '../../drizzle/schema';
import { startServer, type TestServer } from '../setup/server';

// The zone setting localOfferSchedule (how often the local offer digest is emailed), as the admin
// settings page sets it: only an administrator, only OFF, WEEKLY or MONTHLY, and a refusal changes nothing.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const SET = `mutation($input: UpdateZoneSettingsInput!) { updateZoneSettings(input: $input) { __typename
  ... on Error { message } ... on UpdateZoneSettingsSuccess { zone { localOfferSchedule } } } }`;
const stored = async () =>
  (await s.db.select({ v: zones.localOfferSchedule }).from(zones).where(eq(zones.slug, 'demo')))[0]!.v;

describe('localOfferSchedule', () => {
  it('is read by the zone’s staff and set by its administrator', async () => {
    const admin = await s.signIn('admin@demo.test');
    const read = await s.gql('{ viewer { zone { localOfferSchedule } } }', {}, admin);
    expect(read.data.viewer.zone.localOfferSchedule).toBe('MONTHLY');
    const res = await s.gql(SET, { input: { delegatedLimitPence: 25000, localOfferSchedule: 'WEEKLY' } }, admin);
    expect(res.data.updateZoneSettings).toEqual({
      __typename: 'UpdateZoneSettingsSuccess',
      zone: { localOfferSchedule: 'WEEKLY' },
    });
    expect(await stored()).toBe('WEEKLY');
  });

  it('refuses a value that is not a schedule (BAD_USER_INPUT) and anyone but an administrator, changing nothing', async () => {
    const admin = await s.signIn('admin@demo.test');
    const others = ['commissioner@demo.test', 'linkworker@demo.test', 'districtlead@demo.test'];
    const tokens = await Promise.all(others.map((who) => s.signIn(who))); // signing in is audited: before counting
    const before = { schedule: await stored(), audit: await s.db.$count(auditEvents) };
    const bad = await s.gql(SET, { input: { delegatedLimitPence: 25000, localOfferSchedule: 'DAILY' } }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/"DAILY" does not exist in "LocalOfferSchedule"/);
    for (const [i, who] of others.entries()) {
      const res = await s.gql(SET, { input: { delegatedLimitPence: 25000, localOfferSchedule: 'OFF' } }, tokens[i]);
      expect(res.data.updateZoneSettings.__typename, who).toBe('ForbiddenError');
    }
    expect({ schedule: await stored(), audit: await s.db.$count(auditEvents) }).toEqual(before);
  });
});

import { parse } from 'csv-parse/sync';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  childBudgets,
  children,
  commissions,
  districts,
  schools,
  users,
  zones,
} from '../../drizzle/schema';
import { runDeadlines } from '../../schema/domain/deadlines';
import { freeChildren, raiseMutation, serviceId, userId } from '../setup/money';
import { DEMO_PASSWORD, globalId, localId, startServer, type TestServer } from '../setup/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

/** The zone's commissions of the current budget period, which reports and the CSV cover by default. */
const currentPeriodCommissions = async (zoneId: number) =>
  (
    await s.db
      .select()
      .from(commissions)
      .innerJoin(childBudgets, eq(childBudgets.id, commissions.budgetId))
      .where(and(eq(commissions.zoneId, zoneId), eq(childBudgets.period, '2026-27')))
  ).map((r) => r.commissions);

const RESULT = (name: string, input: string, success: string) => `mutation($input: ${input}!) { ${name}(input: $input) {
  __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } ... on ${success} } }`;

describe('zone administration', () => {
  it('an admin deactivates someone, who can then no longer sign in, and reactivates them', async () => {
    const token = await s.signIn('admin@demo.test');
    const SIGN_IN = `mutation { signIn(input: { email: "provider2@demo.test", password: "${DEMO_PASSWORD}" }) { __typename } }`;
    expect((await s.gql(SIGN_IN)).data.signIn.__typename).toBe('SignInSuccess');
    const SET_ACTIVE = RESULT('setUserActive', 'SetUserActiveInput', 'SetUserActiveSuccess { user { active } }');
    const provider2 = globalId('User', await userId(s.db, 'provider2@demo.test'));
    const before = await s.signIn('provider2@demo.test');
    const VIEWER = '{ viewer { email } }';
    expect((await s.gql(VIEWER, {}, before)).data.viewer).toEqual({ email: 'provider2@demo.test' });
    const off = await s.gql(SET_ACTIVE, { input: { userId: provider2, active: false } }, token);
    expect(off.data.setUserActive.user.active).toBe(false);
    expect((await s.gql(SIGN_IN)).data.signIn.__typename).toBe('InvalidCredentialsError');
    expect((await s.gql(VIEWER, {}, before)).data.viewer).toBeNull();
    const on = await s.gql(SET_ACTIVE, { input: { userId: provider2, active: true } }, token);
    expect(on.data.setUserActive.user.active).toBe(true);
    expect((await s.gql(SIGN_IN)).data.signIn.__typename).toBe('SignInSuccess');
    // The token from before stays ended: a leaver's session does not come back with the account.
    expect((await s.gql(VIEWER, {}, before)).data.viewer).toBeNull();
  });

  it('accounts are made only by invitation, whose answer never says whether an address exists anywhere', async () => {
    // ISSUE 9, point 6: createUser answered "cannot be used" for an address held in another zone and
    // created the account for a fresh one, so an admin could probe every zone's addresses. It is
    // gone; inviteUser (tests/ops/account-links.test.ts) answers alike and emails the address instead.
    const mutations = await s.gql('{ __schema { mutationType { fields { name args { name type { name } } } } } }');
    const names = mutations.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(names).toContain('inviteUser');
    expect(names).not.toContain('createUser');
    const token = await s.signIn('admin@demo.test');
    const probe = (email: string) =>
      s.gql(
        RESULT('inviteUser', 'InviteUserInput', 'InviteUserSuccess { email }'),
        {
          input: { name: 'Probe', email, role: 'LINK_WORKER' },
        },
        token,
      );
    const elsewhere = await probe('commissioner@other.test');
    const nowhere = await probe('nobody-anywhere@other.test');
    expect(elsewhere.status).toBe(nowhere.status);
    expect(elsewhere.data.inviteUser.__typename).toBe(nowhere.data.inviteUser.__typename);
    expect(Object.keys(elsewhere.data.inviteUser)).toEqual(Object.keys(nowhere.data.inviteUser));
  });

  it('checks the role before the input: bad input from a caller who may not invite learns nothing about it', async () => {
    const bad = { name: 'x', email: 'bad', role: 'LINK_WORKER' };
    const INVITE = RESULT('inviteUser', 'InviteUserInput', 'InviteUserSuccess { email }');
    const signedOut = await s.gql(INVITE, { input: bad });
    expect(signedOut.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const provider = await s.gql(INVITE, { input: bad }, await s.signIn('provider@demo.test'));
    expect(provider.data.inviteUser).toMatchObject({
      __typename: 'ForbiddenError',
      message: 'Your role cannot do this',
    });
    expect(JSON.stringify([signedOut.errors, provider.data.inviteUser.message])).not.toMatch(/name|email address/i);
    const admin = await s.signIn('admin@demo.test');
    expect((await s.gql(INVITE, { input: bad }, admin)).data.inviteUser.__typename).toBe('ValidationError');
    const commissioner = await s.signIn('commissioner@demo.test');
    const notAdmin = await s.gql(
      RESULT('updateZoneSettings', 'UpdateZoneSettingsInput', 'UpdateZoneSettingsSuccess { zone { id } }'),
      { input: { delegatedLimitPence: 0 } },
      commissioner,
    );
    expect(notAdmin.data.updateZoneSettings.__typename).toBe('ForbiddenError');
  });

  it('the budget period is not set by hand: only closing it moves it on (nothing changes)', async () => {
    const token = await s.signIn('admin@demo.test');
    const SET = RESULT(
      'updateZoneSettings',
      'UpdateZoneSettingsInput',
      'UpdateZoneSettingsSuccess { zone { currentPeriod delegatedLimitPence } }',
    );
    const [before] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    for (const period of ['2029-30', '2025-26']) {
      const res = await s.gql(SET, { input: { delegatedLimitPence: 1234, currentPeriod: period } }, token);
      expect(res.data.updateZoneSettings.__typename).toBe('ValidationError');
      expect(res.data.updateZoneSettings.fieldErrors).toEqual([
        {
          path: ['input', 'currentPeriod'],
          message: `The budget period (${before!.currentPeriod}) moves on only when a commissioner closes it, on the Budget year page`,
        },
      ]);
    }
    const [after] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    expect(after).toEqual(before);
    // Saving the settings page with the period as it is still works.
    const same = await s.gql(
      SET,
      { input: { delegatedLimitPence: before!.delegatedLimitPence, currentPeriod: before!.currentPeriod } },
      token,
    );
    expect(same.data.updateZoneSettings.zone.currentPeriod).toBe(before!.currentPeriod);
  });

  it('changes the delegated limit, and raising follows it', async () => {
    const token = await s.signIn('admin@demo.test');
    const res = await s.gql(
      RESULT(
        'updateZoneSettings',
        'UpdateZoneSettingsInput',
        'UpdateZoneSettingsSuccess { zone { delegatedLimitPence } }',
      ),
      { input: { delegatedLimitPence: 5000 } },
      token,
    );
    expect(res.data.updateZoneSettings.zone.delegatedLimitPence).toBe(5000);
    const bad = await s.gql(
      RESULT('updateZoneSettings', 'UpdateZoneSettingsInput', 'UpdateZoneSettingsSuccess { zone { id } }'),
      { input: { delegatedLimitPence: -1 } },
      token,
    );
    expect(bad.data.updateZoneSettings.__typename).toBe('ValidationError');
    // £90 was within the old £250 limit; over the new £50 it waits for a commissioner.
    const raise = (units: number, key: string) =>
      freeChildren(s.db, 'linkworker@demo.test').then(async (kids) =>
        s.gql(
          raiseMutation,
          {
            input: {
              childId: globalId('Child', kids[0]!.id),
              serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')),
              units,
              rationale: 'Agreed at the family review.',
              idempotencyKey: key,
            },
          },
          await s.signIn('linkworker@demo.test'),
        ),
      );
    expect((await raise(2, 'limit-follows-1')).data.raiseCommission.commission.status).toBe('REQUESTED');
    await s.gql(
      RESULT('updateZoneSettings', 'UpdateZoneSettingsInput', 'UpdateZoneSettingsSuccess { zone { id } }'),
      { input: { delegatedLimitPence: 10_000 } },
      token,
    );
    expect((await raise(2, 'limit-follows-2')).data.raiseCommission.commission.status).toBe('APPROVED');
  });

  it('adds districts and schools', async () => {
    const token = await s.signIn('admin@demo.test');
    const d = await s.gql(
      RESULT('createDistrict', 'CreateDistrictInput', 'CreateDistrictSuccess { district { id name } }'),
      { input: { name: 'Bellingham' } },
      token,
    );
    expect(d.data.createDistrict.district.name).toBe('Bellingham');
    const school = await s.gql(
      RESULT('createSchool', 'CreateSchoolInput', 'CreateSchoolSuccess { school { name postcode district { name } } }'),
      {
        input: {
          name: 'Bellingham Primary',
          districtId: d.data.createDistrict.district.id,
          postcode: 'se6 3bx',
          latitude: 51.43,
          longitude: -0.02,
        },
      },
      token,
    );
    expect(school.data.createSchool.school).toEqual({
      name: 'Bellingham Primary',
      postcode: 'SE6 3BX',
      district: { name: 'Bellingham' },
    });
  });

  it('refuses a district or school already there under another case or spacing, adding nothing', async () => {
    const token = await s.signIn('admin@demo.test');
    const DISTRICT = RESULT('createDistrict', 'CreateDistrictInput', 'CreateDistrictSuccess { district { id } }');
    const count = async () => ({ districts: await s.db.$count(districts), schools: await s.db.$count(schools) });
    const before = await count();
    for (const name of [' catford ', 'CATFORD', 'forest  hill']) {
      const res = await s.gql(DISTRICT, { input: { name } }, token);
      expect(res.data.createDistrict.fieldErrors).toEqual([
        { path: ['input', 'name'], message: 'There is already a district with this name' },
      ]);
    }
    const [catford] = await s.db.select().from(districts).where(eq(districts.name, 'Catford'));
    const school = await s.gql(
      RESULT('createSchool', 'CreateSchoolInput', 'CreateSchoolSuccess { school { id } }'),
      {
        input: {
          name: 'rushey  green primary school',
          districtId: globalId('District', catford!.id),
          postcode: 'SE6 4JD',
          latitude: 51.44,
          longitude: -0.02,
        },
      },
      token,
    );
    expect(school.data.createSchool.fieldErrors).toEqual([
      { path: ['input', 'name'], message: 'There is already a school with this name' },
    ]);
    expect(await count()).toEqual(before);
  });
});

describe('outcomes and the audit of child records', () => {
  it('a link worker records an SDQ score; out-of-range scores are refused', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const lw = await userId(s.db, 'linkworker@demo.test');
    const [child] = await s.db.select().from(children).where(eq(children.linkWorkerId, lw)).orderBy(children.id);
    const M = RESULT(
      'recordOutcomeMeasure',
      'RecordOutcomeMeasureInput',
      'RecordOutcomeMeasureSuccess { child { outcomeMeasures { measure score measuredOn } } }',
    );
    const ok = await s.gql(
      M,
      { input: { childId: globalId('Child', child!.id), measure: 'SDQ_TOTAL', score: 12, measuredOn: '2026-11-20' } },
      token,
    );
    expect(ok.data.recordOutcomeMeasure.child.outcomeMeasures.at(-1)).toEqual({
      measure: 'SDQ_TOTAL',
      score: 12,
      measuredOn: '2026-11-20',
    });
    const bad = await s.gql(
      M,
      { input: { childId: globalId('Child', child!.id), measure: 'SDQ_TOTAL', score: 41, measuredOn: '2026-11-20' } },
      token,
    );
    expect(bad.data.recordOutcomeMeasure.fieldErrors[0].path).toEqual(['input', 'score']);
    const other = await s.gql(
      M,
      { input: { childId: globalId('Child', child!.id), measure: 'SDQ_TOTAL', score: 5, measuredOn: '2026-11-20' } },
      await s.signIn('linkworker2@demo.test'),
    );
    expect(other.data.recordOutcomeMeasure.__typename).toBe('NotFoundError');
  });

  it('opening a child’s record writes an audit event', async () => {
    const lw = await userId(s.db, 'linkworker@demo.test');
    const [child] = await s.db.select().from(children).where(eq(children.linkWorkerId, lw)).orderBy(children.id);
    const before = await s.db.$count(auditEvents, eq(auditEvents.action, 'READ_CHILD_RECORD'));
    const res = await s.gql(
      'query($id: ID!) { child(id: $id) { lastName } }',
      { id: globalId('Child', child!.id) },
      await s.signIn('linkworker@demo.test'),
    );
    expect(res.data.child.lastName).toBe(child!.lastName);
    await s.gql(
      'query($id: ID!) { node(id: $id) { id } }',
      { id: globalId('Child', child!.id) },
      await s.signIn('linkworker@demo.test'),
    );
    const events = await s.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'READ_CHILD_RECORD'))
      .orderBy(auditEvents.id);
    expect(events.length).toBe(before + 2);
    expect(events.at(-1)).toMatchObject({ actorId: lw, entityType: 'Child', entityId: child!.id });
    // Someone else's child: null, and no read recorded.
    expect(
      (
        await s.gql(
          'query($id: ID!) { child(id: $id) { reference } }',
          { id: globalId('Child', child!.id) },
          await s.signIn('linkworker2@demo.test'),
        )
      ).data.child,
    ).toBeNull();
  });
});

describe('spend report and export', () => {
  it('groups commitments and spend by each dimension, and every grouping adds up to the same totals', async () => {
    const token = await s.signIn('commissioner@demo.test');
    // The commissioner's zone (the first of an unordered read could be another zone's commission).
    const demoZone = (await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test')))[0]!.zoneId;
    // The report covers the current period (the demo also has a closed 2025-26).
    const zoneCommissions = await currentPeriodCommissions(demoZone);
    const committed = zoneCommissions
      .filter((c) => ['REQUESTED', 'APPROVED', 'ACCEPTED'].includes(c.status))
      .reduce((t, c) => t + c.amountPence, 0);
    const spent = zoneCommissions
      .filter((c) => c.status === 'COMPLETED')
      .reduce((t, c) => t + c.unitsDelivered * c.unitPricePence, 0);
    expect(spent).toBeGreaterThan(0);
    for (const by of ['school', 'district', 'category', 'provider', 'source']) {
      const rows = (
        await s.gql(
          'query($by: SpendDimension!) { spendReport(by: $by) { label committedPence spentPence commissions } }',
          { by },
          token,
        )
      ).data.spendReport;
      const sum = (k: 'committedPence' | 'spentPence') =>
        rows.reduce((t: number, r: Record<string, number>) => t + r[k]!, 0);
      // Exact for every grouping, sources too (whole pence by largest remainder: tests/api/attribution.test.ts).
      expect(sum('committedPence'), by).toBe(committed);
      expect(sum('spentPence'), by).toBe(spent);
      expect(sum('commissions' as 'spentPence'), by).toBe(zoneCommissions.length);
    }
    const denied = await s.gql('{ spendReport(by: school) { label } }', {}, await s.signIn('linkworker@demo.test'));
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('exports pseudonymised commissions as CSV for commissioners only, and audits it', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const res = await fetch(`${s.url}/exports/commissions.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    const zoneId = (await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test')))[0]!.zoneId;
    expect(rows.length).toBe((await currentPeriodCommissions(zoneId)).length);
    expect(Object.keys(rows[0]!)).toContain('childReference');
    // Pseudonymised: no name columns, and no cell holds a child's name.
    expect(Object.keys(rows[0]!).some((k) => /name/i.test(k))).toBe(false);
    const names = new Set(
      (await s.db.select().from(children)).flatMap((c) => [c.firstName, c.lastName, `${c.firstName} ${c.lastName}`]),
    );
    expect(rows.flatMap((r) => Object.values(r)).filter((v) => names.has(v))).toEqual([]);
    expect(await s.db.$count(auditEvents, eq(auditEvents.action, 'EXPORT_COMMISSIONS'))).toBe(1);
    expect(
      (
        await fetch(`${s.url}/exports/commissions.csv`, {
          headers: { authorization: `Bearer ${await s.signIn('provider@demo.test')}` },
        })
      ).status,
    ).toBe(403);
    expect((await fetch(`${s.url}/exports/commissions.csv`)).status).toBe(401);
  });
});

describe('audit trail', () => {
  it('shows commissioners their zone’s events newest first, with who did them; not other roles or zones', async () => {
    const Q = '{ auditEvents(first: 5) { edges { node { action entityType at actor { name } } } } }';
    const commissioner = await s.signIn('commissioner@demo.test');
    // The newest event is this one: an export made just now, by the commissioner.
    await fetch(`${s.url}/exports/commissions.csv`, { headers: { authorization: `Bearer ${commissioner}` } });
    const mine = await s.gql(Q, {}, commissioner);
    expect(mine.errors).toBeUndefined();
    type Event = { node: { action: string; at: string; actor: { name: string } | null } };
    const events: Event[] = mine.data.auditEvents.edges;
    expect(events).toHaveLength(5);
    expect(events[0]!.node).toMatchObject({ action: 'EXPORT_COMMISSIONS', actor: { name: 'Grace Whitfield' } });
    const times = events.map((e) => Date.parse(e.node.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const zoneId = (await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test')))[0]!.zoneId;
    const newest = await s.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.zoneId, zoneId))
      .orderBy(desc(auditEvents.id))
      .limit(5);
    expect(events.map((e) => e.node.action)).toEqual(newest.map((e) => e.action));
    const other = await s.gql(
      '{ auditEvents(first: 100) { edges { node { action } } } }',
      {},
      await s.signIn('commissioner@other.test'),
    );
    expect(
      other.data.auditEvents.edges.every((e: { node: { action: string } }) => e.node.action !== 'EXPORT_COMMISSIONS'),
    ).toBe(true);
    expect((await s.gql(Q, {}, await s.signIn('provider@demo.test'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await s.gql(Q)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('audit rows name their commission', () => {
  const PAGE = `query($first: Int) { auditEvents(first: $first) { edges { node {
    entityType entityId commission { id status service { name } child { reference } } actor { name } } } } }`;
  type Row = {
    entityType: string;
    entityId: string;
    commission: { id: string; service: { name: string }; child: { reference: string } | null } | null;
  };

  it('links each commission event to its commission, in the same statements for 5 rows or 100', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const counts: Record<number, number> = {};
    let rows: Row[] = [];
    for (const first of [5, 100]) {
      const res = await s.gql(PAGE, { first }, token);
      expect(res.errors).toBeUndefined();
      rows = res.data.auditEvents.edges.map((e: { node: Row }) => e.node);
      counts[first] = res.statements;
    }
    // The session lookup and one statement for the page, its actors and its commissions.
    expect(counts).toEqual({ 5: 2, 100: 2 });
    const about = rows.filter((r) => r.entityType === 'Commission');
    expect(about.length).toBeGreaterThan(5);
    for (const r of about) {
      const [row] = await s.db
        .select()
        .from(commissions)
        .where(eq(commissions.id, localId(r.entityId)));
      expect(r.commission?.id).toBe(globalId('Commission', row!.id));
      expect(r.commission?.child?.reference).toMatch(/\S/);
    }
    // Events about other records carry no commission, even where a commission has the same number.
    const others = rows.filter((r) => r.entityType !== 'Commission');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((r) => r.commission === null)).toBe(true);
  });

  it('gives an administrator the row but not the commission (not theirs to read)', async () => {
    const res = await s.gql(PAGE, { first: 50 }, await s.signIn('admin@demo.test'));
    expect(res.errors).toBeUndefined();
    const rows: Row[] = res.data.auditEvents.edges.map((e: { node: Row }) => e.node);
    expect(rows.some((r) => r.entityType === 'Commission')).toBe(true);
    expect(rows.every((r) => r.commission === null)).toBe(true);
  });
});

describe('spend for a chosen period, and the CSV in pounds with reasons', () => {
  const SPEND = `query($by: SpendDimension!, $period: String, $from: Date, $to: Date) {
    spendReport(by: $by, period: $period, from: $from, to: $to) { label committedPence spentPence commissions } }`;
  const zoneOf = async (email: string) => (await s.db.select().from(users).where(eq(users.email, email)))[0]!.zoneId;
  const total = (rows: { committedPence: number; spentPence: number; commissions: number }[]) =>
    rows.reduce((t, r) => ({ money: t.money + r.committedPence + r.spentPence, n: t.n + r.commissions }), {
      money: 0,
      n: 0,
    });
  const expected = (list: (typeof commissions.$inferSelect)[]) => ({
    money: list.reduce(
      (t, c) =>
        t +
        (['REQUESTED', 'APPROVED', 'ACCEPTED'].includes(c.status) ? c.amountPence : 0) +
        (c.status === 'COMPLETED' ? c.unitsDelivered * c.unitPricePence : 0),
      0,
    ),
    n: list.length,
  });

  it('reports the current period by default or by name, an empty past period, and commissions raised between two dates', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const periods = (await s.gql('{ spendPeriods }', {}, token)).data.spendPeriods as string[];
    const current = periods[0]!;
    expect(current).toMatch(/^\d{4}-\d{2}$/);
    const ask = async (vars: Record<string, string>) => {
      const res = await s.gql(SPEND, { by: 'school', ...vars }, token);
      expect(res.errors, JSON.stringify(vars)).toBeUndefined();
      return res.data.spendReport;
    };
    expect(await ask({ period: current })).toEqual(await ask({}));
    expect(await ask({ period: '2001-02' })).toEqual([]);

    // A window holding some of the zone's commissions and not others, by the day each was raised
    // (the demo raises them all at once: spread them over three months first).
    const zoneId = await zoneOf('commissioner@demo.test');
    const ids = (await s.db.select().from(commissions).where(eq(commissions.zoneId, zoneId))).map((c) => c.id);
    const spread = ['2026-09-10T10:00:00Z', '2026-10-15T23:30:00Z', '2026-11-20T00:15:00Z'];
    for (const [i, id] of ids.entries())
      await s.db
        .update(commissions)
        .set({ createdAt: spread[i % 3]! })
        .where(eq(commissions.id, id));
    const inZone = await s.db.select().from(commissions).where(eq(commissions.zoneId, zoneId));
    const day = (c: typeof commissions.$inferSelect) => new Date(c.createdAt).toISOString().slice(0, 10);
    const [from, to] = ['2026-10-01', '2026-10-15'];
    const within = inZone.filter((c) => day(c) >= from && day(c) <= to);
    expect(within.length).toBeGreaterThan(0);
    expect(within.length).toBeLessThan(inZone.length);
    for (const by of ['school', 'provider', 'category']) {
      const rows = (await s.gql(SPEND, { by, from, to }, token)).data.spendReport;
      // Honest counts: each commission counted once, under one row.
      expect(total(rows), by).toEqual(expected(within));
    }
    expect(total(await ask({ from }))).toEqual(expected(inZone.filter((c) => day(c) >= from)));
  });

  it('refuses a malformed period or a window that ends before it starts, as bad input', async () => {
    const token = await s.signIn('commissioner@demo.test');
    for (const vars of [{ period: '2026' }, { from: '2026-12-01', to: '2026-11-01' }, { from: '2026-02-30' }]) {
      const res = await s.gql(SPEND, { by: 'school', ...vars }, token);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('BAD_USER_INPUT');
    }
    const url = (q: string) =>
      fetch(`${s.url}/exports/commissions.csv?${q}`, { headers: { authorization: `Bearer ${token}` } });
    for (const q of ['period=soon', 'from=2026-13-01', 'from=2026-12-01&to=2026-11-01']) {
      const res = await url(q);
      expect(res.status, q).toBe(400);
      expect(await res.text()).not.toMatch(/at |Error:/);
    }
    const empty = await url('period=2001-02');
    expect(empty.status).toBe(200);
    expect(parse(await empty.text(), { columns: true })).toEqual([]);
    expect(
      (await s.gql('{ spendPeriods }', {}, await s.signIn('linkworker@demo.test'))).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('exports amounts in pounds with the commission reference, the link worker’s reasons and why it closed', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const zoneId = await zoneOf('commissioner@demo.test');
    const [requested] = await s.db
      .select()
      .from(commissions)
      .where(eq(commissions.status, 'REQUESTED'))
      .then((list) => list.filter((c) => c.zoneId === zoneId));
    const reject = await s.gql(
      'mutation($input: RejectCommissionInput!) { rejectCommission(input: $input) { __typename } }',
      { input: { commissionId: globalId('Commission', requested!.id), reason: 'Over budget for this term' } },
      token,
    );
    expect(reject.data.rejectCommission.__typename).toBe('RejectCommissionSuccess');
    const res = await fetch(`${s.url}/exports/commissions.csv`, { headers: { authorization: `Bearer ${token}` } });
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    const byId = new Map((await currentPeriodCommissions(zoneId)).map((c) => [c.id, c]));
    expect(rows.length).toBe(byId.size);
    const pence = (pounds: string) => {
      expect(pounds).toMatch(/^\d+\.\d{2}$/);
      return Math.round(Number(pounds) * 100);
    };
    for (const row of rows) {
      const c = byId.get(Number(row.commissionId))!;
      expect(row.commissionReference).toBe(c.reference);
      expect(pence(row.unitPricePounds!)).toBe(c.unitPricePence);
      expect(pence(row.amountPounds!)).toBe(c.amountPence);
      expect(pence(row.spentPounds!)).toBe(c.status === 'COMPLETED' ? c.unitsDelivered * c.unitPricePence : 0);
      expect(row.rationale).toBe(c.rationale.replace(/^[=+\-@\t\r]/, "'$&"));
    }
    expect(rows.find((r) => Number(r.commissionId) === requested!.id)).toMatchObject({
      status: 'REJECTED',
      closingReason: 'Over budget for this term',
    });
    expect(rows.filter((r) => r.status === 'APPROVED').every((r) => r.closingReason === '')).toBe(true);
  });

  // Last in the file: it lapses every approved commission.
  it('a commission that lapsed says why it closed, as a rejected one does', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const lapsed = await runDeadlines(s.db, { minIntervalMinutes: 0, now: new Date('2027-03-01T12:00:00Z') });
    expect(lapsed.expired).toBeGreaterThan(0);
    const res = await fetch(`${s.url}/exports/commissions.csv`, { headers: { authorization: `Bearer ${token}` } });
    const expired = (parse(await res.text(), { columns: true }) as Record<string, string>[]).filter(
      (r) => r.status === 'EXPIRED',
    );
    expect(expired.length).toBeGreaterThan(0);
    for (const row of expired) expect(row.closingReason).toMatch(/^Lapsed: the provider did not accept or decline by /);
  });
});

import { and, desc, eq, isNull } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, sessions, users } from '../../drizzle/schema';
import { SESSION_LIMITS, setSessionLimits } from '../../schema/domain/auth';
import { DEMO_PASSWORD, startServer, type TestServer } from '../setup/server';

// Sessions: a new id on every sign-in (the one the request came with ends), idle and absolute
// expiry from configuration, sign out everywhere, and changing the password with the current one.
// Each is in the audit trail, never with a password.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());
afterEach(() => setSessionLimits({ idleMinutes: 120, maxHours: 12 }));

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) {
  __typename ... on SignInSuccess { token } ... on Error { message } } }`;
const VIEWER = '{ viewer { email } }';
const EVERYWHERE = `mutation { signOutEverywhere { __typename ... on SignOutEverywhereSuccess { sessionsEnded } } }`;
const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) {
  __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;

async function signIn(email: string, password = DEMO_PASSWORD, token?: string): Promise<string> {
  const res = await s.gql(SIGN_IN, { input: { email, password } }, token);
  if (res.data.signIn.__typename !== 'SignInSuccess') throw new Error(res.data.signIn.message);
  return res.data.signIn.token;
}
const who = async (token: string) => (await s.gql(VIEWER, {}, token)).data.viewer?.email ?? null;
const auditOf = async (email: string) => {
  const [u] = await s.db.select().from(users).where(eq(users.email, email));
  return s.db.select().from(auditEvents).where(eq(auditEvents.entityId, u!.id)).orderBy(desc(auditEvents.id));
};

describe('sessions', () => {
  it('every sign-in makes a new session; the one the request came with ends (no fixation)', async () => {
    const first = await signIn('linkworker2@demo.test');
    const second = await signIn('linkworker2@demo.test', DEMO_PASSWORD, first);
    expect(second).not.toBe(first);
    expect(await who(first)).toBeNull();
    expect(await who(second)).toBe('linkworker2@demo.test');
    const trail = await auditOf('linkworker2@demo.test');
    expect(trail.filter((e) => e.action === 'SIGN_IN')).toHaveLength(2);
  });

  it('idle and absolute expiry follow the configured limits', async () => {
    const token = await signIn('provider2@demo.test');
    const [row] = await s.db
      .select()
      .from(sessions)
      .where(isNull(sessions.revokedAt))
      .orderBy(desc(sessions.id))
      .limit(1);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(11.9 * 3600_000);
    // Unused for 30 minutes: alive with a 2-hour idle limit, ended with a 15-minute one.
    await s.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 30 * 60_000) })
      .where(eq(sessions.id, row!.id));
    expect(await who(token)).toBe('provider2@demo.test');
    await s.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 30 * 60_000) })
      .where(eq(sessions.id, row!.id));
    setSessionLimits({ idleMinutes: 15, maxHours: 12 });
    expect(SESSION_LIMITS.idleMs).toBe(15 * 60_000);
    expect(await who(token)).toBeNull();
    // A new sign-in's absolute expiry is SESSION_MAX_HOURS away.
    setSessionLimits({ idleMinutes: 15, maxHours: 1 });
    await signIn('provider2@demo.test');
    const [fresh] = await s.db.select().from(sessions).orderBy(desc(sessions.id)).limit(1);
    expect(fresh!.expiresAt.getTime() - fresh!.createdAt.getTime()).toBeLessThanOrEqual(3600_000 + 5_000);
  });

  it('signOutEverywhere ends every session of the account, and only that account', async () => {
    const a = await signIn('commissioner@demo.test');
    const b = await signIn('commissioner@demo.test');
    const other = await signIn('admin@demo.test');
    const res = await s.gql(EVERYWHERE, {}, a);
    expect(res.data.signOutEverywhere.__typename).toBe('SignOutEverywhereSuccess');
    expect(res.data.signOutEverywhere.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect(await who(a)).toBeNull();
    expect(await who(b)).toBeNull();
    expect(await who(other)).toBe('admin@demo.test');
    const [u] = await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test'));
    const live = await s.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, u!.id), isNull(sessions.revokedAt)));
    expect(live).toEqual([]);
    expect((await auditOf('commissioner@demo.test'))[0]!.action).toBe('SIGN_OUT_EVERYWHERE');
  });

  it('changePassword checks the current password, ends the other sessions and keeps this one', async () => {
    const here = await signIn('linkworker@demo.test');
    const elsewhere = await signIn('linkworker@demo.test');
    const newPassword = 'a-new-long-passphrase-42';

    const wrong = await s.gql(CHANGE, { input: { currentPassword: 'not-my-password', newPassword } }, here);
    expect(wrong.data.changePassword).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'currentPassword'], message: 'Your current password is not right' }],
    });
    const weak = await s.gql(CHANGE, { input: { currentPassword: DEMO_PASSWORD, newPassword: 'short' } }, here);
    expect(weak.data.changePassword.fieldErrors[0].path).toEqual(['input', 'newPassword']);
    expect(await who(elsewhere)).toBe('linkworker@demo.test'); // nothing changed yet

    const ok = await s.gql(CHANGE, { input: { currentPassword: DEMO_PASSWORD, newPassword } }, here);
    expect(ok.data.changePassword.__typename).toBe('ChangePasswordSuccess');
    expect(await who(here)).toBe('linkworker@demo.test');
    expect(await who(elsewhere)).toBeNull();
    await expect(signIn('linkworker@demo.test')).rejects.toThrow(/incorrect/);
    expect(await who(await signIn('linkworker@demo.test', newPassword))).toBe('linkworker@demo.test');

    const actions = (await auditOf('linkworker@demo.test')).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['CHANGE_PASSWORD', 'CHANGE_PASSWORD_FAILED', 'SIGN_IN_FAILED']));
    const trail = JSON.stringify(await auditOf('linkworker@demo.test'));
    expect(trail).not.toContain(newPassword);
    expect(trail).not.toContain(DEMO_PASSWORD);
    expect(trail).not.toContain('not-my-password');
  });

  it('failed sign-ins and throttling of a known account are audited', async () => {
    for (let i = 0; i < 6; i++) await signIn('provider@demo.test', `wrong-password-${i}`).catch(() => null);
    const res = await s.gql(SIGN_IN, { input: { email: 'provider@demo.test', password: 'wrong-again' } });
    expect(res.data.signIn.__typename).toBe('TooManyAttemptsError');
    const actions = (await auditOf('provider@demo.test')).map((e) => e.action);
    expect(actions.filter((a) => a === 'SIGN_IN_FAILED').length).toBeGreaterThanOrEqual(5);
    expect(actions[0]).toBe('SIGN_IN_THROTTLED');
    expect(JSON.stringify(await auditOf('provider@demo.test'))).not.toMatch(/wrong-password|wrong-again/);
  });
});

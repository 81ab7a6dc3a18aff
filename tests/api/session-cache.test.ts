import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sessions, users } from '../../drizzle/schema';
import { setSessionCacheSeconds } from '../../schema/domain/session-cache';
import { DEMO_PASSWORD, globalId, startServer, type TestServer } from '../setup/server';

// SESSION_CACHE_SECONDS: a signed-in request reuses this process's session lookup for a few
// seconds instead of asking the database each time. Counts are taken with the cache cold and
// warm explicitly (other test files run with it off, so their counts stay exact). Sign-out,
// deactivation and a password change end the cached session at once in this process; a change
// made elsewhere (another process) is seen once the entry expires.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  setSessionCacheSeconds(0);
  await s.close();
});
beforeEach(() => setSessionCacheSeconds(5)); // also empties the cache

async function freshToken(email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await s.gql(
    'mutation($i: SignInInput!) { signIn(input: $i) { ... on SignInSuccess { token } ... on Error { message } } }',
    { i: { email, password } },
  );
  const token = res.data?.signIn?.token as string | undefined;
  if (!token) throw new Error(`sign in failed: ${JSON.stringify(res)}`);
  return token;
}
const whoAmI = async (token: string) => {
  const res = await s.gql<{ viewer: { email: string } | null }>('{ viewer { email } }', undefined, token);
  expect(res.errors).toBeUndefined();
  return { email: res.data.viewer?.email ?? null, statements: res.statements };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('session lookups cached in the process', () => {
  it('a warm request spends one statement fewer than a cold one; off, every request looks up', async () => {
    const token = await freshToken('linkworker@demo.test');
    setSessionCacheSeconds(5);
    const cold = await whoAmI(token);
    const warm = await whoAmI(token);
    expect(cold.email).toBe('linkworker@demo.test');
    expect(warm.email).toBe('linkworker@demo.test');
    expect(warm.statements).toBe(cold.statements - 1);

    setSessionCacheSeconds(0);
    const first = await whoAmI(token);
    const second = await whoAmI(token);
    expect(first.statements).toBe(cold.statements);
    expect(second.statements).toBe(cold.statements);
  });

  it('signing out ends the cached session at once', async () => {
    const token = await freshToken('provider@demo.test');
    expect((await whoAmI(token)).email).toBe('provider@demo.test'); // now cached
    const out = await s.gql('mutation { signOut { __typename } }', undefined, token);
    expect(out.errors).toBeUndefined();
    expect((await whoAmI(token)).email).toBeNull();
  });

  it('deactivating a user ends their cached sessions at once', async () => {
    const [provider] = await s.db.select().from(users).where(eq(users.email, 'provider2@demo.test'));
    expect(provider).toBeDefined();
    const token = await freshToken('provider2@demo.test');
    expect((await whoAmI(token)).email).toBe('provider2@demo.test');
    const admin = await freshToken('admin@demo.test');
    const res = await s.gql(
      'mutation($i: SetUserActiveInput!) { setUserActive(input: $i) { __typename } }',
      { i: { userId: globalId('User', provider!.id), active: false } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.setUserActive.__typename).toBe('SetUserActiveSuccess');
    expect((await whoAmI(token)).email).toBeNull();
  });

  it('changing the password ends the other cached sessions at once and keeps this one', async () => {
    const here = await freshToken('commissioner@demo.test');
    const there = await freshToken('commissioner@demo.test');
    expect((await whoAmI(there)).email).toBe('commissioner@demo.test');
    const res = await s.gql(
      'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { __typename } }',
      { i: { currentPassword: DEMO_PASSWORD, newPassword: 'a-much-longer-new-password-2026' } },
      here,
    );
    expect(res.errors).toBeUndefined();
    expect((await whoAmI(there)).email).toBeNull();
    expect((await whoAmI(here)).email).toBe('commissioner@demo.test');
  });

  it('a sign-out written by another process is seen once the entry expires (the staleness window)', async () => {
    setSessionCacheSeconds(1);
    const token = await freshToken('linkworker2@demo.test');
    expect((await whoAmI(token)).email).toBe('linkworker2@demo.test');
    // Another process ends every session of the user: this process is not told.
    const [user] = await s.db.select().from(users).where(eq(users.email, 'linkworker2@demo.test'));
    await s.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.userId, user!.id));
    await sleep(1100);
    const after = await whoAmI(token);
    expect(after.email).toBeNull();
  });
});

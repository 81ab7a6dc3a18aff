import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, signInAttempts, users } from '../../drizzle/schema';
import { DEMO_PASSWORD, startServer, type TestServer } from '../setup/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const SIGN_IN = `mutation($input: SignInInput!) {
  signIn(input: $input) {
    __typename
    ... on SignInSuccess { token user { name role email zone { slug } } }
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on TooManyAttemptsError { retryAfterSeconds }
  }
}`;

describe('signIn', () => {
  it('returns a token and the user, and sets an HttpOnly SameSite session cookie', async () => {
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: SIGN_IN,
        variables: { input: { email: 'Commissioner@Demo.test ', password: DEMO_PASSWORD } },
      }),
    });
    const body = await res.json();
    expect(body.data.signIn).toMatchObject({
      __typename: 'SignInSuccess',
      user: { name: 'Grace Whitfield', role: 'COMMISSIONER', email: 'commissioner@demo.test', zone: { slug: 'demo' } },
    });
    expect(body.data.signIn.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`pp_session=${body.data.signIn.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);

    // The cookie alone signs the browser in.
    const viewer = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `pp_session=${body.data.signIn.token}` },
      body: JSON.stringify({ query: '{ viewer { name } }' }),
    }).then((r) => r.json());
    expect(viewer.data.viewer.name).toBe('Grace Whitfield');
  });

  it('stores only a hash of the token, and the password as argon2id with at least 19 MiB and 2 passes', async () => {
    const token = await s.signIn('admin@demo.test');
    const byToken = await s.db.select().from(sessions).where(eq(sessions.tokenHash, token));
    expect(byToken).toHaveLength(0);
    const [user] = await s.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/);
    const [, m, t] = /m=(\d+),t=(\d+)/.exec(user!.passwordHash)!;
    expect(Number(m)).toBeGreaterThanOrEqual(19 * 1024);
    expect(Number(t)).toBeGreaterThanOrEqual(2);
  });

  it('gives the same InvalidCredentialsError for a wrong password and an unknown email', async () => {
    const wrong = await s.gql(SIGN_IN, { input: { email: 'provider2@demo.test', password: 'not-the-password' } });
    const unknown = await s.gql(SIGN_IN, { input: { email: 'nobody@demo.test', password: 'not-the-password' } });
    expect(wrong.data.signIn).toEqual({
      __typename: 'InvalidCredentialsError',
      message: 'Email or password is incorrect',
    });
    expect(unknown.data.signIn).toEqual(wrong.data.signIn);
  });

  it('rejects malformed input with a ValidationError and records nothing', async () => {
    const before = await s.db.$count(signInAttempts);
    const res = await s.gql(SIGN_IN, { input: { email: '', password: '' } });
    expect(res.data.signIn.__typename).toBe('ValidationError');
    expect(res.data.signIn.fieldErrors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(
      expect.arrayContaining(['input.email', 'input.password']),
    );
    expect(await s.db.$count(signInAttempts)).toBe(before);
  });

  it('limits attempts per account: after 5 failures even the right password is refused', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await s.gql(SIGN_IN, { input: { email: 'linkworker2@demo.test', password: `wrong-${i}` } });
      expect(res.data.signIn.__typename).toBe('InvalidCredentialsError');
    }
    const limited = await s.gql(SIGN_IN, { input: { email: 'linkworker2@demo.test', password: DEMO_PASSWORD } });
    expect(limited.data.signIn.__typename).toBe('TooManyAttemptsError');
    expect(limited.data.signIn.message).toMatch(/Too many sign-in attempts/);
    expect(limited.data.signIn.retryAfterSeconds).toBeGreaterThan(0);
    // Other accounts are unaffected.
    expect(
      (await s.gql(SIGN_IN, { input: { email: 'provider@demo.test', password: DEMO_PASSWORD } })).data.signIn
        .__typename,
    ).toBe('SignInSuccess');
  });
});

describe('sessions', () => {
  it('signOut ends the session: the token stops working', async () => {
    const res = await s.gql(SIGN_IN, { input: { email: 'linkworker@demo.test', password: DEMO_PASSWORD } });
    const token = res.data.signIn.token;
    expect((await s.gql('{ viewer { name } }', {}, token)).data.viewer.name).toBe('Priya Sharma');
    const out = await s.gql('mutation { signOut { __typename ... on SignOutSuccess { signedOut } } }', {}, token);
    expect(out.data.signOut).toEqual({ __typename: 'SignOutSuccess', signedOut: true });
    expect((await s.gql('{ viewer { name } }', {}, token)).data.viewer).toBeNull();
  });

  it('expires idle sessions and sessions past their absolute lifetime', async () => {
    const idle = (await s.gql(SIGN_IN, { input: { email: 'commissioner@demo.test', password: DEMO_PASSWORD } })).data
      .signIn.token;
    const old = (await s.gql(SIGN_IN, { input: { email: 'commissioner@demo.test', password: DEMO_PASSWORD } })).data
      .signIn.token;
    const { hashToken } = await import('../../schema/domain/auth');
    await s.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 3 * 3600_000) })
      .where(eq(sessions.tokenHash, hashToken(idle)));
    await s.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.tokenHash, hashToken(old)));
    expect((await s.gql('{ viewer { name } }', {}, idle)).data.viewer).toBeNull();
    expect((await s.gql('{ viewer { name } }', {}, old)).data.viewer).toBeNull();
  });

  it('answers a signed-out query that needs sign-in with UNAUTHENTICATED, and a role mismatch with FORBIDDEN', async () => {
    const signedOut = await s.gql('{ fundingPots { name } }');
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const provider = await s.signIn('provider@demo.test');
    const forbidden = await s.gql('{ fundingPots { name } }', {}, provider);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(forbidden.data).toBeNull();
  });
});

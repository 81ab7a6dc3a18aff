import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAttempts } from '../../drizzle/schema';
import { THROTTLE } from '../../schema/domain/throttle';
import { DEMO_PASSWORD, startServer, type TestServer } from '../setup/server';

// Sign-in throttling (OWASP): attempts counted atomically before the password is checked,
// exponential delay per account, a limit per client address, X-Forwarded-For only from TRUST_PROXY.
let s: TestServer;
let direct: TestServer;
beforeAll(async () => {
  s = await startServer({ trustProxy: 'loopback' });
  direct = await startServer();
});
afterAll(async () => {
  await s.close();
  await direct.close();
});

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) {
  __typename ... on Error { message } ... on TooManyAttemptsError { retryAfterSeconds } } }`;

async function signIn(server: TestServer, email: string, password: string, forwardedFor?: string) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ query: SIGN_IN, variables: { input: { email, password } } }),
  });
  return (await res.json()).data.signIn as { __typename: string; message: string; retryAfterSeconds?: number };
}

const checked = (server: TestServer, email: string) =>
  server.db.$count(signInAttempts, and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false)));

describe('per-account throttling', () => {
  it('twelve wrong passwords in parallel: only the first five are checked', async () => {
    const email = 'linkworker2@demo.test';
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(s, email, `wrong-${i}`, '198.51.100.1')),
    );
    const kinds = results.map((r) => r?.__typename);
    expect(kinds.filter((k) => k === 'InvalidCredentialsError')).toHaveLength(THROTTLE.freeFailures + 1);
    expect(kinds.filter((k) => k === 'TooManyAttemptsError')).toHaveLength(12 - THROTTLE.freeFailures - 1);
    expect(await checked(s, email)).toBe(THROTTLE.freeFailures + 1);
  });

  it('the right password waits out the short delay, other accounts are unaffected', async () => {
    const limited = await signIn(s, 'linkworker2@demo.test', DEMO_PASSWORD, '198.51.100.1');
    expect(limited.__typename).toBe('TooManyAttemptsError');
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(THROTTLE.baseDelayMs / 1000);
    expect((await signIn(s, 'provider2@demo.test', DEMO_PASSWORD, '198.51.100.1')).__typename).toBe('SignInSuccess');
  });
});

describe('per-address limit and TRUST_PROXY', () => {
  it('refuses an address after its failures, not everyone behind the same proxy', async () => {
    const attacker = '203.0.113.7';
    const guesses = await Promise.all(
      Array.from({ length: THROTTLE.addressFailures }, (_, i) =>
        signIn(s, `nobody-${i}@example.org`, 'guess', attacker),
      ),
    );
    expect(guesses.every((g) => g.__typename === 'InvalidCredentialsError')).toBe(true);
    const blocked = await signIn(s, 'commissioner@demo.test', DEMO_PASSWORD, attacker);
    expect(blocked.__typename).toBe('TooManyAttemptsError');
    expect(blocked.retryAfterSeconds).toBeGreaterThan(60);
    // Another client behind the same (trusted) proxy is unaffected.
    expect((await signIn(s, 'commissioner@demo.test', DEMO_PASSWORD, '203.0.113.8')).__typename).toBe('SignInSuccess');
    // The address recorded is the forwarded one, taken right to left up to the first untrusted hop.
    await signIn(s, 'who@example.org', 'x', '10.9.9.9, 203.0.113.9');
    const [row] = await s.db.select().from(signInAttempts).where(eq(signInAttempts.email, 'who@example.org'));
    expect(row!.address).toBe('203.0.113.9');
  });

  it('an IPv6 client’s whole /64 shares one limit; the next /64 and IPv4 clients do not', async () => {
    // One home or server holds 2^64 addresses: counted apart, each would start afresh.
    const guesses = await Promise.all(
      Array.from({ length: THROTTLE.addressFailures }, (_, i) =>
        signIn(s, `v6-${i}@example.org`, 'guess', `2001:db8:1:2::${(i + 1).toString(16)}`),
      ),
    );
    expect(guesses.every((g) => g.__typename === 'InvalidCredentialsError')).toBe(true);
    for (const neighbour of ['2001:db8:1:2::ffff', '2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd']) {
      const blocked = await signIn(s, 'districtlead@demo.test', DEMO_PASSWORD, neighbour);
      expect(blocked.__typename, neighbour).toBe('TooManyAttemptsError');
    }
    expect((await signIn(s, 'districtlead@demo.test', DEMO_PASSWORD, '2001:db8:1:3::1')).__typename).toBe(
      'SignInSuccess',
    );
    expect((await signIn(s, 'districtlead@demo.test', DEMO_PASSWORD, '::ffff:198.51.100.20')).__typename).toBe(
      'SignInSuccess',
    );
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot choose its address', async () => {
    await signIn(direct, 'spoof@example.org', 'x', '192.0.2.55');
    const [row] = await direct.db.select().from(signInAttempts).where(eq(signInAttempts.email, 'spoof@example.org'));
    expect(row!.address).toBe('127.0.0.1');
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { THROTTLE } from '../../schema/domain/throttle';
import { DEMO_PASSWORD } from '../setup/server';
import { type Deployment, newDeployment, start } from './harness';

// TRUST_PROXY names the proxies. Express's hop count ("1") was read by proxy-addr as the address
// 0.0.0.1: nothing was trusted, every client behind the proxy shared one sign-in limit, and one
// client's failures locked everyone out. Such values are refused at start.

let deployment: Deployment;
beforeAll(async () => {
  deployment = await newDeployment();
}, 120_000);
afterAll(() => deployment.cleanup());

it('a hop count or an abbreviated address is refused with one line naming TRUST_PROXY', async () => {
  for (const value of ['1', '2', '127.1', 'loopback, 1']) {
    // A server that starts after all is stopped again, so the folder is free for the next.
    const outcome = await start(deployment, { TRUST_PROXY: value }).then(
      async (server) => {
        await server.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/^server exited with 1:/);
    expect(outcome).toMatch(/^ {2}TRUST_PROXY: .*not a hop count/m);
    expect(outcome).not.toMatch(/\n\s+at /);
  }
}, 120_000);

it('with the proxy named, the sign-in limit is each forwarded client’s own', async () => {
  const server = await start(deployment, { TRUST_PROXY: '127.0.0.1' });
  const signIn = async (email: string, password: string, forwardedFor: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({
        query: 'mutation($i: SignInInput!) { signIn(input: $i) { __typename } }',
        variables: { i: { email, password } },
      }),
    });
    return ((await res.json()) as { data: { signIn: { __typename: string } } }).data.signIn.__typename;
  };
  try {
    const attacker = '203.0.113.66';
    const guesses = await Promise.all(
      Array.from({ length: THROTTLE.addressFailures + 1 }, (_, i) => signIn(`nobody-${i}@example.org`, 'x', attacker)),
    );
    expect(guesses.filter((g) => g === 'TooManyAttemptsError')).toHaveLength(1);
    expect(await signIn('commissioner@demo.test', DEMO_PASSWORD, '198.51.100.7')).toBe('SignInSuccess');
    expect(await signIn('provider@demo.test', DEMO_PASSWORD, attacker)).toBe('TooManyAttemptsError');
  } finally {
    await server.stop();
  }
}, 120_000);

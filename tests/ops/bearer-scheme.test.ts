import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServerProcess } from '../setup/processes';
import { type Deployment, newDeployment, signIn, start } from './harness';

// The Authorization scheme's name is case-insensitive (RFC 7235): `bearer <METRICS_TOKEN>` was
// refused with 403, and a session token sent as `bearer <token>` was read as signed out.

const METRICS_TOKEN = 'a-long-metrics-token-for-tests';
let deployment: Deployment;
let server: ServerProcess;
beforeAll(async () => {
  deployment = await newDeployment();
  // Behind a proxy on this machine, the forwarded client (not this machine) must give the token.
  server = await start(deployment, { METRICS_TOKEN, TRUST_PROXY: 'loopback' });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await deployment?.cleanup();
});

const scrape = (authorization?: string) =>
  fetch(`${server.url}/metrics`, {
    headers: { 'x-forwarded-for': '203.0.113.7', ...(authorization ? { authorization } : {}) },
  }).then((r) => r.status);

it('/metrics takes the token under any case of "Bearer", and still refuses a wrong one', async () => {
  expect(await scrape()).toBe(403);
  expect(await scrape(`Bearer ${METRICS_TOKEN}`)).toBe(200);
  expect(await scrape(`bearer ${METRICS_TOKEN}`)).toBe(200);
  expect(await scrape(`BEARER ${METRICS_TOKEN}`)).toBe(200);
  expect(await scrape(`bearer ${METRICS_TOKEN.toUpperCase()}`)).toBe(403);
  expect(await scrape(`Basic ${METRICS_TOKEN}`)).toBe(403);
});

it('a session token is read under any case of "Bearer"', async () => {
  const token = await signIn(server.url, 'linkworker@demo.test');
  const viewer = async (authorization: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    return ((await res.json()) as { data?: { viewer?: { email: string } | null } }).data?.viewer?.email ?? null;
  };
  expect(await viewer(`Bearer ${token}`)).toBe('linkworker@demo.test');
  expect(await viewer(`bearer ${token}`)).toBe('linkworker@demo.test');
  expect(await viewer(`BEARER ${token}`)).toBe('linkworker@demo.test');
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Deployment, newDeployment, start } from './harness';

// Route labels on the request metrics come from a fixed set: a client requesting paths it makes
// up (/ops/<anything>, anything else) adds no series to /metrics.

let deployment: Deployment;
beforeAll(async () => {
  deployment = await newDeployment();
}, 120_000);
afterAll(() => deployment.cleanup());

// Each series by its name and labels (its value changes with every request).
const series = (text: string) =>
  new Set(
    text
      .split('\n')
      .filter((l) => l.startsWith('portal_http_request_duration'))
      .map((l) => l.slice(0, l.lastIndexOf(' '))),
  );

it('many made-up paths add no new series', async () => {
  const server = await start(deployment);
  try {
    const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
    // One of each kind first, so the series they belong in exist.
    await fetch(`${server.url}/ops/made-up-0`);
    await fetch(`${server.url}/no-such-page-0`);
    const before = series(await scrape());
    for (let i = 1; i <= 40; i++) {
      expect((await fetch(`${server.url}/ops/made-up-${i}`)).status).toBeGreaterThanOrEqual(400);
      await fetch(`${server.url}/no-such-page-${i}`);
    }
    const text = await scrape();
    const after = series(text);
    // Only the scrape itself may have added a series (its first 200).
    const added = [...after].filter((l) => !before.has(l) && !l.includes('route="/metrics"'));
    expect(added).toEqual([]);
    expect(text).not.toMatch(/made-up/);
    expect(text).toMatch(
      /portal_http_request_duration_seconds_count\{route="ops:other",method="GET",status="\d+"\} 41/,
    );
  } finally {
    await server.stop();
  }
}, 120_000);

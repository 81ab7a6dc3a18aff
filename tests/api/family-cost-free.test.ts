import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { STANDARD_DIR } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// Audit 61 F1: an imported listing whose Open Referral cost_options say families pay (the
// standard's own service_full.json: 35 per 1 hour session) has no unit price, and "free only"
// returned it. Free is neither a unit price nor a family cost above nothing.

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  const { zone } = await createZone(s.db, 'family-cost', []);
  const paid = JSON.parse(readFileSync(`${STANDARD_DIR}/examples/service_full.json`, 'utf8'));
  const [free, zero, unstated] = generateFeed(3, { prefix: 'family-cost', brokenEvery: 1000 }).services as Json[];
  const option = (id: string, amount: number | undefined, option: string) => ({
    id,
    option,
    amount_description: 'per session',
    ...(amount === undefined ? {} : { amount }),
  });
  Object.assign(free, { name: 'Truly free group', status: 'active', cost_options: [] });
  Object.assign(zero, {
    name: 'Nothing to pay group',
    status: 'active',
    cost_options: [option('7c1e6a2e-5d7b-4b0e-9a51-2f6a3c0d1e01', 0, 'Everyone')],
  });
  Object.assign(unstated, {
    name: 'Free on benefits group',
    status: 'active',
    cost_options: [option('7c1e6a2e-5d7b-4b0e-9a51-2f6a3c0d1e02', undefined, 'Free to families on benefits')],
  });
  const summary = await runImport(s.db, memoryFeed([paid, free, zero, unstated]), {
    zoneId: zone.id,
    location: 'family-cost',
  });
  expect(summary.problems).toEqual([]);
  expect(summary).toMatchObject({ created: 4, skipped: 0 });
});
afterAll(() => s.close());

async function names(filter: Record<string, unknown>): Promise<string[]> {
  const res = await s.gql(
    `query($f: ServiceFilter) { services(first: 50, filter: $f) { totalCount edges { node { name unitPricePence } } } }`,
    { f: { zoneSlug: 'family-cost', ...filter } },
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const edges = (res.data as Json).services.edges as { node: { name: string; unitPricePence: number | null } }[];
  expect(edges.every((e) => e.node.unitPricePence === null)).toBe(true); // none has a unit price
  return edges.map((e) => e.node.name).sort();
}

describe('free only, with what families pay', () => {
  it('leaves out an imported listing families pay for, and keeps the free ones', async () => {
    expect(await names({})).toEqual([
      'Community Counselling',
      'Free on benefits group',
      'Nothing to pay group',
      'Truly free group',
    ]);
    expect(await names({ freeOnly: true })).toEqual([
      'Free on benefits group',
      'Nothing to pay group',
      'Truly free group',
    ]);
  });
});

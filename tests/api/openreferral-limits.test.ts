import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { globalId, startServer, type TestServer } from '../setup/server';

// An imported listing holds no more than a provider's form lets them type: a record whose name,
// description or eligibility is longer is skipped with the reason (not cut short, not kept whole),
// and the longest that imports is also the longest the form saves, so a claimed listing can be edited.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK records are read dynamically.
type Json = any;

describe('importing text longer than a listing holds', () => {
  const feed = generateFeed(6, { prefix: 'limits', brokenEvery: 1000 }).services as Json[];

  it('skips each over-long record with the field and both lengths; the longest allowed import whole', async () => {
    const { zone } = await createZone(s.db, 'limits-import', []);
    const records = [
      { ...structuredClone(feed[0]), name: 'X'.repeat(2_000_000) },
      { ...structuredClone(feed[1]), description: 'Y'.repeat(8001) },
      { ...structuredClone(feed[2]), eligibility_description: 'Z'.repeat(2001) },
      { ...structuredClone(feed[3]), name: `${'N'.repeat(100)}\n${'M'.repeat(99)}` },
      { ...structuredClone(feed[4]), description: 'D'.repeat(8000), eligibility_description: 'E'.repeat(2000) },
    ];
    const summary = await runImport(s.db, memoryFeed(records), { zoneId: zone.id, location: 'limits' });
    expect(summary).toMatchObject({ created: 2, skipped: 3 });
    expect(summary.problems).toEqual([
      { id: feed[0].id, reason: "name is 2,000,000 characters long; a listing's is at most 200" },
      { id: feed[1].id, reason: "description is 8,001 characters long; a listing's is at most 8,000" },
      { id: feed[2].id, reason: "eligibility_description is 2,001 characters long; a listing's is at most 2,000" },
    ]);
    const kept = await s.db
      .select({ name: services.name, description: services.description, eligibility: services.eligibility })
      .from(services)
      .where(eq(services.zoneId, zone.id))
      .orderBy(services.externalId);
    const [oneLine, longest] = feed[3].id < feed[4].id ? kept : [kept[1], kept[0]];
    // The line break in a name is a space: a name is one line, as the form keeps it.
    expect(oneLine!.name).toBe(`${'N'.repeat(100)} ${'M'.repeat(99)}`);
    expect([longest!.description.length, longest!.eligibility.length]).toEqual([8000, 2000]);
  });
});

describe('the form’s limits are the import’s', () => {
  const CREATE = `mutation($input: CreateServiceInput!) { createService(input: $input) { __typename
    ... on ValidationError { fieldErrors { path message } } } }`;
  const input = async (name: string, description: string) => {
    const [cat] = await s.db.select().from(categories).where(eq(categories.slug, 'counselling'));
    return {
      name,
      description,
      categoryIds: [globalId('Category', cat!.id)],
      minAge: 5,
      maxAge: 11,
      deliveryModes: ['ONLINE'],
      commissionable: false,
      evidenceLevel: 'NONE',
    };
  };

  it('saves a 200-character name and an 8,000-character description, and refuses one more', async () => {
    const provider = await s.signIn('provider@demo.test');
    const ok = await s.gql(CREATE, { input: await input('N'.repeat(200), 'D'.repeat(8000)) }, provider);
    expect(ok.data.createService.__typename).toBe('CreateServiceSuccess');
    const long = await s.gql(CREATE, { input: await input('N'.repeat(201), 'D'.repeat(8001)) }, provider);
    expect(long.data.createService.fieldErrors).toEqual([
      { path: ['input', 'name'], message: 'The service name must be 200 characters or fewer' },
      { path: ['input', 'description'], message: 'The description must be 8000 characters or fewer' },
    ]);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories, services } from '../../drizzle/schema';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 60: a postcode the API could not place came back alone, and a rule across fields (ages,
// the venue) only once every field parsed, so a provider fixed a listing in waves. One answer now.

let s: TestServer;
let categoryId: string;
beforeAll(async () => {
  s = await startServer();
  const [cat] = await s.db.select().from(categories).where(eq(categories.slug, 'counselling'));
  categoryId = globalId('Category', cat!.id);
});
afterAll(() => s.close());

const RESULT = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) {
  __typename
  ... on ValidationError { fieldErrors { path message } }
} }`;
const CREATE = RESULT('createService', 'CreateServiceInput');
const UPDATE = RESULT('updateService', 'UpdateServiceInput');
const unknownPlace = [{ name: 'Nowhere hall', address: '1 Nowhere Road', postcode: 'ZZ9 9ZZ' }];
const path = (...p: string[]) => ['input', ...p];

describe('a listing’s errors come back together', () => {
  it('on create: the unknown postcode with the field and cross-field errors, nothing saved', async () => {
    const token = await s.signIn('provider@demo.test');
    const before = await s.db.$count(services);
    const res = await s.gql(
      CREATE,
      {
        input: {
          name: 'Errors at once',
          description: 'Checks that every problem comes back in one answer.',
          categoryIds: [categoryId],
          minAge: 12,
          maxAge: 5,
          deliveryModes: ['COMMUNITY_VENUE'],
          unitPricePence: 4500,
          unitName: 'session',
          commissionable: true,
          referralLeadTimeDays: -2,
          contactEmail: 'bad@',
          website: 'javascript:alert(1)',
          locations: unknownPlace,
        },
      },
      token,
    );
    expect(res.data.createService.__typename).toBe('ValidationError');
    expect(res.data.createService.fieldErrors).toEqual([
      { path: path('referralLeadTimeDays'), message: 'Lead time cannot be negative' },
      { path: path('contactEmail'), message: expect.stringMatching(/like name@example.org/) },
      { path: path('website'), message: expect.stringMatching(/starting https/) },
      { path: path('maxAge'), message: 'Maximum age must be the same as or more than the minimum age' },
      { path: path('locations', '0', 'postcode'), message: expect.stringMatching(/do not know this postcode/) },
    ]);
    expect(await s.db.$count(services)).toBe(before);
  });

  it('on update: the unknown postcode with the other errors, nothing changed', async () => {
    const token = await s.signIn('provider@demo.test');
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const res = await s.gql(
      UPDATE,
      { input: { serviceId: globalId('Service', svc!.id), name: ' ', capacity: -1, locations: unknownPlace } },
      token,
    );
    expect(res.data.updateService.fieldErrors).toEqual([
      { path: path('name'), message: 'Enter the service name' },
      { path: path('capacity'), message: 'Capacity cannot be negative' },
      { path: path('locations', '0', 'postcode'), message: expect.stringMatching(/do not know this postcode/) },
    ]);
    const [after] = await s.db.select().from(services).where(eq(services.id, svc!.id));
    expect(after).toEqual(svc);
  });

  it('more venues than a listing may have: refused as sent, no postcode looked up for any', async () => {
    // Audit 64: 18,000 venues were each placed from its postcode before the limit was checked,
    // holding every other request for 48 s. The statements must not grow with the venues sent.
    const token = await s.signIn('provider@demo.test');
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const venues = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `Hall ${i}`, address: `${i} High Street`, postcode: 'SE6 4RU' }));
    const update = (n: number) =>
      s.gql(UPDATE, { input: { serviceId: globalId('Service', svc!.id), locations: venues(n) } }, token);
    const [some, many] = [await update(21), await update(400)];
    for (const res of [some, many])
      expect(res.data.updateService.fieldErrors).toEqual([
        { path: path('locations'), message: 'At most 20 locations' },
      ]);
    expect(many.statements).toBe(some.statements);
    const [after] = await s.db.select().from(services).where(eq(services.id, svc!.id));
    expect(after).toEqual(svc);
  });

  it('no venue is said with the other missing fields, not after them', async () => {
    const token = await s.signIn('provider@demo.test');
    const res = await s.gql(
      CREATE,
      {
        input: {
          name: '',
          description: '',
          categoryIds: [],
          minAge: 0,
          maxAge: 18,
          deliveryModes: [],
          unitPricePence: 4500,
          unitName: 'session',
          commissionable: true,
          locations: [],
        },
      },
      token,
    );
    expect(res.data.createService.fieldErrors.map((e: { path: string[] }) => e.path.at(-1))).toEqual([
      'name',
      'description',
      'categoryIds',
      'deliveryModes',
      'locations',
    ]);
  });
});

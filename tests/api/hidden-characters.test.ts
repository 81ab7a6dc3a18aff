import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories, commissions, organisations, services } from '../../drizzle/schema';
import { freeChildren, raiseMutation, serviceId, snapshot } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit finding F1: hidden control characters (C0/C1 controls, DEL, bidirectional overrides and
// isolates) in text people write are refused with a ValidationError naming the field, and nothing
// is written; right-to-left writing and its direction marks still go in.
let s: TestServer;
let listing: Record<string, unknown>;
beforeAll(async () => {
  s = await startServer();
  const [cat] = await s.db.select().from(categories).where(eq(categories.slug, 'counselling'));
  listing = {
    name: 'Teen talk sessions',
    description: 'Counselling for teenagers in Catford.',
    categoryIds: [globalId('Category', cat!.id)],
    minAge: 12,
    maxAge: 18,
    deliveryModes: ['ONLINE'],
    commissionable: false,
  };
});
afterAll(() => s.close());

const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const CREATE = `mutation($input: CreateServiceInput!) { createService(input: $input) {
  ${RESULT} ... on CreateServiceSuccess { service { id name } } } }`;
const UPDATE_ORG = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { ${RESULT} } }`;

const RLO = '\u202E';
const ESC = '\u001B';
const CSI = '\u009B'; // a C1 control

describe('text with hidden control characters is refused, naming the field', () => {
  it('a listing name with a right-to-left override: refused, no listing written', async () => {
    const token = await s.signIn('provider@demo.test');
    const before = await s.db.$count(services);
    const res = await s.gql(CREATE, { input: { ...listing, name: `Teen talk ${RLO}txt.exe` } }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.createService).toEqual({
      __typename: 'ValidationError',
      message: 'Remove the hidden control characters from the name',
      fieldErrors: [{ path: ['input', 'name'], message: 'Remove the hidden control characters from the name' }],
    });
    expect(await s.db.$count(services)).toBe(before);
  });

  it('a listing description with ESC: refused, no listing written', async () => {
    const token = await s.signIn('provider@demo.test');
    const before = await s.db.$count(services);
    const res = await s.gql(CREATE, { input: { ...listing, description: `Ring us ${ESC}[31m today` } }, token);
    expect(res.data.createService).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [
        { path: ['input', 'description'], message: 'Remove the hidden control characters from the description' },
      ],
    });
    expect(await s.db.$count(services)).toBe(before);
  });

  it('an organisation description with a directional isolate: refused, unchanged', async () => {
    const token = await s.signIn('provider@demo.test');
    const [before] = await s.db.select().from(organisations).where(eq(organisations.name, 'Riverside Family Therapy'));
    const res = await s.gql(UPDATE_ORG, { input: { description: `We help \u2066families\u2069.` } }, token);
    expect(res.data.updateOrganisation).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'description'] }],
    });
    const [after] = await s.db.select().from(organisations).where(eq(organisations.id, before!.id));
    expect(after!.description).toBe(before!.description);
  });

  it('a commission rationale with a C1 control: refused, nothing raised or reserved', async () => {
    const [child] = await freeChildren(s.db, 'linkworker@demo.test');
    const token = await s.signIn('linkworker@demo.test');
    const before = await snapshot(s.db);
    const commissionsBefore = await s.db.$count(commissions);
    const res = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', child!.id),
          serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')),
          units: 1,
          rationale: `Agreed at the review${CSI}2J`,
          idempotencyKey: 'hidden-characters-1',
        },
      },
      token,
    );
    expect(res.data.raiseCommission).toMatchObject({
      __typename: 'ValidationError',
      message: 'Remove the hidden control characters from the rationale',
      fieldErrors: [{ path: ['input', 'rationale'] }],
    });
    expect(await s.db.$count(commissions)).toBe(commissionsBefore);
    expect(await snapshot(s.db)).toEqual(before);
  });
});

describe('right-to-left writing still goes in', () => {
  it('an Urdu and Arabic name with right-to-left marks is saved as written', async () => {
    const token = await s.signIn('provider@demo.test');
    // Urdu, a right-to-left mark (U+200F) and an Arabic letter mark (U+061C), then Arabic.
    const name = 'خاندانی مشاورت\u200F مرکز \u061Cالأسرة';
    const description = 'ہم خاندانوں کی مدد کرتے ہیں\u200E (Catford).';
    const res = await s.gql(CREATE, { input: { ...listing, name, description } }, token);
    expect(res.data.createService).toMatchObject({ __typename: 'CreateServiceSuccess', service: { name } });
    const [row] = await s.db.select().from(services).where(eq(services.name, name));
    expect(row!.description).toBe(description);
  });
});

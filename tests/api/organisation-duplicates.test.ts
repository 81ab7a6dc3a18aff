import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailOutbox, organisationRequests, organisations, signInThrottles, users } from '../../drizzle/schema';
import { joinInput } from '../setup/join-requests';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 38 F2: a request to join for an organisation already in the directory, or whose contact
// already has an account, must not become a second organisation that nobody can manage.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
}, 60_000);
afterAll(() => s.close());
beforeEach(async () => {
  await s.db.delete(signInThrottles);
});

const REQUEST = `mutation($input: RequestToJoinInput!) { requestToJoin(input: $input) {
  __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const DECIDE = `mutation($input: DecideOrganisationRequestInput!) { decideOrganisationRequest(input: $input) {
  __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;

/** Everything a refused request or approval must leave as it was. */
const counts = async () => ({
  requests: await s.db.$count(organisationRequests),
  organisations: await s.db.$count(organisations),
  users: await s.db.$count(users),
  mail: await s.db.$count(emailOutbox),
});

async function listed() {
  const [org] = await s.db.select().from(organisations).where(eq(organisations.zoneId, 1)).limit(1);
  return org!;
}

describe('asking to join for an organisation already listed', () => {
  it('the same name, whatever its case and spaces, is a field error telling them to ask its staff', async () => {
    const org = await listed();
    const before = await counts();
    const name = `  ${org.name.toUpperCase().split(' ').join('   ')} `;
    const res = await s.gql(REQUEST, { input: joinInput({ name }) });
    expect(res.status).toBe(200);
    expect(res.data.requestToJoin.fieldErrors).toEqual([
      {
        path: ['input', 'name'],
        message: 'An organisation with this name is already in the directory: ask its staff to invite you',
      },
    ]);
    expect(await counts()).toEqual(before);
    // Another zone's directory is not this one.
    const other = await s.gql(REQUEST, { input: joinInput({ name: org.name, zoneSlug: 'other' }) });
    expect(other.data.requestToJoin.__typename).toBe('RequestToJoinSuccess');
  });

  it('the same company number is a field error too', async () => {
    const org = await listed();
    await s.db.update(organisations).set({ companyNumber: 'AB123456' }).where(eq(organisations.id, org.id));
    const before = await counts();
    const res = await s.gql(REQUEST, { input: joinInput({ companyNumber: 'ab123456' }) });
    expect(res.data.requestToJoin.fieldErrors).toEqual([
      {
        path: ['input', 'companyNumber'],
        message: 'An organisation with this number is already in the directory: ask its staff to invite you',
      },
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('approving a request', () => {
  async function pending(over: Record<string, unknown> = {}) {
    const input = joinInput(over);
    expect((await s.gql(REQUEST, { input })).data.requestToJoin.__typename).toBe('RequestToJoinSuccess');
    const [row] = await s.db
      .select()
      .from(organisationRequests)
      .where(eq(organisationRequests.contactEmail, input.contactEmail));
    return { input, id: globalId('OrganisationRequest', row!.id), rowId: row!.id };
  }
  const status = async (rowId: number) =>
    (await s.db.select().from(organisationRequests).where(eq(organisationRequests.id, rowId)))[0]!.status;

  it('is refused when an organisation of that name was listed since; nothing is written', async () => {
    const { input, id, rowId } = await pending();
    const admin = await s.signIn('admin@demo.test');
    await s.db
      .update(organisations)
      .set({ name: input.name.toLowerCase() })
      .where(eq(organisations.id, (await listed()).id));
    const before = await counts();
    const res = await s.gql(DECIDE, { input: { requestId: id, approve: true } }, admin);
    expect(res.status).toBe(200);
    expect(res.data.decideOrganisationRequest.fieldErrors).toEqual([
      {
        path: ['input', 'requestId'],
        message:
          'An organisation with this name is already in the directory (listed since this request was made): decline it, and tell them to ask its staff to invite them',
      },
    ]);
    expect(await counts()).toEqual(before);
    expect(await status(rowId)).toBe('PENDING');
    // It can still be declined.
    const declined = await s.gql(
      DECIDE,
      { input: { requestId: id, approve: false, reason: 'Already listed: ask its staff to invite you' } },
      admin,
    );
    expect(declined.data.decideOrganisationRequest.__typename).toBe('DecideOrganisationRequestSuccess');
  });

  it('is refused when the contact already has an account (with another organisation); nothing is written', async () => {
    const { id, rowId } = await pending({ contactEmail: 'provider@demo.test' });
    const admin = await s.signIn('admin@demo.test');
    const before = await counts();
    const res = await s.gql(DECIDE, { input: { requestId: id, approve: true } }, admin);
    expect(res.data.decideOrganisationRequest.fieldErrors).toEqual([
      {
        path: ['input', 'requestId'],
        message:
          'The contact already has an account with another organisation or role, so cannot be this one’s first provider: decline it and ask for another contact',
      },
    ]);
    expect(await counts()).toEqual(before);
    expect(await status(rowId)).toBe('PENDING');
  });
});

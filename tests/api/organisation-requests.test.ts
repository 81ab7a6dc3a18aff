import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  auditEvents,
  children,
  emailOutbox,
  organisationRequests,
  organisations,
  signInThrottles,
  users,
  zones,
} from '../../drizzle/schema';
import { hashPassword } from '../../schema/domain/auth';
import { type EmailData, renderEmail } from '../../schema/domain/email';
import { FORM_THROTTLE } from '../../schema/domain/form-throttle';
import { joinInput } from '../setup/join-requests';
import { freeChildren, raiseMutation, serviceId } from '../setup/money';
import { DEMO_PASSWORD, globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 3: organisations ask to join a zone's directory; an administrator approves
// (organisation created, contact invited) or declines with a reason; providers manage their staff.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
}, 60_000);
afterAll(() => s.close());
// Every request comes from 127.0.0.1: each test starts with the address's window unused.
beforeEach(async () => {
  await s.db.delete(signInThrottles);
});

const REQUEST = `mutation($input: RequestToJoinInput!) { requestToJoin(input: $input) {
  __typename ... on RequestToJoinSuccess { received } ... on Error { message }
  ... on ValidationError { fieldErrors { path message } } ... on TooManyAttemptsError { retryAfterSeconds } } }`;
const DECIDE = `mutation($input: DecideOrganisationRequestInput!) { decideOrganisationRequest(input: $input) {
  __typename ... on DecideOrganisationRequestSuccess { request { status declineReason } }
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const CREATE = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) {
  __typename ... on CreateOrganisationSuccess { organisation { id name charityNumber } }
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const INVITE = `mutation($input: InviteColleagueInput!) { inviteColleague(input: $input) {
  __typename ... on InviteColleagueSuccess { email } ... on Error { message } } }`;
const SET_ACTIVE = `mutation($input: SetColleagueActiveInput!) { setColleagueActive(input: $input) {
  __typename ... on SetColleagueActiveSuccess { colleague { name active } }
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const LIST = '{ organisationRequests { id status name contactEmail } }';

const requestRow = (email: string) =>
  s.db
    .select()
    .from(organisationRequests)
    .where(eq(organisationRequests.contactEmail, email))
    .then((r) => r[0]!);
const mailTo = (address: string) =>
  s.db
    .select({ kind: emailOutbox.kind, data: emailOutbox.data })
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, address))
    .orderBy(emailOutbox.id);

describe('asking to join', () => {
  it('anyone can ask; the contact and the zone’s administrators are emailed; it is audited', async () => {
    const input = joinInput({ companyNumber: 'sc123456', website: 'https://riverside.example' });
    const res = await s.gql(REQUEST, { input });
    expect(res.data.requestToJoin).toEqual({ __typename: 'RequestToJoinSuccess', received: true });
    const row = await requestRow(input.contactEmail);
    expect(row).toMatchObject({ status: 'PENDING', companyNumber: 'SC123456', contactName: 'Sam Rivers' });
    expect((await mailTo(input.contactEmail)).map((m) => m.kind)).toEqual(['ORGANISATION_REQUEST_RECEIVED']);
    const [admin] = await s.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
    expect((await mailTo(admin!.email)).map((m) => m.kind)).toContain('ORGANISATION_REQUEST_NEW');
    const audited = await s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'OrganisationRequest'), eq(auditEvents.entityId, row.id)));
    expect(audited.map((a) => a.action)).toEqual(['REQUEST_TO_JOIN']);
  });

  it('checks the charity and company numbers’ format and wants one of them; nothing is written', async () => {
    const before = await s.db.$count(organisationRequests);
    const bad = await s.gql(REQUEST, { input: joinInput({ charityNumber: '12ab' }) });
    expect(bad.status).toBe(200);
    expect(bad.data.requestToJoin.fieldErrors).toEqual([
      { path: ['input', 'charityNumber'], message: 'A charity number is 6 to 8 digits, like 1123456' },
    ]);
    const company = await s.gql(REQUEST, { input: joinInput({ charityNumber: null, companyNumber: '1234' }) });
    expect(company.data.requestToJoin.fieldErrors[0].path).toEqual(['input', 'companyNumber']);
    const none = await s.gql(REQUEST, { input: joinInput({ charityNumber: null }) });
    expect(none.data.requestToJoin.fieldErrors).toEqual([
      { path: ['input', 'charityNumber'], message: 'Enter a charity number or a company number' },
    ]);
    const email = await s.gql(REQUEST, { input: joinInput({ contactEmail: 'not-an-address' }) });
    expect(email.data.requestToJoin.fieldErrors[0].path).toEqual(['input', 'contactEmail']);
    const zone = await s.gql(REQUEST, { input: joinInput({ zoneSlug: 'nowhere' }) });
    expect(zone.data.requestToJoin.fieldErrors[0].path).toEqual(['input', 'zoneSlug']);
    expect(await s.db.$count(organisationRequests)).toBe(before);
  });

  it('refuses a second pending request with the same charity number or contact address', async () => {
    const first = joinInput();
    expect((await s.gql(REQUEST, { input: first })).data.requestToJoin.__typename).toBe('RequestToJoinSuccess');
    const before = await s.db.$count(organisationRequests);
    const sameNumber = await s.gql(REQUEST, { input: joinInput({ charityNumber: first.charityNumber }) });
    expect(sameNumber.data.requestToJoin.fieldErrors).toEqual([
      {
        path: ['input', 'charityNumber'],
        message: 'A request to join with these details is already waiting for a decision',
      },
    ]);
    const sameEmail = await s.gql(REQUEST, { input: joinInput({ contactEmail: first.contactEmail.toUpperCase() }) });
    expect(sameEmail.data.requestToJoin.fieldErrors[0].path).toEqual(['input', 'contactEmail']);
    expect(await s.db.$count(organisationRequests)).toBe(before);
    // Another partnership may receive the same organisation's request.
    const other = await s.gql(REQUEST, { input: { ...first, zoneSlug: 'other' } });
    expect(other.data.requestToJoin.__typename).toBe('RequestToJoinSuccess');
  });

  it('refuses a number already in the directory', async () => {
    const [listed] = await s.db.select().from(organisations).where(eq(organisations.zoneId, 1)).limit(1);
    await s.db.update(organisations).set({ charityNumber: '7654321' }).where(eq(organisations.id, listed!.id));
    const res = await s.gql(REQUEST, { input: joinInput({ charityNumber: '7654321' }) });
    expect(res.data.requestToJoin.fieldErrors).toEqual([
      {
        path: ['input', 'charityNumber'],
        message: 'An organisation with this number is already in the directory: ask its staff to invite you',
      },
    ]);
  });

  it('is throttled per client address: a typed error, nothing written, once the window is used', async () => {
    for (let i = 0; i < FORM_THROTTLE.perWindow; i++) {
      expect((await s.gql(REQUEST, { input: joinInput() })).data.requestToJoin.__typename).toBe('RequestToJoinSuccess');
    }
    const before = await s.db.$count(organisationRequests);
    const res = await s.gql(REQUEST, { input: joinInput() });
    expect(res.status).toBe(200);
    expect(res.data.requestToJoin.__typename).toBe('TooManyAttemptsError');
    expect(res.data.requestToJoin.message).toMatch(/^Too many requests from your connection/);
    expect(res.data.requestToJoin.retryAfterSeconds).toBeGreaterThan(0);
    expect(await s.db.$count(organisationRequests)).toBe(before);
  });

  it('a refused form does not use up the window: someone correcting mistakes can still send', async () => {
    for (let i = 0; i < FORM_THROTTLE.perWindow + 2; i++) {
      const typo = await s.gql(REQUEST, { input: joinInput({ charityNumber: null }) });
      expect(typo.data.requestToJoin.__typename).toBe('ValidationError');
    }
    for (let i = 0; i < FORM_THROTTLE.perWindow; i++) {
      expect((await s.gql(REQUEST, { input: joinInput() })).data.requestToJoin.__typename).toBe('RequestToJoinSuccess');
    }
  });
});

describe('deciding a request', () => {
  async function pending() {
    const input = joinInput();
    await s.gql(REQUEST, { input });
    const row = await requestRow(input.contactEmail);
    return { input, row, id: globalId('OrganisationRequest', row.id) };
  }

  it('only the zone’s administrators see requests and decide them', async () => {
    const { id } = await pending();
    for (const who of ['linkworker@demo.test', 'provider@demo.test', 'commissioner@demo.test']) {
      const token = await s.signIn(who);
      const res = await s.gql(DECIDE, { input: { requestId: id, approve: true } }, token);
      expect(res.data.decideOrganisationRequest.__typename).toBe('ForbiddenError');
      expect((await s.gql(LIST, {}, token)).data?.organisationRequests ?? null).toBeNull();
    }
    const anonymous = await s.gql(DECIDE, { input: { requestId: id, approve: true } });
    // Signed out: refused before the input is read (see mutation-access.ts).
    expect(anonymous.data?.decideOrganisationRequest ?? null).toBeNull();
    expect(anonymous.errors?.length).toBe(1);
    const admin = await s.signIn('admin@demo.test');
    const list = (await s.gql(LIST, {}, admin)).data.organisationRequests;
    expect(list.some((r: { id: string }) => r.id === id)).toBe(true);
    // Another zone's request is not theirs.
    const other = joinInput({ zoneSlug: 'other' });
    await s.gql(REQUEST, { input: other });
    const otherId = globalId('OrganisationRequest', (await requestRow(other.contactEmail)).id);
    expect(list.some((r: { id: string }) => r.id === otherId)).toBe(false);
    const res = await s.gql(DECIDE, { input: { requestId: otherId, approve: true } }, admin);
    expect(res.data.decideOrganisationRequest.__typename).toBe('NotFoundError');
    expect((await requestRow(other.contactEmail)).status).toBe('PENDING');
  });

  it('approval creates the organisation, invites the contact as its provider and emails them', async () => {
    const { input, row, id } = await pending();
    const admin = await s.signIn('admin@demo.test');
    const res = await s.gql(DECIDE, { input: { requestId: id, approve: true } }, admin);
    expect(res.data.decideOrganisationRequest).toEqual({
      __typename: 'DecideOrganisationRequestSuccess',
      request: { status: 'APPROVED', declineReason: null },
    });
    const decided = await requestRow(input.contactEmail);
    const [org] = await s.db.select().from(organisations).where(eq(organisations.id, decided.organisationId!));
    expect(org).toMatchObject({ name: input.name, charityNumber: input.charityNumber, zoneId: row.zoneId });
    const [contact] = await s.db.select().from(users).where(eq(users.email, input.contactEmail));
    expect(contact).toMatchObject({ role: 'PROVIDER', organisationId: org!.id, name: 'Sam Rivers' });
    expect((await mailTo(input.contactEmail)).map((m) => m.kind)).toEqual([
      'ORGANISATION_REQUEST_RECEIVED',
      'INVITATION',
      'ORGANISATION_REQUEST_APPROVED',
    ]);
    const again = await s.gql(DECIDE, { input: { requestId: id, approve: false, reason: 'Changed my mind' } }, admin);
    expect(again.data.decideOrganisationRequest.fieldErrors).toEqual([
      { path: ['input', 'requestId'], message: 'This request was already approved' },
    ]);
  });

  it('declining needs a reason, which the requester is emailed; nothing is created', async () => {
    const { input, id } = await pending();
    const admin = await s.signIn('admin@demo.test');
    const orgs = await s.db.$count(organisations);
    const noReason = await s.gql(DECIDE, { input: { requestId: id, approve: false } }, admin);
    expect(noReason.data.decideOrganisationRequest.fieldErrors[0].path).toEqual(['input', 'reason']);
    expect((await requestRow(input.contactEmail)).status).toBe('PENDING');
    const reason = 'We only list services working with children in the borough';
    const res = await s.gql(DECIDE, { input: { requestId: id, approve: false, reason } }, admin);
    expect(res.data.decideOrganisationRequest.request).toEqual({ status: 'DECLINED', declineReason: reason });
    expect(await s.db.$count(organisations)).toBe(orgs);
    expect(await s.db.$count(users, eq(users.email, input.contactEmail))).toBe(0);
    const mails = await mailTo(input.contactEmail);
    expect(mails.map((m) => m.kind)).toEqual(['ORGANISATION_REQUEST_RECEIVED', 'ORGANISATION_REQUEST_DECLINED']);
    expect(mails[1]!.data).toEqual({ path: '/', reason });
    // Declined: the organisation may ask again.
    const retry = await s.gql(REQUEST, { input: { ...input } });
    expect(retry.data.requestToJoin.__typename).toBe('RequestToJoinSuccess');
  });

  it('a decline’s reason is emailed without a child’s name or reference, kept as typed for administrators', async () => {
    const { input, id } = await pending();
    const admin = await s.signIn('admin@demo.test');
    const [zone] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    const [child] = await s.db.select().from(children).where(eq(children.zoneId, zone!.id)).limit(1);
    const reason = `Not for ${child!.firstName} ${child!.lastName} (${child!.reference}): we list organisations only`;
    const res = await s.gql(DECIDE, { input: { requestId: id, approve: false, reason } }, admin);
    expect(res.data.decideOrganisationRequest.request).toEqual({ status: 'DECLINED', declineReason: reason });
    const mails = await mailTo(input.contactEmail);
    expect(mails.at(-1)!.data).toEqual({
      path: '/',
      reason: 'Not for [name] [name] [reference] we list organisations only',
    });
  });

  it('a decline’s reason is emailed without a child’s name or reference written another way (audit 65)', async () => {
    const { input, id } = await pending();
    const admin = await s.signIn('admin@demo.test');
    const [zone] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    const [child] = await s.db.select().from(children).where(eq(children.zoneId, zone!.id)).limit(1);
    const [first, last] = [child!.firstName!, child!.lastName!];
    const reason = `Not for ${(first + last).toLowerCase()} or ${first}2 (${child!.reference.replace('-', '')}): ask the ${last}s`;
    await s.gql(DECIDE, { input: { requestId: id, approve: false, reason } }, admin);
    const mails = await mailTo(input.contactEmail);
    expect(mails.at(-1)!.data).toEqual({ path: '/', reason: 'Not for [name] or [name] ([reference]): ask the [name]' });
  });
});

describe('administrators create organisations', () => {
  it('an admin adds one to their own zone; other roles cannot', async () => {
    const input = { kind: 'CHARITY', name: 'Northside Play Association', charityNumber: '2233445' };
    const kinds = (await s.gql('{ __type(name: "OrganisationKind") { enumValues { name } } }')).data.__type.enumValues;
    input.kind = kinds[0].name;
    const provider = await s.signIn('provider@demo.test');
    expect((await s.gql(CREATE, { input }, provider)).data.createOrganisation.__typename).toBe('ForbiddenError');
    const admin = await s.signIn('admin@demo.test');
    const res = await s.gql(CREATE, { input }, admin);
    expect(res.data.createOrganisation.organisation).toMatchObject({ name: input.name, charityNumber: '2233445' });
    const again = await s.gql(CREATE, { input: { ...input, name: 'Copy' } }, admin);
    expect(again.data.createOrganisation.fieldErrors[0].path).toEqual(['input', 'charityNumber']);
  });
});

describe('an organisation’s own staff list', () => {
  const STAFF = '{ organisationStaff { id name email active } }';

  it('a provider sees and invites colleagues of their own organisation only', async () => {
    const provider = await s.signIn('provider@demo.test');
    const [me] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
    const staff = (await s.gql(STAFF, {}, provider)).data.organisationStaff;
    const orgStaff = await s.db.select().from(users).where(eq(users.organisationId, me!.organisationId!));
    expect(staff.map((u: { email: string }) => u.email).sort()).toEqual(orgStaff.map((u) => u.email).sort());
    // A one-letter name is refused by what it lacks (audit 60: it said "Enter the person’s name").
    const short = await s.gql(INVITE, { input: { name: 'X', email: 'jo.new@provider.example' } }, provider);
    expect(short.data.inviteColleague).toEqual({
      __typename: 'ValidationError',
      message: 'Enter the person’s name, at least 2 characters',
    });
    const res = await s.gql(INVITE, { input: { name: 'Jo New', email: 'jo.new@provider.example' } }, provider);
    expect(res.data.inviteColleague).toEqual({
      __typename: 'InviteColleagueSuccess',
      email: 'jo.new@provider.example',
    });
    const [jo] = await s.db.select().from(users).where(eq(users.email, 'jo.new@provider.example'));
    expect(jo).toMatchObject({ role: 'PROVIDER', organisationId: me!.organisationId });
    const mails = await mailTo('jo.new@provider.example');
    expect(mails.map((m) => m.kind)).toEqual(['INVITATION']);
    // Audit (issue 14) item 4: a provider invited them, so the email must not say an administrator did.
    const { text } = renderEmail('INVITATION', mails[0]!.data as EmailData, 'http://portal.test');
    expect(text).toContain('You have been given an account on the partnership portal.');
    expect(text).not.toMatch(/administrator/i);
    for (const who of ['linkworker@demo.test', 'admin@demo.test', 'commissioner@demo.test']) {
      const token = await s.signIn(who);
      const refused = await s.gql(
        INVITE,
        { input: { name: 'X Y', email: `x.${who.split('@')[0]}@example.org` } },
        token,
      );
      expect(refused.data.inviteColleague.__typename).toBe('ForbiddenError');
      expect((await s.gql(STAFF, {}, token)).data?.organisationStaff ?? null).toBeNull();
    }
  });

  it('a provider inviting an address that has an account, anywhere, changes nothing; the address is told, as by inviteUser', async () => {
    const provider = await s.signIn('provider@demo.test');
    const taken = ['commissioner@other.test', 'commissioner@demo.test', 'linkworker@demo.test'];
    const before = await s.db.select().from(users).where(inArray(users.email, taken));
    for (const email of taken) {
      const mailed = (await mailTo(email)).length;
      const res = await s.gql(INVITE, { input: { name: 'Not Them', email } }, provider);
      expect(res.data.inviteColleague).toEqual({ __typename: 'InviteColleagueSuccess', email });
      const mails = await mailTo(email);
      expect(mails).toHaveLength(mailed + 1);
      expect(mails.at(-1)).toEqual({ kind: 'INVITATION_EXISTING', data: { path: '/sign-in' } });
    }
    expect(await s.db.select().from(users).where(inArray(users.email, taken))).toEqual(before);
  });

  it('a colleague invited but not yet in gets none of the organisation’s emails; once in, they do', async () => {
    const provider = await s.signIn('provider@demo.test');
    const address = 'pending.colleague@provider.example';
    await s.gql(INVITE, { input: { name: 'Pat Pending', email: address } }, provider);
    const linkWorker = await s.signIn('linkworker@demo.test');
    const therapy = globalId('Service', await serviceId(s.db, 'Family therapy sessions'));
    const raise = async (key: string) => {
      const [child] = await freeChildren(s.db, 'linkworker@demo.test');
      const input = {
        childId: globalId('Child', child!.id),
        serviceId: therapy,
        units: 2,
        rationale: 'Agreed at the family review.',
      };
      const res = await s.gql(raiseMutation, { input: { ...input, idempotencyKey: key } }, linkWorker);
      expect(res.data.raiseCommission).toMatchObject({ commission: { status: 'APPROVED' } });
    };
    const toProvider = (await mailTo('provider@demo.test')).length;
    await raise('pending-colleague-1');
    expect((await mailTo('provider@demo.test')).length).toBeGreaterThan(toProvider);
    const invited = await mailTo(address);
    expect(invited.map((m) => m.kind)).toEqual(['INVITATION']);

    const token = new URLSearchParams(String(invited[0]!.data.path).split('?')[1]).get('token');
    const set = await s.gql(`mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { __typename } }`, {
      input: { token, newPassword: 'pats own passphrase' },
    });
    expect(set.data.resetPassword.__typename).toBe('ResetPasswordSuccess');
    await raise('pending-colleague-2');
    expect((await mailTo(address)).map((m) => m.kind)).toEqual(['INVITATION', 'COMMISSION_APPROVED']);
  });

  it('a provider deactivates and reactivates a colleague, never someone of another organisation or themself', async () => {
    const provider = await s.signIn('provider@demo.test');
    await s.gql(INVITE, { input: { name: 'Lee Colleague', email: 'lee@provider.example' } }, provider);
    const [lee] = await s.db.select().from(users).where(eq(users.email, 'lee@provider.example'));
    // Lee has set a password (as the invitation's link would) and is signed in somewhere.
    await s.db
      .update(users)
      .set({ passwordHash: await hashPassword(DEMO_PASSWORD) })
      .where(eq(users.id, lee!.id));
    const leeToken = await s.signIn('lee@provider.example');
    const VIEWER = '{ viewer { email } }';
    expect((await s.gql(VIEWER, {}, leeToken)).data.viewer).toEqual({ email: 'lee@provider.example' });
    const off = await s.gql(SET_ACTIVE, { input: { userId: globalId('User', lee!.id), active: false } }, provider);
    expect(off.data.setColleagueActive.colleague).toEqual({ name: 'Lee Colleague', active: false });
    const on = await s.gql(SET_ACTIVE, { input: { userId: globalId('User', lee!.id), active: true } }, provider);
    expect(on.data.setColleagueActive.colleague.active).toBe(true);
    // Deactivation ended Lee's session: reactivation does not bring it back (they sign in again).
    expect((await s.gql(VIEWER, {}, leeToken)).data.viewer).toBeNull();

    const [other] = await s.db.select().from(users).where(eq(users.email, 'provider2@demo.test'));
    const res = await s.gql(SET_ACTIVE, { input: { userId: globalId('User', other!.id), active: false } }, provider);
    expect(res.data.setColleagueActive.__typename).toBe('NotFoundError');
    const [still] = await s.db.select().from(users).where(eq(users.id, other!.id));
    expect(still!.active).toBe(true);
    const [lw] = await s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
    const lwRes = await s.gql(SET_ACTIVE, { input: { userId: globalId('User', lw!.id), active: false } }, provider);
    expect(lwRes.data.setColleagueActive.__typename).toBe('NotFoundError');

    const [me] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
    const self = await s.gql(SET_ACTIVE, { input: { userId: globalId('User', me!.id), active: false } }, provider);
    expect(self.data.setColleagueActive.fieldErrors[0].path).toEqual(['input', 'active']);

    const admin = await s.signIn('admin@demo.test');
    const byAdmin = await s.gql(SET_ACTIVE, { input: { userId: globalId('User', lee!.id), active: false } }, admin);
    expect(byAdmin.data.setColleagueActive.__typename).toBe('ForbiddenError');
  });
});

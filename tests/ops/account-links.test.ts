import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountTokens, auditEvents, children, districts, emailOutbox, schools, users } from '../../drizzle/schema';
import { deliverDueEmails } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { decoded, header, startSmtp, transportTo } from '../setup/mail';
import { DEMO_PASSWORD, globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 2: "forgot password" and invitations, through a real SMTP server: the answer
// never tells whether an address has an account; the links work once, for their own user, in time.

let s: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const BASE = 'https://portal.council.example';

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startServer();
  await s.db.update(emailOutbox).set({ status: 'SENT' }); // the demo seed's own emails
}, 60_000);
afterAll(async () => {
  await s.close();
  await smtp.close();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});

const deliver = () =>
  deliverDueEmails(s.db, {
    transport: transportTo(smtp.port),
    from: 'Portal <portal@council.example>',
    baseUrl: BASE,
    logger: silentLogger,
  });

const REQUEST = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) {
  __typename ... on RequestPasswordResetSuccess { requested } ... on Error { message } } }`;
const RESET = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) {
  __typename ... on ResetPasswordSuccess { passwordSet } ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) {
  __typename ... on InviteUserSuccess { email } ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on SignInSuccess { token } } }`;

async function signIn(email: string, password: string): Promise<string | null> {
  const res = await s.gql(SIGN_IN, { input: { email, password } });
  return res.data.signIn.token ?? null;
}
const viewerOf = async (token: string) => (await s.gql('{ viewer { email } }', {}, token)).data?.viewer?.email ?? null;

/** The single-use link in the one email sent to this address, as its reader would follow it. */
function linkTo(address: string): string {
  const mails = smtp.inbox.filter((m) => m.to === address);
  expect(mails).toHaveLength(1);
  const link = /https:\/\/portal\.council\.example\/reset-password\?token=([\w-]+)/.exec(decoded(mails[0]!.raw));
  expect(link).not.toBeNull();
  return link![1]!;
}

async function expectNoChildNames() {
  const names = (await s.db.select().from(children)).flatMap((c) => [c.firstName, c.lastName, c.dateOfBirth]);
  for (const m of smtp.inbox) for (const name of names) if (name) expect(decoded(m.raw)).not.toContain(name);
}

describe('forgot password', () => {
  it('answers alike for an address with an account and one without; only the account gets a link', async () => {
    const known = await s.gql(REQUEST, { input: { email: 'Provider2@demo.test' } });
    const unknown = await s.gql(REQUEST, { input: { email: 'nobody@demo.test' } });
    expect(known.status).toBe(unknown.status);
    expect(known.data).toEqual(unknown.data);
    expect(known.data.requestPasswordReset).toEqual({ __typename: 'RequestPasswordResetSuccess', requested: true });
    // The same work in the request, statement for statement: the look-up happens in the outbox.
    expect(known.statements).toBe(unknown.statements);

    expect((await deliver()).sent).toBe(1);
    expect(smtp.inbox.map((m) => m.to)).toEqual(['provider2@demo.test']);
    expect(header(smtp.inbox[0]!.raw, 'Subject')).toBe('Reset your password');
    expect(decoded(smtp.inbox[0]!.raw)).toContain('expires in 1 hour');
    const skipped = await s.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, 'nobody@demo.test'));
    expect(skipped.map((r) => r.status)).toEqual(['SKIPPED']);
    await expectNoChildNames();

    const token = linkTo('provider2@demo.test');
    // Once sent, the link is not kept: only its hash, valid one hour.
    const sent = await s.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, 'provider2@demo.test'));
    expect(JSON.stringify(sent)).not.toContain(token);
    const [stored] = await s.db.select().from(accountTokens).where(eq(accountTokens.purpose, 'PASSWORD_RESET'));
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBeCloseTo(60 * 60 * 1000, -4);

    const before = (await signIn('provider2@demo.test', DEMO_PASSWORD))!;
    expect(await viewerOf(before)).toBe('provider2@demo.test');
    const used = await s.gql(RESET, { input: { token, newPassword: 'a new long passphrase' } });
    expect(used.data.resetPassword.__typename).toBe('ResetPasswordSuccess');
    // The link ended the other sessions; the new password works, the old one does not.
    expect(await viewerOf(before)).toBeNull();
    expect(await signIn('provider2@demo.test', DEMO_PASSWORD)).toBeNull();
    expect(await signIn('provider2@demo.test', 'a new long passphrase')).not.toBeNull();

    // Used once: a second use is refused and changes nothing.
    const again = await s.gql(RESET, { input: { token, newPassword: 'yet another passphrase' } });
    expect(again.data.resetPassword.__typename).toBe('ValidationError');
    expect(again.data.resetPassword.message).toMatch(/expired or has already been used/);
    expect(await signIn('provider2@demo.test', 'a new long passphrase')).not.toBeNull();
  });

  it('an expired link is refused and changes nothing', async () => {
    // Pasted with spaces around it, as sign-in accepts it too.
    await s.gql(REQUEST, { input: { email: ' linkworker2@demo.test ' } });
    await deliver();
    const token = linkTo('linkworker2@demo.test');
    const [user] = await s.db.select().from(users).where(eq(users.email, 'linkworker2@demo.test'));
    // An hour and a second later.
    await s.db
      .update(accountTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(and(eq(accountTokens.userId, user!.id), eq(accountTokens.purpose, 'PASSWORD_RESET')));
    const res = await s.gql(RESET, { input: { token, newPassword: 'a new long passphrase' } });
    expect(res.data.resetPassword.__typename).toBe('ValidationError');
    const [after] = await s.db.select().from(users).where(eq(users.id, user!.id));
    expect(after!.passwordHash).toBe(user!.passwordHash);
    expect(await signIn('linkworker2@demo.test', DEMO_PASSWORD)).not.toBeNull();
  });

  it('a link changes only its own user: another signed-in user keeps their password and session', async () => {
    const other = (await signIn('commissioner@demo.test', DEMO_PASSWORD))!;
    await s.gql(REQUEST, { input: { email: 'commissioner@other.test' } });
    await deliver();
    const token = linkTo('commissioner@other.test');
    // Used from the other person's signed-in browser: it still sets the link's own user's password.
    const res = await s.gql(RESET, { input: { token, newPassword: 'other zone passphrase' } }, other);
    expect(res.data.resetPassword.__typename).toBe('ResetPasswordSuccess');
    expect(await viewerOf(other)).toBe('commissioner@demo.test');
    expect(await signIn('commissioner@demo.test', DEMO_PASSWORD)).not.toBeNull();
    expect(await signIn('commissioner@other.test', 'other zone passphrase')).not.toBeNull();
  });

  it('asking again within minutes sends no second email', async () => {
    await s.gql(REQUEST, { input: { email: 'admin@demo.test' } });
    await s.gql(REQUEST, { input: { email: 'admin@demo.test' } });
    expect((await deliver()).sent).toBe(1);
    expect(smtp.inbox).toHaveLength(1);
  });

  it('a malformed address is a validation error and queues nothing', async () => {
    const before = await s.db.$count(emailOutbox);
    const res = await s.gql(REQUEST, { input: { email: 'not an address' } });
    expect(res.data.requestPasswordReset.__typename).toBe('ValidationError');
    expect(await s.db.$count(emailOutbox)).toBe(before);
  });
});

describe('invitations', () => {
  const input = (email: string) => ({ name: 'Sam Okafor', email, role: 'LINK_WORKER' });

  it('a new address gets a 72-hour link to choose a password; an existing one (any zone) is told it has an account; the admin sees the same answer', async () => {
    const admin = await s.signIn('admin@demo.test');
    const fresh = await s.gql(INVITE, { input: input('Sam.Okafor@demo.test') }, admin);
    const taken = await s.gql(INVITE, { input: input('commissioner@other.test') }, admin);
    expect(fresh.data.inviteUser).toEqual({ __typename: 'InviteUserSuccess', email: 'sam.okafor@demo.test' });
    expect(taken.data.inviteUser).toEqual({ __typename: 'InviteUserSuccess', email: 'commissioner@other.test' });
    const others = await s.db.select().from(users).where(eq(users.email, 'commissioner@other.test'));
    expect(others).toHaveLength(1);
    expect(others[0]!.name).not.toBe('Sam Okafor');

    expect((await deliver()).sent).toBe(2);
    const existing = smtp.inbox.find((m) => m.to === 'commissioner@other.test')!;
    expect(decoded(existing.raw)).toMatch(/already has an account/);
    expect(decoded(existing.raw)).not.toMatch(/token=/);
    const token = linkTo('sam.okafor@demo.test');
    expect(decoded(smtp.inbox.find((m) => m.to === 'sam.okafor@demo.test')!.raw)).toContain('expires in 72 hours');
    const [stored] = await s.db.select().from(accountTokens).where(eq(accountTokens.purpose, 'INVITATION'));
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBeCloseTo(72 * 60 * 60 * 1000, -4);
    await expectNoChildNames();

    // The admin sees the invitation outstanding until the link is used; a commissioner may not ask.
    const pending = async () =>
      Object.fromEntries(
        (await s.gql('{ users(limit: 100) { email invitationPending } }', {}, admin)).data.users.map(
          (u: { email: string; invitationPending: boolean }) => [u.email, u.invitationPending],
        ),
      );
    expect(await pending()).toMatchObject({ 'sam.okafor@demo.test': true, 'linkworker@demo.test': false });
    const asked = await s.gql('{ viewer { invitationPending } }', {}, await s.signIn('commissioner@demo.test'));
    expect(asked.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    // Nobody can sign in before the link is used.
    const set = await s.gql(RESET, { input: { token, newPassword: 'sams own passphrase' } });
    expect(set.data.resetPassword.__typename).toBe('ResetPasswordSuccess');
    expect(await pending()).toMatchObject({ 'sam.okafor@demo.test': false });
    const session = (await signIn('sam.okafor@demo.test', 'sams own passphrase'))!;
    const me = await s.gql('{ viewer { name role zone { slug } } }', {}, session);
    expect(me.data.viewer).toEqual({ name: 'Sam Okafor', role: 'LINK_WORKER', zone: { slug: 'demo' } });
    const reused = await s.gql(RESET, { input: { token, newPassword: 'another passphrase' } });
    expect(reused.data.resetPassword.__typename).toBe('ValidationError');
  });

  it('inviting again within minutes (a double click, parallel submits) sends one email; after it lapses, a fresh link; once in, a note', async () => {
    const admin = await s.signIn('admin@demo.test');
    const invite = () => s.gql(INVITE, { input: input('ola.again@demo.test') }, admin);
    const answers = await Promise.all([invite(), invite(), invite(), invite()]);
    expect(answers.map((a) => a.data.inviteUser.__typename)).toEqual(Array(4).fill('InviteUserSuccess'));
    await invite();
    expect((await deliver()).sent).toBe(1);
    const first = linkTo('ola.again@demo.test');
    const [invitee] = await s.db.select().from(users).where(eq(users.email, 'ola.again@demo.test'));
    const audits = await s.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'User'), eq(auditEvents.entityId, invitee!.id)))
      .orderBy(auditEvents.id);
    expect(audits.map((a) => a.action)).toEqual(['INVITE_USER', ...Array(4).fill('INVITE_AGAIN')]);

    // Three days later the link has lapsed unused: asking again sends a new one, which works.
    smtp.inbox.length = 0;
    await s.db
      .update(accountTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(accountTokens.userId, invitee!.id));
    await invite();
    expect((await deliver()).sent).toBe(1);
    const fresh = linkTo('ola.again@demo.test');
    expect(fresh).not.toBe(first);
    expect(
      (await s.gql(RESET, { input: { token: first, newPassword: 'olas own passphrase' } })).data.resetPassword
        .__typename,
    ).toBe('ValidationError');
    expect(
      (await s.gql(RESET, { input: { token: fresh, newPassword: 'olas own passphrase' } })).data.resetPassword
        .__typename,
    ).toBe('ResetPasswordSuccess');

    // Once the password is set, the address is told it has an account, with no link.
    smtp.inbox.length = 0;
    await invite();
    expect((await deliver()).sent).toBe(1);
    const note = decoded(smtp.inbox[0]!.raw);
    expect(note).toMatch(/already has an account/);
    expect(note).not.toMatch(/token=/);
    expect(await signIn('ola.again@demo.test', 'olas own passphrase')).not.toBeNull();
  });

  it('inviting again a day later sends another link, as they may have lost the first; setting a password voids the other', async () => {
    const admin = await s.signIn('admin@demo.test');
    const invite = () => s.gql(INVITE, { input: input('ola.lost@demo.test') }, admin);
    await invite();
    expect((await deliver()).sent).toBe(1);
    const first = linkTo('ola.lost@demo.test');
    const [invitee] = await s.db.select().from(users).where(eq(users.email, 'ola.lost@demo.test'));
    // A day on, the first link still works but never arrived (or was deleted).
    await s.db
      .update(accountTokens)
      .set({ createdAt: new Date(Date.now() - 24 * 3600 * 1000) })
      .where(eq(accountTokens.userId, invitee!.id));
    smtp.inbox.length = 0;
    await invite();
    await invite(); // a double click: still one email
    expect((await deliver()).sent).toBe(1);
    const second = linkTo('ola.lost@demo.test');
    expect(second).not.toBe(first);
    const [again] = await s.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'INVITE_AGAIN'), eq(auditEvents.entityId, invitee!.id)))
      .orderBy(auditEvents.id)
      .limit(1);
    expect(again!.detail).toEqual({ role: 'LINK_WORKER', linkSent: true });
    const set = await s.gql(RESET, { input: { token: second, newPassword: 'olas lost passphrase' } });
    expect(set.data.resetPassword.__typename).toBe('ResetPasswordSuccess');
    // The first link cannot set the password again now that the person has chosen one.
    const old = await s.gql(RESET, { input: { token: first, newPassword: 'someone elses passphrase' } });
    expect(old.data.resetPassword.__typename).toBe('ValidationError');
    expect(await signIn('ola.lost@demo.test', 'olas lost passphrase')).not.toBeNull();
  });

  it('someone deactivated before using their invitation is still invited when reactivated: shown so, and inviting again sends a working link', async () => {
    const admin = await s.signIn('admin@demo.test');
    const invite = () => s.gql(INVITE, { input: input('ola.paused@demo.test') }, admin);
    await invite();
    expect((await deliver()).sent).toBe(1);
    const first = linkTo('ola.paused@demo.test');
    const [invitee] = await s.db.select().from(users).where(eq(users.email, 'ola.paused@demo.test'));
    const SET_ACTIVE = `mutation($input: SetUserActiveInput!) { setUserActive(input: $input) {
      __typename ... on SetUserActiveSuccess { user { active invitationPending } } } }`;
    const userId = globalId('User', invitee!.id);
    const off = await s.gql(SET_ACTIVE, { input: { userId, active: false } }, admin);
    expect(off.data.setUserActive.user.active).toBe(false);
    // Deactivating voided the link.
    const dead = await s.gql(RESET, { input: { token: first, newPassword: 'olas paused passphrase' } });
    expect(dead.data.resetPassword.__typename).toBe('ValidationError');
    const on = await s.gql(SET_ACTIVE, { input: { userId, active: true } }, admin);
    expect(on.data.setUserActive.user).toEqual({ active: true, invitationPending: true });
    // The old link stays void; inviting again sends a new one (not "already has an account"), which works.
    smtp.inbox.length = 0;
    await invite();
    expect((await deliver()).sent).toBe(1);
    expect(decoded(smtp.inbox[0]!.raw)).not.toMatch(/already has an account/);
    const fresh = linkTo('ola.paused@demo.test');
    expect(fresh).not.toBe(first);
    expect(
      (await s.gql(RESET, { input: { token: first, newPassword: 'olas paused passphrase' } })).data.resetPassword
        .__typename,
    ).toBe('ValidationError');
    const set = await s.gql(RESET, { input: { token: fresh, newPassword: 'olas paused passphrase' } });
    expect(set.data.resetPassword.__typename).toBe('ResetPasswordSuccess');
    expect(await signIn('ola.paused@demo.test', 'olas paused passphrase')).not.toBeNull();
  });

  it('only administrators invite; a provider without an organisation in the zone is refused and nothing is written', async () => {
    const users0 = await s.db.$count(users);
    const mail0 = await s.db.$count(emailOutbox);
    const asCommissioner = await s.gql(
      INVITE,
      { input: input('x1@demo.test') },
      await s.signIn('commissioner@demo.test'),
    );
    expect(asCommissioner.data.inviteUser.__typename).toBe('ForbiddenError');
    const signedOut = await s.gql(INVITE, { input: input('x2@demo.test') });
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const noOrg = await s.gql(
      INVITE,
      { input: { ...input('x3@demo.test'), role: 'PROVIDER' } },
      await s.signIn('admin@demo.test'),
    );
    expect(noOrg.data.inviteUser.__typename).toBe('ValidationError');
    expect(await s.db.$count(users)).toBe(users0);
    expect(await s.db.$count(emailOutbox)).toBe(mail0);
  });
  it('district and school leads are invited with their district or school in the zone; without one nothing is written', async () => {
    const admin = await s.signIn('admin@demo.test');
    const users0 = await s.db.$count(users);
    const mail0 = await s.db.$count(emailOutbox);
    const lead = (email: string, extra: Record<string, unknown>) =>
      s.gql(INVITE, { input: { name: 'Ade Lead', email, ...extra } }, admin).then((r) => r.data.inviteUser);
    const [catford] = await s.db.select().from(districts).where(eq(districts.name, 'Catford'));
    const [elsewhere] = await s.db.select().from(districts).where(eq(districts.name, 'Northfield'));
    const [school] = await s.db.select().from(schools).where(eq(schools.districtId, catford!.id)).limit(1);
    const refusals = [
      await lead('d1@demo.test', { role: 'DISTRICT_LEAD' }),
      await lead('d2@demo.test', { role: 'DISTRICT_LEAD', districtId: globalId('District', elsewhere!.id) }),
      await lead('d3@demo.test', { role: 'SCHOOL_LEAD' }),
    ];
    expect(refusals.map((r) => [r.__typename, r.fieldErrors[0].path.at(-1)])).toEqual([
      ['ValidationError', 'districtId'],
      ['ValidationError', 'districtId'],
      ['ValidationError', 'schoolId'],
    ]);
    expect(await s.db.$count(users)).toBe(users0);
    expect(await s.db.$count(emailOutbox)).toBe(mail0);
    expect(
      await lead('d4@demo.test', { role: 'DISTRICT_LEAD', districtId: globalId('District', catford!.id) }),
    ).toEqual({
      __typename: 'InviteUserSuccess',
      email: 'd4@demo.test',
    });
    await lead('s4@demo.test', { role: 'SCHOOL_LEAD', schoolId: globalId('School', school!.id) });
    const made = await s.db.select().from(users).where(sql`${users.email} in ('d4@demo.test', 's4@demo.test')`);
    expect(made.map((u) => [u.email, u.role, u.districtId, u.schoolId]).sort()).toEqual([
      ['d4@demo.test', 'DISTRICT_LEAD', catford!.id, null],
      ['s4@demo.test', 'SCHOOL_LEAD', null, school!.id],
    ]);
  });
});

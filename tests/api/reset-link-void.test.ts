import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../drizzle/schema';
import { issueAccountToken } from '../../schema/domain/account-tokens';
import { inTransaction } from '../../schema/domain/transaction';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 59: a reset link sent before a password change still set a new password after it (anyone
// reading the old email could take the account over), and a deactivated user's invitation or reset
// link worked again once they were reactivated. Both now void every link still out.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const RESET = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { __typename ... on Error { message } } }`;
const USABLE = 'query($token: String!) { passwordResetLinkUsable(token: $token) }';
const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename } }`;
const SET_ACTIVE = `mutation($input: SetUserActiveInput!) { setUserActive(input: $input) { __typename } }`;
const REFUSED = {
  __typename: 'ValidationError',
  message: 'This link has expired or has already been used: ask for a new one',
};

const userIdOf = async (email: string) =>
  (await s.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
const linkFor = async (email: string, purpose: 'PASSWORD_RESET' | 'INVITATION') => {
  const id = await userIdOf(email);
  return inTransaction(s.db, (tx) => issueAccountToken(tx, id, purpose));
};
const useLink = async (token: string) =>
  (await s.gql(RESET, { input: { token, newPassword: 'chosen by whoever holds the link' } })).data.resetPassword;

describe('links still out when the password changes or the account is deactivated', () => {
  it('changing your password voids a reset link sent before', async () => {
    const token = await linkFor('linkworker2@demo.test', 'PASSWORD_RESET');
    const me = await s.signIn('linkworker2@demo.test');
    const changed = await s.gql(
      CHANGE,
      { input: { currentPassword: 'demo-password-123', newPassword: 'a new passphrase of mine' } },
      me,
    );
    expect(changed.data.changePassword.__typename).toBe('ChangePasswordSuccess');
    expect((await s.gql(USABLE, { token })).data.passwordResetLinkUsable).toBe(false);
    expect(await useLink(token)).toEqual(REFUSED);
    // The changed password stands; the session that changed it stays.
    expect((await s.gql('{ viewer { email } }', {}, me)).data.viewer.email).toBe('linkworker2@demo.test');
    const signIn = await s.gql(`mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`, {
      input: { email: 'linkworker2@demo.test', password: 'a new passphrase of mine' },
    });
    expect(signIn.data.signIn.__typename).toBe('SignInSuccess');
  });

  it('a deactivated user’s links stay void when they are reactivated', async () => {
    const invitation = await linkFor('schoollead@demo.test', 'INVITATION');
    const reset = await linkFor('schoollead@demo.test', 'PASSWORD_RESET');
    const admin = await s.signIn('admin@demo.test');
    const userId = globalId('User', await userIdOf('schoollead@demo.test'));
    for (const active of [false, true]) {
      const res = await s.gql(SET_ACTIVE, { input: { userId, active } }, admin);
      expect(res.data.setUserActive.__typename).toBe('SetUserActiveSuccess');
    }
    expect(await useLink(invitation)).toEqual(REFUSED);
    expect(await useLink(reset)).toEqual(REFUSED);
    // A link sent after reactivation works.
    expect((await useLink(await linkFor('schoollead@demo.test', 'PASSWORD_RESET'))).__typename).toBe(
      'ResetPasswordSuccess',
    );
  });
});

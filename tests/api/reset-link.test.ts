import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountTokens, users } from '../../drizzle/schema';
import { issueAccountToken } from '../../schema/domain/account-tokens';
import { inTransaction } from '../../schema/domain/transaction';
import { startServer, type TestServer } from '../setup/server';

// The reset page asks whether its link is alive before anyone types a password: the answer is a
// bare yes or no, spends nothing, and names no one.

let s: TestServer;
let adminId: number;
beforeAll(async () => {
  s = await startServer();
  const [admin] = await s.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
  adminId = admin!.id;
});
afterAll(() => s.close());

const USABLE = 'query($token: String!) { passwordResetLinkUsable(token: $token) }';
const RESET = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { __typename ... on Error { message } } }`;
const usable = async (token: string) => {
  const res = await s.gql(USABLE, { token });
  expect(res.errors).toBeUndefined();
  return res.data.passwordResetLinkUsable as boolean;
};

describe('passwordResetLinkUsable', () => {
  it('is true for a live link, asked twice, and the link still sets a password after', async () => {
    const token = await inTransaction(s.db, (tx) => issueAccountToken(tx, adminId, 'PASSWORD_RESET'));
    expect(await usable(token)).toBe(true);
    expect(await usable(token)).toBe(true);
    const [row] = await s.db.select().from(accountTokens).where(eq(accountTokens.userId, adminId));
    expect(row!.usedAt).toBeNull();
    const res = await s.gql(RESET, { input: { token, newPassword: 'a long enough passphrase' } });
    expect(res.data.resetPassword.__typename).toBe('ResetPasswordSuccess');
    // Spent now: dead.
    expect(await usable(token)).toBe(false);
  });

  it('is false for an unknown or an expired link', async () => {
    expect(await usable('not-a-real-token')).toBe(false);
    const token = await inTransaction(s.db, (tx) => issueAccountToken(tx, adminId, 'INVITATION'));
    await s.db.update(accountTokens).set({ expiresAt: new Date(Date.now() - 1000) });
    expect(await usable(token)).toBe(false);
  });

  it('refuses an empty or overlong token with a clear BAD_USER_INPUT error', async () => {
    for (const token of ['', 'x'.repeat(201)]) {
      const res = await s.gql(USABLE, { token });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

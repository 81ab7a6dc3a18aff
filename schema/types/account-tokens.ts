import { builder } from '../builder';
import { setPasswordWithToken } from '../domain/account-tokens';
import { inTransaction } from '../domain/transaction';
import { directResult } from '../errors';

const ResetPasswordInput = builder.inputType('ResetPasswordInput', {
  fields: (t) => ({
    token: t.string({
      required: true,
      description: 'From the single-use link',
      validate: { minLength: 1, maxLength: 200 },
    }),
    newPassword: t.string({ required: true, description: 'At least 12 characters', validate: { maxLength: 200 } }),
  }),
});

const ResetPasswordPayload = builder.objectRef<{ passwordSet: boolean }>('ResetPasswordSuccess').implement({
  fields: (t) => ({ passwordSet: t.exposeBoolean('passwordSet') }),
});

builder.mutationField('resetPassword', (t) =>
  t.field({
    type: ResetPasswordPayload,
    description:
      'Sets a password with a single-use link (first sign-in, invitation or reset); every other session of the person ends',
    args: { input: t.arg({ type: ResetPasswordInput, required: true }) },
    errors: directResult('ResetPassword'),
    resolve: async (_root, { input }, ctx) => {
      await inTransaction(ctx.db, (tx) => setPasswordWithToken(tx, input.token, input.newPassword));
      return { passwordSet: true };
    },
  }),
);

import { z } from 'zod';
import { builder } from '../builder';
import { hasRole } from '../domain/access';
import { inviteUser, normaliseEmail, requestPasswordReset } from '../domain/account-requests';
import { accountTokenUsable, setPasswordWithToken } from '../domain/account-tokens';
import { ForbiddenError, TooManyAttemptsError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { oneLine } from '../domain/one-line';
import { inTransaction } from '../domain/transaction';
import { directResult } from '../errors';
import { Role } from './enums';

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

// No throttle (unlike sign-in and the reset request): a link's token is 32 random bytes, so
// guessing one through this answer is as hopeless as through resetPassword itself, which is not
// throttled either; and the answer names no one, so it tells nothing about accounts.
builder.queryField('passwordResetLinkUsable', (t) =>
  t.boolean({
    description:
      'Whether a single-use link (first sign-in, invitation or reset) would still set a password: false when expired, used or unknown. Does not spend it.',
    args: {
      token: t.arg.string({ required: true, validate: { minLength: 1, maxLength: 200 } }),
    },
    resolve: (_root, { token }, ctx) => accountTokenUsable(ctx.db, token),
  }),
);

const RequestPasswordResetInput = builder.inputType('RequestPasswordResetInput', {
  fields: (t) => ({
    email: t.string({
      required: true,
      validate: {
        // Trimmed before the check, as sign-in takes " name@example.org " (pasted addresses carry spaces).
        schema: z.string().trim(),
        email: [true, { message: 'Enter an email address like name@example.org' }],
        maxLength: 254,
      },
    }),
  }),
});

const RequestPasswordResetPayload = builder.objectRef<{ requested: boolean }>('RequestPasswordResetSuccess').implement({
  description: 'The same answer whether or not the address has an account',
  fields: (t) => ({ requested: t.exposeBoolean('requested') }),
});

builder.mutationField('requestPasswordReset', (t) =>
  t.field({
    type: RequestPasswordResetPayload,
    description:
      'Emails a single-use link (valid 1 hour) to set a new password, if the address has an account; answers the same either way',
    args: { input: t.arg({ type: RequestPasswordResetInput, required: true }) },
    errors: directResult('RequestPasswordReset', [TooManyAttemptsError]),
    resolve: async (_root, { input }, ctx) => {
      await inTransaction(ctx.db, (tx) => requestPasswordReset(tx, input.email, ctx.clientAddress, ctx.now()));
      return { requested: true };
    },
  }),
);

const InviteUserInput = builder.inputType('InviteUserInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      validate: {
        minLength: [2, { message: 'Enter the person’s name, at least 2 characters' }],
        maxLength: 120,
        refine: oneLine('person’s name'),
      },
    }),
    email: t.string({
      required: true,
      validate: { email: [true, { message: 'Enter an email address like name@example.org' }], maxLength: 254 },
    }),
    role: t.field({ type: Role, required: true }),
    organisationId: t.id({ description: 'Required for providers: the organisation they work for' }),
    districtId: t.id({ description: 'Required for district leads: the district they lead' }),
    schoolId: t.id({ description: 'Required for school leads: their school' }),
  }),
});

const InviteUserPayload = builder.objectRef<{ email: string }>('InviteUserSuccess').implement({
  description: 'The same answer whether or not the address already has an account',
  fields: (t) => ({ email: t.exposeString('email', { description: 'Where the invitation was sent' }) }),
});

builder.mutationField('inviteUser', (t) =>
  t.field({
    type: InviteUserPayload,
    // Who may call it: schema/mutation-roles.json, checked before the input is validated.
    description:
      'Administrators: emails the person a single-use link (valid 72 hours) to choose their password; an address that already has an account is told so instead',
    args: { input: t.arg({ type: InviteUserInput, required: true }) },
    errors: directResult('InviteUser'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'ADMIN')) throw new ForbiddenError('Only zone administrators invite people');
      const organisationId = input.organisationId
        ? idOf(input.organisationId, 'Organisation', ['input', 'organisationId'])
        : null;
      const districtId = input.districtId ? idOf(input.districtId, 'District', ['input', 'districtId']) : null;
      const schoolId = input.schoolId ? idOf(input.schoolId, 'School', ['input', 'schoolId']) : null;
      await inTransaction(ctx.db, (tx) =>
        inviteUser(tx, ctx.viewer!, {
          name: input.name,
          email: input.email,
          role: input.role,
          organisationId,
          districtId,
          schoolId,
        }),
      );
      return { email: normaliseEmail(input.email) };
    },
  }),
);

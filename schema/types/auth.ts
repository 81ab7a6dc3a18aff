import { builder } from '../builder';
import { changePassword, signIn, signOut, signOutEverywhere } from '../domain/auth';
import { InvalidCredentialsError, TooManyAttemptsError } from '../domain/errors';
import { directResult } from '../errors';
import { User } from './user';

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({
    email: t.string({ required: true, validate: { minLength: 3, maxLength: 254 } }),
    password: t.string({ required: true, validate: { minLength: 1, maxLength: 200 } }),
  }),
});

const SignInPayload = builder.objectRef<{ token: string; userId: number }>('SignInSuccess').implement({
  fields: (t) => ({ token: t.exposeString('token', { description: 'Send as Authorization: Bearer <token>' }) }),
});

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    args: { input: t.arg({ type: SignInInput, required: true }) },
    errors: directResult('SignIn', [InvalidCredentialsError, TooManyAttemptsError]),
    resolve: async (_root, { input }, ctx) => {
      const session = await signIn(ctx.db, input.email, input.password, ctx.clientAddress, ctx.viewer?.sessionId);
      ctx.cookie.set(session.token, session.expiresAt);
      // The rest of this response (e.g. SignInSuccess.user) is read as the new user.
      ctx.viewer = session.viewer;
      return { token: session.token, userId: session.viewer.id };
    },
  }),
);

builder.objectField(SignInPayload, 'user', (t) =>
  t.drizzleField({
    type: User,
    resolve: (query, payload, _args, ctx) =>
      ctx.db.query.users.findFirst(query({ where: { id: payload.userId } })).then((u) => u!),
  }),
);

const SignOutPayload = builder.objectRef<{ signedOut: boolean }>('SignOutSuccess').implement({
  fields: (t) => ({ signedOut: t.exposeBoolean('signedOut') }),
});

builder.mutationField('signOut', (t) =>
  t.field({
    type: SignOutPayload,
    errors: directResult('SignOut'),
    resolve: async (_root, _args, ctx) => {
      if (ctx.viewer) await signOut(ctx.db, ctx.viewer.sessionId);
      ctx.cookie.clear();
      return { signedOut: true };
    },
  }),
);

const SignOutEverywherePayload = builder
  .objectRef<{ sessionsEnded: number }>('SignOutEverywhereSuccess')
  .implement({ fields: (t) => ({ sessionsEnded: t.exposeInt('sessionsEnded') }) });

builder.mutationField('signOutEverywhere', (t) =>
  t.field({
    type: SignOutEverywherePayload,
    description: 'Ends every session of your account, on every device, this one included',
    errors: directResult('SignOutEverywhere'),
    resolve: async (_root, _args, ctx) => {
      const { ended } = await signOutEverywhere(ctx.db, ctx.viewer!, ctx.clientAddress);
      ctx.cookie.clear();
      return { sessionsEnded: ended };
    },
  }),
);

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({ required: true, validate: { minLength: 1, maxLength: 200 } }),
    newPassword: t.string({ required: true, description: 'At least 12 characters', validate: { maxLength: 200 } }),
  }),
});

const ChangePasswordPayload = builder.objectRef<{ passwordChanged: boolean }>('ChangePasswordSuccess').implement({
  fields: (t) => ({ passwordChanged: t.exposeBoolean('passwordChanged') }),
});

builder.mutationField('changePassword', (t) =>
  t.field({
    type: ChangePasswordPayload,
    description: 'Changes your password (the current one is checked); your other sessions end, this one stays',
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    errors: directResult('ChangePassword', [TooManyAttemptsError]),
    resolve: async (_root, { input }, ctx) => {
      await changePassword(ctx.db, ctx.viewer!, input, ctx.clientAddress);
      return { passwordChanged: true };
    },
  }),
);

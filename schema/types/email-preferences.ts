import { builder } from '../builder';
import { type Delivery, preferencesOf, setPreferences } from '../domain/email-preferences';
import { inTransaction } from '../domain/transaction';
import { directResult } from '../errors';

// Each person chooses, per kind of email, immediately, in a daily digest, or not at all.

const EmailDelivery = builder.enumType('EmailDelivery', { values: ['IMMEDIATE', 'DAILY_DIGEST', 'OFF'] as const });

type Preference = { kind: string; label: string; delivery: Delivery };
const EmailPreference = builder.objectRef<Preference>('EmailPreference').implement({
  fields: (t) => ({
    kind: t.exposeString('kind'),
    label: t.exposeString('label', { description: 'What the email is about, in words' }),
    delivery: t.field({ type: EmailDelivery, resolve: (p) => p.delivery }),
  }),
});

builder.queryField('emailPreferences', (t) =>
  t.field({
    type: [EmailPreference],
    authScopes: { signedIn: true },
    description: 'The viewer’s choice for each kind of email (account emails are always sent at once)',
    resolve: (_root, _args, ctx) => preferencesOf(ctx.db, ctx.viewer!.id, ctx.viewer!.role),
  }),
);

const EmailPreferenceInput = builder.inputType('EmailPreferenceInput', {
  fields: (t) => ({
    kind: t.string({ required: true, validate: { maxLength: 60 } }),
    delivery: t.field({ type: EmailDelivery, required: true }),
  }),
});

const SetEmailPreferencesInput = builder.inputType('SetEmailPreferencesInput', {
  fields: (t) => ({
    preferences: t.field({ type: [EmailPreferenceInput], required: true, validate: { maxLength: 50 } }),
  }),
});

const SetEmailPreferencesPayload = builder.objectRef<{ userId: number }>('SetEmailPreferencesSuccess').implement({
  fields: (t) => ({
    preferences: t.field({
      type: [EmailPreference],
      resolve: (p, _args, ctx) => preferencesOf(ctx.db, p.userId, ctx.viewer!.role),
    }),
  }),
});

builder.mutationField('setEmailPreferences', (t) =>
  t.field({
    type: SetEmailPreferencesPayload,
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: SetEmailPreferencesInput, required: true }) },
    errors: directResult('SetEmailPreferences'),
    resolve: async (_root, { input }, ctx) => {
      const { id: userId, role } = ctx.viewer!;
      await inTransaction(ctx.db, (tx) => setPreferences(tx, userId, role, input.preferences));
      return { userId };
    },
  }),
);

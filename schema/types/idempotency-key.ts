import type { InputFieldBuilder } from '../builder';

const validate = () => ({
  minLength: 8,
  maxLength: 100,
  regex: [/^[A-Za-z0-9_.:-]+$/, { message: 'Use letters, digits, - _ . or :' }] as [RegExp, { message: string }],
});
const description = 'A client-generated key (e.g. a UUID): a retry with the same key has exactly one effect';

/** The input field every idempotent mutation takes (the shared claim is domain/idempotency.ts). */
export const idempotencyKey = (t: InputFieldBuilder) => t.string({ required: true, description, validate: validate() });

/** Optional where the key was added after clients already called the mutation without one. */
export const optionalIdempotencyKey = (t: InputFieldBuilder, note = '') =>
  t.string({
    description: `${description}. Optional, but without it a retry repeats the effect${note}`,
    validate: validate(),
  });

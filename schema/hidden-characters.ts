import { type FieldError, ValidationError } from './domain/errors';
import { hasHiddenControls } from './domain/text';

// Hidden control characters (domain/text.ts) refused in every mutation's text at once, rather
// than field by field: a listing's name, a commission's rationale, a decline reason, a shortlist's
// name and whatever text input comes next. Checked by the mutation-access plugin once the caller
// may use the mutation, after the errors plugin (so the ValidationError becomes the mutation's
// typed result) and before zod and the resolver (so nothing is written). Passwords are not
// checked: they are never shown, and one set before this rule must still work.

const NOT_CHECKED = /password/i;

/** "requestToProvider" -> "request to provider", for the message. */
const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

function collect(value: unknown, path: string[], found: FieldError[]): void {
  if (typeof value === 'string') {
    if (!hasHiddenControls(value)) return;
    const label = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? 'text';
    found.push({ path, message: `Remove the hidden control characters from the ${words(label)}` });
  } else if (Array.isArray(value)) {
    for (const [i, inner] of value.entries()) collect(inner, [...path, String(i)], found);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) if (!NOT_CHECKED.test(key)) collect(inner, [...path, key], found);
  }
}

/** Each argument's text holding hidden control characters, as field errors (none when clean). */
export function hiddenCharacterErrors(args: object): FieldError[] {
  const found: FieldError[] = [];
  collect(args, [], found);
  return found;
}

/** Refuses a mutation whose text holds hidden control characters, naming the first field; run by mutation-access.ts. */
export function refuseHiddenCharacters(args: object): void {
  const errors = hiddenCharacterErrors(args);
  if (errors.length) throw new ValidationError(errors[0]!.message, errors);
}

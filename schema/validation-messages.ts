import type { z } from 'zod';

// zod's own wording ("Too big: expected string to have <=254 characters") reached people through
// forms that show a field's error as it comes. Where a field gives no message of its own, the
// issue is said the way the rest of the portal says things.

const DEFAULT_WORDING = /^(Too big|Too small|Invalid)/;

export function issueMessage(issue: z.core.$ZodIssue): string {
  if (!DEFAULT_WORDING.test(issue.message)) return issue.message;
  const limit = (n: unknown) => Number(n).toLocaleString('en-GB');
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return `Enter ${limit(issue.maximum)} characters or fewer`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose ${limit(issue.maximum)} or fewer`;
      return `Enter a number no more than ${limit(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'Enter a value' : `Enter at least ${limit(issue.minimum)} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at least ${limit(issue.minimum)}`;
      return `Enter a number no less than ${limit(issue.minimum)}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter an email address like name@example.org';
      if (issue.format === 'regex') return 'Enter it in the format shown';
      return 'Enter it in the format shown';
    case 'invalid_type':
      // null where the field takes a value: zod says "Invalid input: expected string, received null".
      return /received null$/.test(issue.message) ? 'Enter a value: this cannot be empty' : 'Check this value';
    default:
      return 'Check this value';
  }
}

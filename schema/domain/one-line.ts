import { ValidationError } from './errors';

// A name is one line: a line break, tab or other control character in an organisation's, a
// person's or a list's name would split the Open Referral feed's field, a CSV cell or an email's
// line that shows it ("Riverside\r\nBcc: x@y"). Line breaks at either end are trimmed anyway, so
// only those inside a name are refused. Every name input uses these, so they say it alike.

const CONTROL = /\p{Cc}/u;

/** Whether text, trimmed, has no line break, tab or other control character in it. */
export const isOneLine = (text: string): boolean => !CONTROL.test(text.trim());

/** The refusal, as the listing form has always said it: "The service name must be on one line". */
export const oneLineMessage = (label: string): string => `The ${label} must be on one line`;

/** For a GraphQL input field's `validate: { refine: oneLine('organisation name') }`. */
export const oneLine = (label: string): [(text: string) => boolean, { message: string }] => [
  isOneLine,
  { message: oneLineMessage(label) },
];

/** A feed's name kept on one line: each run of control characters and the spaces around it, one space. */
export const asOneLine = (text: string): string => text.replace(/\s*\p{Cc}[\p{Cc}\s]*/gu, ' ').trim();

/** Refuses text on more than one line as a typed field error at `path`, before anything is written. */
export function requireOneLine(path: string[], text: string | null | undefined, label: string): void {
  if (text != null && !isOneLine(text)) throw ValidationError.field(path, oneLineMessage(label));
}

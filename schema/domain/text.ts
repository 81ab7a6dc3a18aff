// Text as people type it and as it is stored: one canonical form, and "is anything there at all".

/**
 * The composed (NFC) form: "Café" typed as "Cafe" plus a combining accent is the same text as
 * "Café" typed with one key, so it is stored and searched for as one.
 */
export const canonicalText = (text: string): string => text.normalize('NFC');

/**
 * Whether a name has a letter or digit in it. Zero-width and other invisible characters survive
 * trim(), so a name made only of them would otherwise be saved and show as a blank.
 */
export const hasLetterOrDigit = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);

/** An ilike pattern for text containing `typed` as typed: its own %, _ and \ are not wildcards. */
export const likeLiteral = (typed: string): string => `%${typed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

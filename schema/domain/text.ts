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

/**
 * Characters no one means to type and no one can see: C0 controls other than tab, line feed and
 * carriage return, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) that can make one listing's name show as another's ("Trojan
 * Source") or break a CSV cell, an email or a log line. The direction marks U+200E, U+200F and
 * U+061C stay: right-to-left writing uses them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it finds
const HIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Whether text holds any of the hidden control characters above. */
export const hasHiddenControls = (text: string): boolean => text.search(HIDDEN_CONTROLS) !== -1;

/** The text with the hidden control characters above taken out. */
export const withoutHiddenControls = (text: string): string => text.replace(HIDDEN_CONTROLS, '');

/** Half of a UTF-16 surrogate pair (JSON's "\ud83d" alone): no character, with no UTF-8 form to store. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether text holds half a surrogate pair. */
export const hasLoneSurrogate = (text: string): boolean => text.search(LONE_SURROGATE) !== -1;

/** The text with each half surrogate pair made U+FFFD, the replacement character, as a UTF-8 decoder does. */
export const withLoneSurrogatesReplaced = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');

/** Text of invisible characters (zero-width spaces, joiners, direction marks) and spaces: it survives
 * trim() but shows as blank. */
export const isInvisibleOnly = (text: string): boolean => /^(?=[\s\S]*\p{Cf})[\s\p{Cf}]+$/u.test(text);

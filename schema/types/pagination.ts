import { PothosValidationError } from '@pothos/core';

/** The contract's page limit, as a clear validation error rather than a silent clamp. */
export const MAX_PAGE = 100;

export type PageArgs = { first?: number | null; last?: number | null };
export const pageSizeOk = (size: number | null | undefined) => size == null || (size >= 0 && size <= MAX_PAGE);
const PAGE_SIZE_MESSAGE = `Ask for between 0 and ${MAX_PAGE} items a page`;

/** Each of first and last checked on its own, so the error names the argument that was wrong. */
export const pageSizeRule = [
  [(args: PageArgs) => pageSizeOk(args.first), { message: PAGE_SIZE_MESSAGE, path: ['first'] }],
  [(args: PageArgs) => pageSizeOk(args.last), { message: PAGE_SIZE_MESSAGE, path: ['last'] }],
] as const;

/**
 * Plain lists (users, organisations, staff, shortlists) are pages too: `limit` (at most MAX_LIST,
 * the default, so the web app's single page is unchanged at any realistic size) and `offset`.
 * More than MAX_LIST is a typed input error, never a whole table read into memory.
 */
export const MAX_LIST = 200;
export const MAX_OFFSET = 100_000;

// biome-ignore lint/suspicious/noExplicitAny: any field's argument builder (Pothos's types).
type IntArg = (options: any) => any;
export const listArgs = <T extends { arg: { int: IntArg } }>(t: T) => ({
  limit: t.arg.int({
    description: `At most this many (1 to ${MAX_LIST}; default ${MAX_LIST})`,
    validate: {
      int: true,
      min: [1, { message: `Ask for between 1 and ${MAX_LIST} items` }],
      max: [MAX_LIST, { message: `Ask for between 1 and ${MAX_LIST} items` }],
    },
  }) as ReturnType<T['arg']['int']>,
  offset: t.arg.int({
    description: 'Skip this many first (for the next page)',
    validate: { int: true, min: [0, { message: 'The offset cannot be negative' }], max: MAX_OFFSET },
  }) as ReturnType<T['arg']['int']>,
});

/**
 * A nested relation's page (t.relation with listArgs): the drizzle plugin builds the parent's one
 * SQL statement from these arguments before the field's own validation runs, so they are checked
 * here as well; a bad value is the same typed input error and never reaches SQL.
 */
export const relationPage = (args: { limit?: number | null; offset?: number | null }) => {
  const page = listPage(args);
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LIST)
    throw new PothosValidationError(`Ask for between 1 and ${MAX_LIST} items`);
  if (!Number.isInteger(page.offset) || page.offset < 0 || page.offset > MAX_OFFSET)
    throw new PothosValidationError(`Ask for an offset between 0 and ${MAX_OFFSET}`);
  return page;
};

export const listPage = (args: { limit?: number | null; offset?: number | null }) => ({
  limit: args.limit ?? MAX_LIST,
  offset: args.offset ?? 0,
});

/** One page of rows already in memory (lists computed after their query, such as outcome figures). */
export const pageOfRows = <T>(rows: T[], args: { limit?: number | null; offset?: number | null }): T[] => {
  const { limit, offset } = listPage(args);
  return rows.slice(offset, offset + limit);
};

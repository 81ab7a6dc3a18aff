import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import SchemaBuilder, {
  BasePlugin,
  decodeBase64,
  encodeBase64,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { Context } from './context';
import { ValidationError } from './domain/errors';

// A page's cursor is the drizzle plugin's keyset values ("DC:" and a value chunk), which say
// nothing of the list or the order they came from: the services list's cursor given to
// commissions, a cursor kept when the search or the order changed, or a hand-edited value
// ("N:1.5" for an id, a date where an id was) reached PostgreSQL as a comparison of the wrong
// type and came back as an internal error, or as arbitrary rows (audits 40 F6, 45 F1). So each
// cursor we hand out is signed (HMAC with the database's key, schema/domain/server-keys.ts) over
// the field, its arguments (all but the page's own) and the values; one that does not verify is
// refused, typed, before any SQL runs. Every process on the database shares the key.
// A Pothos plugin registered last in schema/builder.ts (outside the drizzle plugin's resolver).

const PAGE_ARGS = new Set(['first', 'last', 'after', 'before']);
const NOTHING = { columns: {} };

type Args = Record<string, unknown>;
type Connection = { edges?: ({ cursor?: string | null } | null)[]; pageInfo?: Record<string, unknown> };

/** Null and absent mean the same to every list; keys sorted so one search always seals alike. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return String(value);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Args)[key] != null)
        .map((key) => [key, canonical((value as Args)[key])]),
    );
  return value;
}

/** Signs keyset values for one list (Type.field) with one search and order. */
type Signer = (inner: string) => string;

// Contexts made without the server (scripts, some tests) have no database key: the process's own.
const PROCESS_KEY = randomBytes(32).toString('base64url');

function pageSigner(ctx: Context | undefined, coordinate: string, args: Args): Signer {
  const query = Object.fromEntries(Object.entries(args).filter(([key]) => !PAGE_ARGS.has(key)));
  const page = `${coordinate}\n${JSON.stringify(canonical(query))}\n`;
  const key = ctx?.cursorKey ?? PROCESS_KEY;
  return (inner) =>
    createHmac('sha256', key)
      .update(page + inner)
      .digest('base64url')
      .slice(0, 22);
}

const seal = (sign: Signer, cursor: string) => {
  const inner = decodeBase64(cursor);
  return encodeBase64(`${sign(inner)}:${inner}`);
};

/** The drizzle plugin's own cursor inside a signed one, or null when it is not for this page. */
function openCursor(sign: Signer, cursor: unknown): string | null {
  if (typeof cursor !== 'string') return null;
  try {
    const decoded = decodeBase64(cursor);
    const colon = decoded.indexOf(':');
    const inner = decoded.slice(colon + 1);
    if (colon < 0 || !inner.startsWith('DC:')) return null;
    const given = Buffer.from(decoded.slice(0, colon));
    const expected = Buffer.from(sign(inner));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return encodeBase64(inner);
  } catch {
    return null;
  }
}

const REFUSED = 'This cursor is not from this list with these filters and order: start again from the first page';

/** The page's arguments with its cursors opened; throws the typed error naming a cursor that does not fit. */
function openedArgs(sign: Signer, args: Args): Args {
  const opened = { ...args };
  for (const key of ['after', 'before'] as const) {
    if (args[key] == null) continue;
    const inner = openCursor(sign, args[key]);
    if (inner == null) throw ValidationError.field([key], REFUSED);
    opened[key] = inner;
  }
  return opened;
}

// Only this server's own cursors pass the signature, but one written before an upgrade that changed
// a list's order can still compare a date with an id: SQLSTATE class 22 (data exception), or
// drizzle failing to write the value. Only when the page was given a cursor is that the cursor's fault.
function cursorRefusedByDatabase(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (e instanceof RangeError || (typeof e.code === 'string' && e.code.startsWith('22'))) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** `target[key]` computed when first read, then kept. */
function onFirstRead(target: object, key: string, compute: () => string | null) {
  let value: string | null | undefined;
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get: () => {
      if (value === undefined) value = compute();
      return value;
    },
  });
}

// A cursor is signed when the response reads it: most pages ask for endCursor alone or for no
// cursor at all, and each signature is an HMAC (a page of 20 spent more on them than on its JSON).
function sealConnection(sign: Signer, connection: unknown): unknown {
  const c = connection as Connection | null;
  if (!c || !Array.isArray(c.edges)) return connection;
  const edges = c.edges;
  for (const edge of edges) {
    const inner = edge?.cursor;
    if (edge && inner) onFirstRead(edge, 'cursor', () => seal(sign, inner));
  }
  if (c.pageInfo) {
    onFirstRead(c.pageInfo, 'startCursor', () => edges[0]?.cursor ?? null);
    onFirstRead(c.pageInfo, 'endCursor', () => edges[edges.length - 1]?.cursor ?? null);
  }
  return connection;
}

type Select = (args: Args, ctx: Context, ...rest: unknown[]) => unknown;

class PageCursorsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  private isPage(fieldConfig: PothosOutputFieldConfig<Types>): boolean {
    return [...PAGE_ARGS].every((arg) => arg in fieldConfig.args);
  }

  // A nested page planned into its parent's statement (an organisation's services): its cursor is
  // opened there too; one that does not fit is left out of the parent's statement, so the field
  // resolves on its own below and fails alone, typed.
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const select = fieldConfig.extensions?.pothosDrizzleSelect;
    if (typeof select !== 'function' || !this.isPage(fieldConfig)) return fieldConfig;
    const coordinate = `${fieldConfig.parentType}.${fieldConfig.name}`;
    const opened: Select = (args, ctx, ...rest) => {
      try {
        return (select as Select)(openedArgs(pageSigner(ctx, coordinate, args), args), ctx, ...rest);
      } catch (error) {
        if (error instanceof ValidationError) return NOTHING;
        throw error;
      }
    };
    return { ...fieldConfig, extensions: { ...fieldConfig.extensions, pothosDrizzleSelect: opened } };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!this.isPage(fieldConfig)) return resolver;
    const coordinate = `${fieldConfig.parentType}.${fieldConfig.name}`;
    return (parent, args, ctx, info) => {
      const given = args as Args;
      const sign = pageSigner(ctx as Context, coordinate, given);
      const hasCursor = given.after != null || given.before != null;
      const refused = (error: unknown) => {
        if (hasCursor && cursorRefusedByDatabase(error))
          throw ValidationError.field([given.after != null ? 'after' : 'before'], REFUSED);
        throw error;
      };
      try {
        const result = resolver(parent, openedArgs(sign, given), ctx, info);
        return result instanceof Promise
          ? result.then((connection) => sealConnection(sign, connection), refused)
          : sealConnection(sign, result);
      } catch (error) {
        return refused(error);
      }
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      pageCursors: PageCursorsPlugin<Types>;
    }
  }
}

export const pageCursorsPlugin = 'pageCursors' as const;
SchemaBuilder.registerPlugin(pageCursorsPlugin, PageCursorsPlugin);

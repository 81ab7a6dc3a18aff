import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { Db } from '../drizzle/client';
import type { Context } from '../schema/context';
import { viewerForToken } from '../schema/domain/auth';
import { bearerCredentials } from './bearer';
import type { ClientAddress } from './client-address';

export const SESSION_COOKIE = 'pp_session';

/** The cookie's value; one that cannot be decoded is kept as sent, so it matches no session (signed out). */
function readCookie(req: IncomingMessage, name: string): string | undefined {
  return parseCookies(req.headers.cookie ?? '')[name];
}

/** A fresh context per request: the viewer from the bearer token or the session cookie. */
export async function createContext(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  options: {
    secureCookies: boolean;
    clientAddress?: ClientAddress;
    now?: () => Date;
    /** Collects ctx.afterResponse tasks for the caller to run after the response. */
    afterResponse?: (() => Promise<void>)[];
    /** The database's key for page cursors (schema/domain/server-keys.ts). */
    cursorKey?: string;
  },
): Promise<Context> {
  const token = bearerCredentials(req.headers.authorization) ?? readCookie(req, SESSION_COOKIE);
  const viewer = token && token.length <= 100 ? await viewerForToken(db, token) : null;
  const attributes = `Path=/; HttpOnly; SameSite=Lax${options.secureCookies ? '; Secure' : ''}`;
  return {
    db,
    viewer,
    clientAddress: options.clientAddress?.(req) ?? req.socket.remoteAddress ?? 'unknown',
    now: options.now ?? (() => new Date()),
    cookie: {
      set: (value, expiresAt) =>
        res.appendHeader('Set-Cookie', `${SESSION_COOKIE}=${value}; ${attributes}; Expires=${expiresAt.toUTCString()}`),
      clear: () => res.appendHeader('Set-Cookie', `${SESSION_COOKIE}=; ${attributes}; Max-Age=0`),
    },
    ...(options.cursorKey ? { cursorKey: options.cursorKey } : {}),
    ...(options.afterResponse ? { afterResponse: (task) => void options.afterResponse!.push(task) } : {}),
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../drizzle/client';
import type { Context } from '../schema/context';
import { viewerForToken } from '../schema/domain/auth';

export const SESSION_COOKIE = 'pp_session';

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** A fresh context per request: the viewer from the bearer token or the session cookie. */
export async function createContext(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  options: { secureCookies: boolean },
): Promise<Context> {
  const token = bearerToken(req) ?? readCookie(req, SESSION_COOKIE);
  const viewer = token && token.length <= 100 ? await viewerForToken(db, token) : null;
  const attributes = `Path=/; HttpOnly; SameSite=Lax${options.secureCookies ? '; Secure' : ''}`;
  return {
    db,
    viewer,
    clientAddress: req.socket.remoteAddress ?? 'unknown',
    cookie: {
      set: (value, expiresAt) =>
        res.appendHeader('Set-Cookie', `${SESSION_COOKIE}=${value}; ${attributes}; Expires=${expiresAt.toUTCString()}`),
      clear: () => res.appendHeader('Set-Cookie', `${SESSION_COOKIE}=; ${attributes}; Max-Age=0`),
    },
  };
}

import type { AddressInfo } from 'node:net';
import type { Db } from '../../drizzle/client';
import { createApp } from '../../server/app';
import { statementCounter } from '../../server/query-counter';
import { TEST_WEB_DIR } from '../e2e/build-web';
import { freshDatabase } from './database';

export const DEMO_PASSWORD = 'demo-password-123';
/** The demo seed dates listing reviews from 2026-11-01: tests read staleness at this time, whatever the date. */
export const TEST_NOW = new Date('2026-11-30T12:00:00Z');

export type GqlResponse<T = Record<string, unknown>> = {
  status: number;
  headers: Headers;
  data: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  statements: number;
};

export type TestServer = {
  url: string;
  db: Db;
  dbUrl?: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read dynamically.
  gql: <T = any>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<GqlResponse<T>>;
  signIn: (email: string) => Promise<string>;
  close: () => Promise<void>;
};

/** The real HTTP server over a fresh copy of the seeded database, on a free port. */
export async function startServer(
  options: { production?: boolean; trustProxy?: string; exportPageSize?: number; publicUrl?: string } = {},
): Promise<TestServer> {
  const handle = await freshDatabase(statementCounter);
  const server = await createApp({
    db: handle.db,
    production: options.production ?? false,
    webDir: TEST_WEB_DIR,
    trustProxy: options.trustProxy,
    publicUrl: options.publicUrl,
    now: () => TEST_NOW,
    exportPageSize: options.exportPageSize,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const gql: TestServer['gql'] = async (query, variables, token) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: never; errors?: never };
    return {
      status: res.status,
      headers: res.headers,
      data: body.data,
      errors: body.errors,
      statements: Number(res.headers.get('x-sql-statements')),
    };
  };

  const tokens = new Map<string, string>();
  const signIn = async (email: string) => {
    const cached = tokens.get(email);
    if (cached) return cached;
    const res = await gql(
      `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on SignInSuccess { token } ... on Error { message } } }`,
      { input: { email, password: DEMO_PASSWORD } },
    );
    const token = res.data?.signIn?.token;
    if (!token) throw new Error(`sign in failed for ${email}: ${JSON.stringify(res)}`);
    tokens.set(email, token);
    return token;
  };

  return {
    url,
    db: handle.db,
    dbUrl: handle.url,
    gql,
    signIn,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await handle.close();
    },
  };
}

/** Relay global id, as the API encodes it. */
export const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
export const localId = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);

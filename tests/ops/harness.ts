import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { createDb, type DbHandle } from '../../drizzle/client';
import { children, commissions, services, users } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { freshDatabase, TEMPLATE_DUMP, TEST_DB } from '../setup/database';
import { raiseMutation } from '../setup/money';
import { type ServerProcess, startServerProcess } from '../setup/processes';
import { DEMO_PASSWORD, globalId, localId } from '../setup/server';

// Real server processes over a real database, for the operations tests: PGlite in a data folder
// of its own (seeded by the first start), or a fresh copy of the seeded PostgreSQL template.

export type Deployment = {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** Opens the database directly (PGlite: only while no server holds the folder). */
  open: () => Promise<DbHandle>;
  cleanup: () => Promise<void>;
};

export async function newDeployment(): Promise<Deployment> {
  if (TEST_DB === 'postgres') {
    const db = await freshDatabase();
    return {
      kind: 'postgres',
      env: { DATABASE_URL: db.url!, SEED: 'none' },
      open: () => createDb({ databaseUrl: db.url! }),
      cleanup: () => db.close(),
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-ops-'));
  const dataDir = path.join(dir, 'data');
  // The seeded template, unpacked into a folder of its own.
  const seeded = await createDb({ dataDir, loadDataDir: new Blob([readFileSync(TEMPLATE_DUMP)]) });
  await seeded.close();
  return {
    kind: 'pglite',
    env: { DATA_DIR: dataDir, SEED: 'none' },
    open: () => createDb({ dataDir, command: 'an operations test' }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const start = (deployment: Deployment, env: Record<string, string> = {}): Promise<ServerProcess> =>
  startServerProcess({ ...deployment.env, ...env });

// biome-ignore lint/suspicious/noExplicitAny: test responses are read dynamically.
export async function gql<T = any>(
  url: string,
  query: string,
  variables?: object,
  token?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export async function signIn(url: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await gql(
    url,
    'mutation($i: SignInInput!) { signIn(input: $i) { __typename ... on SignInSuccess { token } ... on Error { message } } }',
    { i: { email, password } },
  );
  const token = res.body.data?.signIn?.token;
  if (!token) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(res.body)}`);
  return token;
}

/** What a link worker can raise against: their children and the £45 family therapy listing. */
export async function raiseTargets(db: DbHandle): Promise<{ childIds: string[]; serviceId: string }> {
  const [lw] = await db.db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.email, ['linkworker@demo.test']));
  const kids = await db.db.query.children.findMany({ where: { linkWorkerId: lw!.id }, orderBy: { id: 'asc' } });
  const [therapy] = await db.db.query.services.findMany({ where: { name: 'Family therapy sessions' } });
  return { childIds: kids.map((c) => globalId('Child', c.id)), serviceId: globalId('Service', therapy!.id) };
}

export const raise = (url: string, token: string, childId: string, serviceId: string, key: string) =>
  gql(
    url,
    raiseMutation,
    { input: { childId, serviceId, units: 1, rationale: 'Operations test raise', idempotencyKey: key } },
    token,
  );

/** Commission ids (database ids) that exist, of those asked about. */
export async function existingCommissions(db: DbHandle, ids: string[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.db
    .select({ id: commissions.id })
    .from(commissions)
    .where(inArray(commissions.id, ids.map(localId)));
  return new Set(rows.map((r) => r.id));
}

export async function reconciles(db: DbHandle): Promise<number> {
  return (await reconcile(db.db)).differences.length;
}

export { children, services };

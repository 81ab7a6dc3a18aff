import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { childBudgets, commissions } from '../../drizzle/schema';
import { freshDatabase } from '../setup/database';
import { budgetOf, freeChildren, raiseMutation, serviceId } from '../setup/money';
import { runScript, startServerProcess } from '../setup/processes';
import { DEMO_PASSWORD, globalId } from '../setup/server';

// PRODUCT.md section 5: the money invariants hold across several API processes sharing one
// PostgreSQL, because the database enforces them. Two real server processes, one budget.

let db: DbHandle & { url?: string };
let servers: { url: string; logs: () => string; stop: () => Promise<void> }[];
let token: string;

beforeAll(async () => {
  db = await freshDatabase();
  servers = await Promise.all([0, 1].map(() => startServerProcess({ DATABASE_URL: db.url!, SEED: 'none' })));
  const res = await fetch(`${servers[0]!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($i: SignInInput!) { signIn(input: $i) { ... on SignInSuccess { token } } }',
      variables: { i: { email: 'linkworker@demo.test', password: DEMO_PASSWORD } },
    }),
  }).then((r) => r.json());
  token = res.data.signIn.token;
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await db.close();
});

const raise = (server: number, input: Record<string, unknown>) =>
  fetch(`${servers[server % 2]!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: raiseMutation, variables: { input } }),
  }).then(
    (r) =>
      r.json() as Promise<{
        data: { raiseCommission: { __typename: string; commission?: { id: string } } };
        errors?: unknown;
      }>,
  );

describe('two API processes, one PostgreSQL', () => {
  it('200 simultaneous raises for one child: exactly as many succeed as the budget allows', async () => {
    const [child] = await freeChildren(db.db, 'linkworker@demo.test');
    const therapy = await serviceId(db.db, 'Family therapy sessions'); // £45 a unit
    const before = await budgetOf(db.db, child!.id);
    const available = before.allocatedPence - before.reservedPence - before.spentPence;
    const fits = Math.floor(available / 4500);

    const attempts = 200;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        raise(i, {
          childId: globalId('Child', child!.id),
          serviceId: globalId('Service', therapy),
          units: 1,
          rationale: 'Concurrency test raise',
          idempotencyKey: `race-${i}-of-200`,
        }),
      ),
    );
    const ms = Math.round(performance.now() - started);
    const types = results.map((r) => r.data?.raiseCommission?.__typename ?? JSON.stringify(r.errors));
    const succeeded = types.filter((t) => t === 'RaiseCommissionSuccess').length;
    const refused = types.filter((t) => t === 'InsufficientBudgetError').length;
    console.log(
      `concurrency: ${attempts} raises over 2 processes in ${ms} ms; ${succeeded} succeeded (budget fits ${fits}), ${refused} InsufficientBudgetError`,
    );

    expect(succeeded).toBe(fits);
    expect(refused).toBe(attempts - fits);
    const after = await budgetOf(db.db, child!.id);
    expect(after.reservedPence).toBe(before.reservedPence + fits * 4500);
    expect(after.reservedPence + after.spentPence).toBeLessThanOrEqual(after.allocatedPence);
    expect(
      await db.db.$count(
        childBudgets,
        sql`${childBudgets.reservedPence} + ${childBudgets.spentPence} > ${childBudgets.allocatedPence}`,
      ),
    ).toBe(0);

    const reconciled = await runScript('server/cli/reconcile.ts', { DATABASE_URL: db.url! });
    expect(reconciled.output).toMatch(/No differences/);
    expect(reconciled.code).toBe(0);
  }, 120_000);

  it('50 simultaneous retries of one idempotency key across both processes create exactly one commission', async () => {
    const [, child] = await freeChildren(db.db, 'linkworker@demo.test');
    const therapy = await serviceId(db.db, 'Family therapy sessions');
    const input = {
      childId: globalId('Child', child!.id),
      serviceId: globalId('Service', therapy),
      units: 2,
      rationale: 'One retried request',
      idempotencyKey: 'retried-key-0001',
    };
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => raise(i, input)));
    console.log(`idempotency: 50 retries of one key over 2 processes in ${Math.round(performance.now() - started)} ms`);
    if (results.some((r) => r.errors))
      console.log(
        servers
          .map((s) => s.logs())
          .join('\n')
          .slice(-3000),
      );
    const ids = new Set(results.map((r) => r.data.raiseCommission.commission?.id ?? r.data.raiseCommission.__typename));
    expect([...ids]).toHaveLength(1);
    expect(await db.db.$count(commissions, eq(commissions.childId, child!.id))).toBe(1);
    expect((await budgetOf(db.db, child!.id)).reservedPence).toBe(9000);
  }, 120_000);
});

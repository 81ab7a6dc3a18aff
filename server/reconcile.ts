import { createDb } from '../drizzle/client';
import { reconcile } from '../schema/domain/reconcile';
import { loadEnv } from './env';

// `npm run reconcile`: proves every figure equals what the ledger says; exits 1 on any difference.
const env = loadEnv();
const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR });
const result = await reconcile(handle.db);
await handle.close();
console.log(
  `Reconciled ${result.budgets} child budgets, ${result.pots} funding pots and ${result.commissions} commissions against ${result.ledgerEntries} ledger entries.`,
);
if (result.differences.length > 0) {
  console.error(`${result.differences.length} difference(s):`);
  for (const d of result.differences)
    console.error(`  ${d.kind} ${d.id} ${d.field}: stored ${d.stored}, ledger ${d.ledger}`);
  process.exit(1);
}
console.log('No differences.');

import { type Reconciliation, reconcile } from '../../schema/domain/reconcile';
import { loadEnv } from '../env';
import { commandLine } from './args';
import { askServer, openDatabase, runningServer } from './common';

// `npm run reconcile`: proves every figure equals what the ledger says; exits 1 on any difference.
// With PGlite and the server running, the server does it (it holds the only copy that is current).
commandLine('Usage: npm run reconcile', {
  about: 'Checks every child budget, funding pot and commission against the ledger; exits 1 on any difference.',
});
const env = loadEnv();
const server = runningServer(env);
let result: Reconciliation;
if (server) {
  console.log(`The server (process ${server.pid}) holds the data: asking it to reconcile.`);
  result = (await (await askServer(server, '/ops/reconcile')).json()) as Reconciliation;
} else {
  const handle = await openDatabase(env, 'npm run reconcile', { existing: true });
  try {
    result = await reconcile(handle.db);
  } finally {
    await handle.close();
  }
}
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

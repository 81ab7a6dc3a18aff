import './node20';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

// The benchmark's peer: PostGraphile v5 over the same database, serving the portal's search as
// the functions in search.sql (installed here, in the schema bench_peer). Started by
// tests/bench/scale.ts, which reads the URL it prints on its first line. JIT off on its
// connections, as on the portal's. Usage: DATABASE_URL=... tsx bench/postgraphile/server.ts

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('Set DATABASE_URL to the PostgreSQL database to serve');

const install = new pg.Client({ connectionString: databaseUrl });
await install.connect();
await install.query(readFileSync(new URL('./search.sql', import.meta.url), 'utf8'));
await install.end();

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, options: '-c jit=off' });
const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: ['public', 'bench_peer'] })],
  grafserv: { graphqlPath: '/graphql' },
});
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`http://127.0.0.1:${port}/graphql`);
});
const stop = async () => {
  server.close();
  await pgl.release();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

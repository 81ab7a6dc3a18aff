import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { postJson } from './measure';

// The benchmark's third contender: PostGraphile v5 (bench/postgraphile, its own dependencies)
// serving the same search as SQL functions, on the same PostgreSQL database. Started here as a
// child process when installed; null (with the reason) otherwise.

const FOLDER = new URL('../../bench/postgraphile/', import.meta.url);
const QUERY = `query($q: String, $cats: [String], $age: Int, $modes: [DeliveryMode], $max: Int, $comm: Boolean,
  $lat: Float, $lng: Float, $km: Float) {
  benchPeerSearchServices(q: $q, categorySlugs: $cats, age: $age, deliveryModes: $modes, maxUnitPricePence: $max,
    commissionableOnly: $comm, latitude: $lat, longitude: $lng, withinKm: $km, first: 20) {
    nodes { id name unitPricePence distanceKm(latitude: $lat, longitude: $lng)
      organisationByOrganisationId { name }
      serviceCategoriesByServiceId { nodes { categoryByCategoryId { name } } }
      serviceLocationsByServiceId { nodes { postcode } } } }
  benchPeerCountServices(q: $q, categorySlugs: $cats, age: $age, deliveryModes: $modes, maxUnitPricePence: $max,
    commissionableOnly: $comm, latitude: $lat, longitude: $lng, withinKm: $km) }`;

type Filter = {
  text?: string;
  categorySlugs?: string[];
  age?: number;
  deliveryModes?: string[];
  maxUnitPricePence?: number;
  commissionableOnly?: boolean;
  near?: { latitude: number; longitude: number };
  withinKm?: number;
};

/** The portal's ServiceFilter as the peer's function arguments. */
const variables = (f: Filter) => ({
  q: f.text,
  cats: f.categorySlugs,
  age: f.age,
  modes: f.deliveryModes,
  max: f.maxUnitPricePence,
  comm: f.commissionableOnly,
  lat: f.near?.latitude,
  lng: f.near?.longitude,
  km: f.withinKm,
});

export type Peer = { search: (filter: Filter) => Promise<{ names: string[]; total: number }>; stop: () => void };

export async function startPeer(databaseUrl: string | undefined): Promise<Peer | string> {
  if (!databaseUrl) return 'PostGraphile needs PostgreSQL (set DATABASE_URL)';
  if (process.env.BENCH_PEER === 'off') return 'left out (BENCH_PEER=off)';
  if (!existsSync(new URL('node_modules/postgraphile', FOLDER)))
    return 'PostGraphile not installed: npm ci --prefix bench/postgraphile';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', new URL('server.ts', FOLDER).pathname], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => line.startsWith('http') && resolve(line.trim()));
    child.on('exit', (code) => reject(new Error(`PostGraphile exited with ${code}`)));
  });
  return {
    async search(filter: Filter) {
      const res = await postJson(url, JSON.stringify({ query: QUERY, variables: variables(filter) }));
      const body = JSON.parse(res.text) as {
        data?: { benchPeerSearchServices: { nodes: { name: string }[] }; benchPeerCountServices: number };
        errors?: unknown;
      };
      if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
      return {
        names: body.data.benchPeerSearchServices.nodes.map((n) => n.name),
        total: body.data.benchPeerCountServices,
      };
    },
    stop: () => child.kill('SIGTERM'),
  };
}

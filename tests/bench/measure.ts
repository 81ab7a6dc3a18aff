import { Agent, request } from 'node:http';

// What every bench shares: percentiles, and the HTTP client that asks the contenders.

/** The p-th percentile (0 to 1) of values already sorted ascending. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** Sorts a copy and takes its p-th percentile. */
export const percentileOf = (values: readonly number[], p: number): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );

export type Answer = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

// One keep-alive connection per contender, through node:http: the bench's own cost per request
// stays small and the same for every contender. Node 20's fetch (undici) cost this process about
// 3 ms more a request than node:http on the same server (a page of 20, 2026-12-01), which the
// portal and the peer paid and the raw contender did not.
const agents = new Map<string, Agent>();

/**
 * POSTs a JSON body to a URL over kept-alive connections (`sockets` of them to that host, for
 * requests in flight at once); resolves with the status and text.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  sockets = 1,
): Promise<Answer> {
  const target = new URL(url);
  const key = `${target.host} ${sockets}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: sockets });
    agents.set(key, agent);
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Closes the kept-alive connections so the process can exit. */
export function closeConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

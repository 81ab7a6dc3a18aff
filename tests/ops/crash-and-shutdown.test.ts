import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Deployment,
  existingCommissions,
  newDeployment,
  raise,
  raiseTargets,
  reconciles,
  signIn,
  start,
} from './harness';

// ISSUE 8, points 3 and 8, on the real entry point: kill -9 under load loses no acknowledged
// write; SIGTERM answers every request in flight, then exits 0.

let deployment: Deployment;
let targets: { childIds: string[]; serviceId: string };

beforeAll(async () => {
  deployment = await newDeployment();
  const db = await deployment.open();
  targets = await raiseTargets(db);
  await db.close();
}, 120_000);
afterAll(() => deployment.cleanup());

describe(`server process on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('kill -9 in the middle of money mutations: every acknowledged commission survives and the ledger reconciles', async () => {
    const server = await start(deployment);
    const token = await signIn(server.url, 'linkworker@demo.test');
    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    // Eight clients raising one unit each, round the caseload, until the server dies.
    const client = async (n: number) => {
      while (!killed) {
        const i = sent++;
        try {
          const res = await raise(
            server.url,
            token,
            targets.childIds[i % targets.childIds.length]!,
            targets.serviceId,
            `crash-${n}-${i}`,
          );
          const id = res.body.data?.raiseCommission?.commission?.id;
          if (id) acknowledged.push(id);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, n) => client(n));
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    killed = true;
    await server.exited;
    await Promise.all(clients);
    console.log(`crash: ${sent} raises sent, ${acknowledged.length} acknowledged before kill -9`);

    // It starts again on the same data (PGlite: the dead holder's lock is recovered).
    const again = await start(deployment);
    const ready = await fetch(`${again.url}/readyz`);
    expect(ready.status).toBe(200);
    await again.stop();
    expect(await again.exited).toBe(0);

    const db = await deployment.open();
    try {
      const found = await existingCommissions(db, acknowledged);
      console.log(`crash: ${found.size} of ${acknowledged.length} acknowledged commissions found after restart`);
      expect(found.size).toBe(acknowledged.length);
      expect(await reconciles(db)).toBe(0);
    } finally {
      await db.close();
    }
  }, 240_000);

  it('SIGTERM with 20 requests in flight: all 20 answered, then exit 0', async () => {
    const server = await start(deployment, { SHUTDOWN_GRACE_MS: '20000' });
    const token = await signIn(server.url, 'commissioner@demo.test');
    // Each request sends its headers and half its body, and the rest only after the signal: in
    // flight for certain, like a client on a slow connection.
    const body = JSON.stringify({ query: 'query { services(first: 100) { totalCount edges { node { id name } } } }' });
    const finishers: (() => void)[] = [];
    const inFlight = Array.from({ length: 20 }, () => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body.slice(0, 20)));
          finishers.push(() => {
            controller.enqueue(new TextEncoder().encode(body.slice(20)));
            controller.close();
          });
        },
      });
      return fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: stream,
        duplex: 'half',
      } as RequestInit).then(
        (r) => r.status,
        (e: Error) => `failed: ${e.message}`,
      );
    });
    // Signal once the server has all 20 (its own gauge; the scrape itself is one more).
    for (let seen = 0; seen < 21; ) {
      const text = await fetch(`${server.url}/metrics`).then((r) => r.text());
      seen = Number(/^portal_http_requests_in_flight (\d+)/m.exec(text)?.[1] ?? 0);
    }
    // Twice, as a process-group kill through `npm run` and `tsx` delivers it: the server gets its
    // own signal and the ones its wrappers pass on.
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    for (const finish of finishers) finish();
    const statuses = await Promise.all(inFlight);
    const code = await server.exited;
    console.log(
      `shutdown: ${statuses.filter((s) => s === 200).length} of 20 in-flight requests answered; exit ${code}`,
    );
    expect(statuses).toEqual(Array(20).fill(200));
    expect(code).toBe(0);
    expect(server.logs()).toMatch(/stopped/);
    // Refused once stopped.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  }, 120_000);

  it('SIGTERM just after 40 raises were sent: readiness says 503 while all 40 are answered, none reset', async () => {
    // Audit 39 F2: the listener closed at once and the idle-looking connections whose requests
    // the server had not yet read were reset (36 of 40). Now it drains first. A long drain here: on
    // a busy test machine a readiness check begun before the signal can take a second to answer,
    // and at a load average of 10 the 40 raises outlasted a 5 s drain (the listener closed first).
    const server = await start(deployment, { SHUTDOWN_DRAIN_MS: '15000', SHUTDOWN_GRACE_MS: '60000' });
    const token = await signIn(server.url, 'linkworker@demo.test');
    const sent = Array.from({ length: 40 }, (_, i) =>
      raise(server.url, token, targets.childIds[i % targets.childIds.length]!, targets.serviceId, `drain-${i}`).then(
        (r) => (r.body.data?.raiseCommission ? 'answered' : `status ${r.status}`),
        (e: Error) => `failed: ${e.message} ${String((e as { cause?: unknown }).cause)}`,
      ),
    );
    await new Promise((r) => setTimeout(r, 30));
    server.child.kill('SIGTERM');
    // Readiness turns 503 once the signal is handled (the server may be busy with the raises).
    // Each check on a new connection: a kept-alive one may be closed as shutdown begins.
    const readyz = () => fetch(`${server.url}/readyz`, { headers: { connection: 'close' } });
    let ready = await readyz();
    while (ready.status === 200) {
      await new Promise((r) => setTimeout(r, 50));
      ready = await readyz();
    }
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, reason: 'shutting down' });
    const got = await Promise.all(sent);
    expect(got).toEqual(Array(40).fill('answered'));
    expect(await server.exited).toBe(0);
    // The 503s were expected: logged at info (30), not as failed requests at error (50).
    const readyz503 = server
      .logs()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.path === '/readyz' && l.status === 503);
    expect(readyz503.length).toBeGreaterThan(0);
    expect(readyz503.map((l) => [l.level, l.msg])).toEqual(readyz503.map(() => [30, 'request']));
  }, 120_000);
});

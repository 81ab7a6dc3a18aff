import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP relay in front of a PostgreSQL server that a test can break: `cut` refuses new connections
 * and drops those open (the database gone), `hang` keeps them open but passes nothing (the database
 * hung), `restore` undoes either. `url` is the database URL with the relay's address.
 */
export async function startTcpRelay(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let open = true;
  let hung = false;
  const relay = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => hung || upstream.write(chunk));
    upstream.on('data', (chunk) => hung || client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${(relay.address() as { port: number }).port}`;
  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  return {
    url: url.toString(),
    cut: () => {
      open = false;
      dropAll();
    },
    hang: () => {
      hung = true;
    },
    restore: () => {
      open = true;
      hung = false;
    },
    close: () => {
      dropAll();
      relay.close();
    },
  };
}
